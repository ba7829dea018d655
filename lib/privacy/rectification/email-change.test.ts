// Changing the sign-in email: a link to the new address, a notice to the old one, nothing changes
// until the link's button is pressed; an expired, replaced or used link changes nothing.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { whoIsAt } from "@/lib/auth/people";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { decryptWith, existingDataKey } from "@/lib/crypto/keys";
import { isAppError, type AppError } from "@/lib/errors";
import { getSettings } from "@/lib/settings";
import { uniqueEmail } from "@/test/factories";
import { confirmEmailChange } from "./confirm-email-change";
import { requestEmailChange } from "./request-email-change";
import { impersonationActor, personWithLogin, snapshot, syncJobs, tasksByKind } from "./test-support";

const link = systemActor("email-change-link");

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

/** The raw token, as only the new address's mailbox has it. */
async function tokenSentTo(address: string): Promise<string> {
  const mail = await db.emailMessage.findFirstOrThrow({
    where: { to: address, kind: "emailChangeConfirm" },
    orderBy: { createdAt: "desc" },
  });
  const m = /\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text);
  if (!m) throw new Error("no link in the email");
  return m[1]!;
}

describe("requesting an email change", () => {
  it("sends a link to the new address and a notice to the old one; nothing changes yet", async () => {
    const { person, actor } = await personWithLogin({ language: "en" });
    const newEmail = uniqueEmail("new");
    const before = await snapshot(person.id);
    const r = await requestEmailChange(actor, { newEmail: newEmail.toUpperCase() });

    const change = await db.emailChange.findUniqueOrThrow({ where: { id: r.emailChangeId } });
    expect(change.newEmail).toBe(newEmail);
    const settings = await getSettings();
    expect(change.expiresAt.getTime() - change.createdAt.getTime()).toBe(
      settings.linkLifetimeMinutes * 60_000,
    );
    const token = await tokenSentTo(newEmail);
    // Only the keyed hash is stored.
    expect(change.tokenHash).not.toContain(token);
    const notice = await db.emailMessage.findFirstOrThrow({
      where: { to: person.email, kind: "emailChangedNotice" },
    });
    expect(notice.text).toContain(newEmail);
    expect(notice.subject).toMatch(/being changed/);

    const after = await snapshot(person.id);
    expect(after.person).toEqual(before.person);
    expect(after.users).toEqual(before.users);
    expect(after.changes).toBe(0);
    expect(after.jobs).toBe(0);
  });

  it("needs a recent sign-in (step-up)", async () => {
    const { person, actor } = await personWithLogin({ signedInMinutesAgo: 30 });
    const before = await snapshot(person.id);
    expect((await refusal(requestEmailChange(actor, { newEmail: uniqueEmail() }))).code).toBe(
      "step_up_required",
    );
    expect(await snapshot(person.id)).toEqual(before);
  });

  it("refuses an address another person uses, without saying whose, and the same address", async () => {
    const { person, actor } = await personWithLogin();
    const other = await personWithLogin();
    const taken = await refusal(requestEmailChange(actor, { newEmail: other.person.email }));
    expect([taken.code, taken.detail]).toEqual(["invalid_input", { newEmail: "email_taken" }]);
    const same = await refusal(requestEmailChange(actor, { newEmail: person.email }));
    expect(same.detail).toEqual({ newEmail: "email_same" });
    const bad = await refusal(requestEmailChange(actor, { newEmail: "not-an-address" }));
    expect(bad.detail).toEqual({ newEmail: "email_invalid" });
    expect(await db.emailChange.count({ where: { personId: person.id } })).toBe(0);
  });

  it("is refused to impersonating staff (policy)", async () => {
    const { person } = await personWithLogin();
    const imp = await impersonationActor(person.id);
    expect((await refusal(requestEmailChange(imp, { newEmail: uniqueEmail() }))).code).toBe("forbidden");
    expect(await db.emailChange.count({ where: { personId: person.id } })).toBe(0);
  });
});

describe("confirming with the link's button", () => {
  it("changes the person's email and the sign-in identity in one go, with history, audit and sync", async () => {
    const { person, user, actor } = await personWithLogin();
    const oldEmail = person.email;
    const newEmail = uniqueEmail("moved");
    await requestEmailChange(actor, { newEmail });
    const token = await tokenSentTo(newEmail);

    expect(await confirmEmailChange(link, token)).toEqual({ status: "confirmed" });
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(newEmail);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(newEmail);
    // Sign-in now finds the person under the new address only.
    expect((await whoIsAt(newEmail)).person?.id).toBe(person.id);
    expect((await whoIsAt(oldEmail)).person).toBeNull();

    const entry = await db.changeEntry.findFirstOrThrow({ where: { personId: person.id, field: "email" } });
    const key = await existingDataKey(db, person.id);
    expect([decryptWith(key, entry.oldEnc), decryptWith(key, entry.newEnc), entry.actorType]).toEqual([
      oldEmail,
      newEmail,
      "person",
    ]);
    expect(
      await db.fieldSource.count({
        where: { personId: person.id, field: "email", portalUpdatedAt: { not: null } },
      }),
    ).toBe(1);
    expect(
      await db.auditEntry.count({ where: { personId: person.id, action: "email.change_confirmed" } }),
    ).toBe(1);
    expect(await syncJobs(person.id)).toBe(1);
    expect(await tasksByKind(person.id)).toEqual({
      correction_instruction: ["m365", "wix"],
      correction_notice: ["paypal", "transport"],
    });

    // Pressing again changes nothing more.
    expect(await confirmEmailChange(link, token)).toEqual({ status: "already_confirmed" });
    expect(await db.changeEntry.count({ where: { personId: person.id } })).toBe(1);
    expect(await syncJobs(person.id)).toBe(1);
  });

  it("an expired link changes nothing: the old address still signs in", async () => {
    const { person, user, actor } = await personWithLogin();
    const newEmail = uniqueEmail("late");
    const { emailChangeId } = await requestEmailChange(actor, { newEmail });
    const token = await tokenSentTo(newEmail);
    await db.emailChange.update({
      where: { id: emailChangeId },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    const before = await snapshot(person.id);

    expect((await refusal(confirmEmailChange(link, token))).code).toBe("expired");
    expect(await snapshot(person.id)).toEqual(before);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).email).toBe(person.email);
    expect((await whoIsAt(person.email)).person?.id).toBe(person.id);
    expect((await whoIsAt(newEmail)).person).toBeNull();
    expect((await db.emailChange.findUniqueOrThrow({ where: { id: emailChangeId } })).confirmedAt).toBeNull();
  });

  it("a newer request replaces the older link", async () => {
    const { person, actor } = await personWithLogin();
    const first = uniqueEmail("first");
    const second = uniqueEmail("second");
    await requestEmailChange(actor, { newEmail: first });
    const firstToken = await tokenSentTo(first);
    await requestEmailChange(actor, { newEmail: second });
    expect((await refusal(confirmEmailChange(link, firstToken))).code).toBe("expired");
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(person.email);
    await confirmEmailChange(link, await tokenSentTo(second));
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(second);
  });

  it("an address taken by someone else in the meantime is refused and nothing changes", async () => {
    const { person, actor } = await personWithLogin();
    const newEmail = uniqueEmail("race");
    await requestEmailChange(actor, { newEmail });
    const token = await tokenSentTo(newEmail);
    await db.person.create({ data: { email: newEmail, firstName: "Other" } });
    const before = await snapshot(person.id);
    expect((await refusal(confirmEmailChange(link, token))).code).toBe("conflict");
    expect(await snapshot(person.id)).toEqual(before);
  });

  it("an unknown or malformed token changes nothing, and only the link's page may confirm", async () => {
    const { actor } = await personWithLogin();
    expect((await refusal(confirmEmailChange(link, "a".repeat(43)))).code).toBe("not_found");
    expect((await refusal(confirmEmailChange(link, "../../etc"))).code).toBe("invalid_input");
    expect((await refusal(confirmEmailChange(actor, "a".repeat(43)))).code).toBe("forbidden");
  });

  it("attacker and victim: the attacker cannot move the victim's address, nor take it", async () => {
    const victim = await personWithLogin();
    const attacker = await personWithLogin();
    const before = await snapshot(victim.person.id);
    // Asking for the victim's address is refused; the victim gets no email about it.
    const err = await refusal(requestEmailChange(attacker.actor, { newEmail: victim.person.email }));
    expect(err.detail).toEqual({ newEmail: "email_taken" });
    // An id in the input is ignored: the request is the attacker's own.
    const attackerNew = uniqueEmail("attacker");
    await requestEmailChange(attacker.actor, { newEmail: attackerNew, personId: victim.person.id });
    await confirmEmailChange(link, await tokenSentTo(attackerNew));
    expect(await snapshot(victim.person.id)).toEqual(before);
    expect(await db.emailMessage.count({ where: { to: victim.person.email } })).toBe(0);
  });
});
