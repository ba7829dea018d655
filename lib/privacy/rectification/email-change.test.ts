// Changing the sign-in email: a link to the new address, a notice to the old one, nothing changes
// until the link's button is pressed; an expired, replaced or used link changes nothing.
import { describe, expect, it } from "vitest";
import { withPartnerConnected } from "@/test/newsletter-partner";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { whoIsAt } from "@/lib/auth/people";
import { addressesOf } from "@/lib/erasure/addresses";
import { decryptWith, existingDataKey } from "@/lib/crypto/keys";
import { getSettings } from "@/lib/settings";
import { uniqueEmail } from "@/test/factories";
import { confirmEmailChange } from "./confirm-email-change";
import { addressTaken, EMAIL_CHANGE_LIMIT, requestEmailChange } from "./request-email-change";
import {
  impersonationActor,
  personWithLogin,
  snapshot,
  staffMember,
  syncJobs,
  tasksByKind,
  refusal,
  withDataMap,
} from "../../../test/rectification-support";

// The newsletter partner is connected unless a test says otherwise.
withPartnerConnected();

const link = systemActor("email-change-link");

withDataMap();

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
    await requestEmailChange(actor, { newEmail: newEmail.toUpperCase() });

    const change = await db.emailChange.findFirstOrThrow({ where: { personId: person.id } });
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

  // Before, an address in use was refused as "already used by another account" (an oracle for who
  // holds an account, staff included), and it was found with ILIKE, so `_` matched any character.
  it("answers alike for an address someone else uses: its mailbox is told it cannot be used, nothing changes", async () => {
    const { person, actor } = await personWithLogin({ language: "en" });
    const other = await personWithLogin();
    const staff = await staffMember();
    const free = uniqueEmail("free");
    const answers = [];
    for (const address of [other.person.email, staff.email.toUpperCase(), free])
      answers.push(Object.keys(await requestEmailChange(actor, { newEmail: address })));
    expect(new Set(answers.map((a) => JSON.stringify(a))).size).toBe(1);
    // Each is stored alike (the page shows each as waiting), but only the free address got a link.
    const changes = await db.emailChange.findMany({ where: { personId: person.id } });
    expect(changes.map((c) => c.newEmail).sort()).toEqual([other.person.email, staff.email, free].sort());
    await tokenSentTo(free);
    for (const taken of [other.person.email, staff.email]) {
      const mails = await db.emailMessage.findMany({ where: { to: taken } });
      expect(mails.map((m) => m.kind)).toEqual(["emailChangeUnavailable"]);
      expect(mails[0]!.text).toMatch(/cannot be used/);
      expect(mails[0]!.text).not.toMatch(/confirm-email|token=|https?:\/\//);
      expect(mails[0]!.text).not.toContain(person.email);
    }
    // The old address is told of each request alike.
    expect(await db.emailMessage.count({ where: { to: person.email, kind: "emailChangedNotice" } })).toBe(3);
    expect((await db.person.findUniqueOrThrow({ where: { id: other.person.id } })).email).toBe(
      other.person.email,
    );
    // Success twin: the free address's link changes the person's address.
    expect(await confirmEmailChange(link, await tokenSentTo(free))).toEqual({ status: "confirmed" });
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(free);
  });

  it("a request for someone else's address does not make it the person's: erasure would leave it alone", async () => {
    const { person, actor } = await personWithLogin();
    const staff = await staffMember();
    const free = uniqueEmail("mine");
    await requestEmailChange(actor, { newEmail: staff.email });
    await requestEmailChange(actor, { newEmail: free });
    const addresses = await db.$transaction((tx) => addressesOf(tx, person.id));
    expect(addresses?.others).toEqual([free]);
  });

  it("compares addresses exactly: a pattern matches no one", async () => {
    const { person } = await personWithLogin();
    const other = await personWithLogin();
    const [local, domain] = other.person.email.split("@") as [string, string];
    const patterns = [`${"_".repeat(local.length)}@${domain}`, `${local.slice(0, 3)}%@${domain}`];
    for (const p of patterns)
      expect(await db.$transaction((tx) => addressTaken(tx, p, person.id)), p).toBe(false);
    // Success twin: the address itself, in any case, is taken.
    expect(await db.$transaction((tx) => addressTaken(tx, other.person.email.toUpperCase(), person.id))).toBe(
      true,
    );
  });

  it("limits the requests before looking at the address, taken or not", async () => {
    const { person, actor } = await personWithLogin();
    const other = await personWithLogin();
    for (let i = 0; i < EMAIL_CHANGE_LIMIT; i++)
      await requestEmailChange(actor, { newEmail: i % 2 ? other.person.email : uniqueEmail("try") });
    for (const address of [other.person.email, uniqueEmail("late")])
      expect((await refusal(requestEmailChange(actor, { newEmail: address }))).code).toBe("rate_limited");
    expect(await db.emailMessage.count({ where: { to: other.person.email } })).toBe(
      Math.floor(EMAIL_CHANGE_LIMIT / 2),
    );
    expect(await db.emailMessage.count({ where: { to: person.email } })).toBe(EMAIL_CHANGE_LIMIT);
  });

  it("refuses the person's own address and a malformed one", async () => {
    const { person, actor } = await personWithLogin();
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
    await requestEmailChange(actor, { newEmail });
    const token = await tokenSentTo(newEmail);
    const { id: emailChangeId } = await db.emailChange.findFirstOrThrow({ where: { personId: person.id } });
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
    // Asking for the victim's address gets the usual answer; the victim's mailbox is only told that the
    // address cannot be used, with no link.
    await requestEmailChange(attacker.actor, { newEmail: victim.person.email });
    expect(
      (await db.emailMessage.findMany({ where: { to: victim.person.email } })).map((m) => m.kind),
    ).toEqual(["emailChangeUnavailable"]);
    // An id in the input is ignored: the request is the attacker's own.
    const attackerNew = uniqueEmail("attacker");
    await requestEmailChange(attacker.actor, { newEmail: attackerNew, personId: victim.person.id });
    await confirmEmailChange(link, await tokenSentTo(attackerNew));
    expect(await snapshot(victim.person.id)).toEqual(before);
    expect(await db.emailMessage.count({ where: { to: victim.person.email } })).toBe(1);
  });
});
