// The two-way sync against the fake Resend API (the real SDK code path). The queue's retries are
// emulated by calling the handler in a loop, as the worker would.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { startFakeResend, type FakeResend } from "../../e2e/fake-resend";
import { makePerson } from "../../test/factories";
import { seedDataMap } from "../datamap/policy-map";
import { systemActor, type StaffActor } from "../auth/actor";
import { encryptForPerson } from "../crypto/keys";
import { oneClickUnsubscribe } from "../consent/one-click-unsubscribe";
import { savePreferences } from "../consent/save-preferences";
import { HANDLERS } from "../jobs/handlers";
import { syncNewsletterContact } from "./sync";
import { listStuckSyncs } from "./stuck-syncs";
import { unsubscribeToken } from "./unsubscribe-token";

let fake: FakeResend;
const saved = { ...process.env };
const staff: StaffActor = {
  kind: "staff",
  sessionId: "s",
  userId: "u",
  signedInAt: new Date(),
  staffMemberId: "st",
  role: "staff",
  name: "S",
};

beforeAll(async () => {
  fake = await startFakeResend(0);
  process.env.RESEND_BASE_URL = fake.url;
  process.env.RESEND_API_KEY = "re_test_sync";
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});
afterAll(async () => {
  await fake.close();
  process.env = saved;
});

const contact = (email: string) => [...fake.contacts.values()].find((c) => c.email === email.toLowerCase());
const syncRow = (personId: string) =>
  db.partnerSync.findUniqueOrThrow({ where: { personId_connector: { personId, connector: "newsletter" } } });

async function subscribedPerson(firstName = "Sofia") {
  const p = await makePerson({ firstName });
  await db.consentState.create({
    data: { personId: p.id, channel: "email", topic: "news", status: "given", legalBasis: "consent" },
  });
  return p;
}

async function failNext(count: number) {
  await fetch(`${fake.url}/_test/fail`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ count }),
  });
}

/** What the queue does: run the job until it stops throwing (or give up). */
async function runWithRetries(personId: string, max = 8) {
  const errors: string[] = [];
  for (let i = 0; i < max; i++) {
    try {
      return { result: await HANDLERS["newsletter.sync"]!({ personId }), errors };
    } catch (err) {
      errors.push((err as Error).name);
    }
  }
  throw new Error(`gave up after ${max} attempts`);
}

describe("newsletter.sync", () => {
  it("is retried while the partner fails, is visible as stuck meanwhile, and ends matching the portal", async () => {
    const p = await subscribedPerson();
    await failNext(3);
    for (let i = 1; i <= 3; i++) {
      await expect(syncNewsletterContact(p.id)).rejects.toThrow(/newsletter partner/);
      const row = await syncRow(p.id);
      expect(row.attempts).toBe(i);
      expect(row.lastError).toBe("internal_server_error");
      expect(row.pendingSince).not.toBeNull();
      expect(row.syncedAt).toBeNull();
    }
    const stuck = await listStuckSyncs(staff);
    expect(stuck.find((s) => s.personId === p.id)).toMatchObject({
      attempts: 3,
      lastError: "internal_server_error",
    });
    expect(contact(p.email)).toBeUndefined();

    expect(await syncNewsletterContact(p.id)).toBe("synced");
    expect(contact(p.email)).toMatchObject({ email: p.email, first_name: "Sofia", unsubscribed: false });
    const row = await syncRow(p.id);
    expect(row).toMatchObject({ attempts: 0, lastError: null, pendingSince: null });
    expect(row.syncedAt).not.toBeNull();
    expect((await listStuckSyncs(staff)).some((s) => s.personId === p.id)).toBe(false);
    expect(await db.auditEntry.count({ where: { personId: p.id, action: "newsletter.synced" } })).toBe(1);
  });

  it("the registered handler, retried as the queue would, converges after three failures", async () => {
    const p = await subscribedPerson("Nils");
    await failNext(3);
    const { result, errors } = await runWithRetries(p.id);
    expect(errors).toEqual(["PartnerError", "PartnerError", "PartnerError"]);
    expect(result).toBe("synced");
    expect(contact(p.email)).toMatchObject({ first_name: "Nils", unsubscribed: false });
  });

  it("reads the current state from the database: a withdrawal and a new first name both reach the partner", async () => {
    const p = await subscribedPerson("Greta");
    await syncNewsletterContact(p.id);
    // Withdrawn by one click: the change enqueues its own job with the person's id only.
    await oneClickUnsubscribe(systemActor("one-click"), unsubscribeToken(p.id));
    const jobs = await db.$queryRaw<{ data: unknown }[]>`
      SELECT data FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${p.id}`;
    expect(jobs.map((j) => j.data)).toEqual([{ personId: p.id }]);
    expect((await syncRow(p.id)).pendingSince).not.toBeNull();
    // Another area renames the person and enqueues the same job.
    await db.person.update({ where: { id: p.id }, data: { firstName: "Margareta" } });
    await syncNewsletterContact(p.id);
    expect(contact(p.email)).toMatchObject({ first_name: "Margareta", unsubscribed: true });
  });

  it("shares nothing about someone who never subscribed", async () => {
    const p = await makePerson();
    await savePreferences(
      { kind: "person", personId: p.id, sessionId: "s", userId: "u", signedInAt: new Date() },
      { wanted: [{ channel: "sms", topic: "news" }] },
    );
    expect(await syncNewsletterContact(p.id)).toBe("synced");
    expect(contact(p.email)).toBeUndefined();
    expect((await syncRow(p.id)).pendingSince).toBeNull();
  });

  it("skips a person under restriction and records why", async () => {
    const p = await subscribedPerson("Rut");
    await syncNewsletterContact(p.id);
    await db.consentState.update({
      where: { personId_channel_topic: { personId: p.id, channel: "email", topic: "news" } },
      data: { status: "withdrawn" },
    });
    await db.person.update({ where: { id: p.id }, data: { restrictedAt: new Date(), firstName: "Ruth" } });
    expect(await syncNewsletterContact(p.id)).toBe("skipped_restricted");
    // Nothing went to the partner.
    expect(contact(p.email)).toMatchObject({ first_name: "Rut", unsubscribed: false });
    const row = await syncRow(p.id);
    expect(row.lastError).toBe("restricted");
    expect(row.pendingSince).not.toBeNull();
    expect(
      (await listStuckSyncs(staff, { olderThanMinutes: 60 })).find((s) => s.personId === p.id)?.lastError,
    ).toBe("restricted");
  });

  it("after an email change, the contact under the old address is removed and the new one created", async () => {
    const p = await subscribedPerson("Elsa");
    await syncNewsletterContact(p.id);
    const oldEmail = p.email;
    const newEmail = `new-${p.email}`;
    await db.$transaction(async (tx) => {
      await tx.person.update({ where: { id: p.id }, data: { email: newEmail } });
      await tx.changeEntry.create({
        data: {
          personId: p.id,
          field: "email",
          oldEnc: await encryptForPerson(tx, p.id, oldEmail),
          newEnc: await encryptForPerson(tx, p.id, newEmail),
          actorType: "person",
        },
      });
    });
    await syncNewsletterContact(p.id);
    expect(contact(oldEmail)).toBeUndefined();
    expect(contact(newEmail)).toMatchObject({ first_name: "Elsa", unsubscribed: false });
  });

  it("an erased person: nothing to do", async () => {
    const p = await makePerson();
    await db.person.delete({ where: { id: p.id } });
    expect(await syncNewsletterContact(p.id)).toBe("gone");
  });

  it("the stuck list is for staff", async () => {
    await expect(
      listStuckSyncs({ kind: "person", personId: "x", sessionId: "s", userId: "u", signedInAt: new Date() }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
