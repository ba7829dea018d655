// The consent ledger and the use-cases over it, against the real database (append-only trigger,
// row locks, jobs in the same transaction).
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { systemActor, type Actor, type ImpersonationActor, type PersonActor } from "../auth/actor";
import { seedDataMap } from "../datamap/policy-map";
import { makePerson, uniqueEmail } from "../../test/factories";
import { getPreferences } from "./get-preferences";
import { savePreferences, withdrawAll } from "./save-preferences";
import { objectToMarketing } from "./object-to-marketing";
import { confirmOptIn } from "./confirm-opt-in";
import { oneClickUnsubscribe } from "./one-click-unsubscribe";
import { optInHash } from "./opt-in";
import { CHANNELS, WORDING } from "./rules";
import { importConsentStates, type ImportedConsent } from "./ledger";
import { unsubscribeToken } from "../newsletter/unsubscribe-token";

const base = { sessionId: "s", userId: "u", signedInAt: new Date() };
const asPerson = (personId: string): PersonActor => ({ ...base, kind: "person", personId });

beforeAll(async () => {
  // The topics are data (ConsentTopic), seeded with the data map.
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

async function events(personId: string) {
  return db.consentEvent.findMany({ where: { personId }, orderBy: { id: "asc" } });
}
async function states(personId: string) {
  return db.consentState.findMany({ where: { personId } });
}
async function syncJobs(personId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${personId}`;
  return Number(rows[0]!.n);
}
async function importState(personId: string, rows: ImportedConsent[]) {
  await importConsentStates(db, personId, rows, { wordingVersion: "2024-01", actorType: "system" });
}

describe("a new person", () => {
  it("starts with nothing given on any channel", async () => {
    const p = await makePerson();
    const prefs = await getPreferences(asPerson(p.id));
    expect(prefs.channels.map((c) => c.channel)).toEqual([...CHANNELS]);
    expect(prefs.topics.map((t) => t.key)).toEqual(expect.arrayContaining(["news", "offers", "surveys"]));
    for (const c of prefs.channels) for (const i of c.items) expect(i.status).toBe("none");
    expect(prefs.history).toEqual([]);
  });
});

describe("saving preferences", () => {
  it("email waits for confirmation (pending, token, email), SMS is given at once; all in the ledger", async () => {
    const p = await makePerson({ language: "en" });
    const r = await savePreferences(asPerson(p.id), {
      wanted: [
        { channel: "email", topic: "news" },
        { channel: "sms", topic: "offers" },
      ],
    });
    expect(r).toEqual({ changed: 2, confirmationSent: true });
    const ev = await events(p.id);
    expect(ev.map((e) => [e.channel, e.topic, e.action, e.legalBasis, e.method, e.actorType])).toEqual([
      ["email", "news", "pending", "consent", "portal", "person"],
      ["sms", "offers", "given", "consent", "portal", "person"],
    ]);
    expect(ev.every((e) => e.wordingVersion === WORDING.preferences && e.staffMemberId === null)).toBe(true);
    const token = await db.optInToken.findFirstOrThrow({ where: { personId: p.id } });
    expect(token.topics).toEqual(["news"]);
    const days = (token.expiresAt.getTime() - token.createdAt.getTime()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThan(7.1);
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: p.email, kind: "optInConfirm" } });
    expect(mail.subject).toBe("Confirm your subscription");
    expect(mail.text).toMatch(/\/confirm-subscription\?token=[A-Za-z0-9_-]{40,}/);
    // Only the hash is stored.
    const raw = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(token.tokenHash).toBe(optInHash(raw));
    expect(token.tokenHash).not.toContain(raw);
    // The change and its sync job commit together; the person is marked pending for the partner.
    expect(await syncJobs(p.id)).toBe(1);
    const sync = await db.partnerSync.findUniqueOrThrow({
      where: { personId_connector: { personId: p.id, connector: "newsletter" } },
    });
    expect(sync.pendingSince).not.toBeNull();
    // The state is kept beside the ledger.
    expect((await states(p.id)).map((s) => [s.channel, s.topic, s.status]).sort()).toEqual([
      ["email", "news", "pending"],
      ["sms", "offers", "given"],
    ]);
    // Saving the same again changes nothing and sends no second email.
    expect(
      await savePreferences(asPerson(p.id), {
        wanted: [
          { channel: "email", topic: "news" },
          { channel: "sms", topic: "offers" },
        ],
      }),
    ).toEqual({ changed: 0, confirmationSent: false });
    expect(await db.emailMessage.count({ where: { to: p.email, kind: "optInConfirm" } })).toBe(1);
    expect(await events(p.id)).toHaveLength(2);
  });

  it("confirming the emailed link gives the consent; a second press and an expired link change nothing", async () => {
    const p = await makePerson();
    await savePreferences(asPerson(p.id), { wanted: [{ channel: "email", topic: "news" }] });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: p.email, kind: "optInConfirm" } });
    const raw = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;

    await expect(confirmOptIn(systemActor("opt-in-link"), raw + "x")).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await confirmOptIn(systemActor("opt-in-link"), raw)).toEqual({
      status: "confirmed",
      topics: ["news"],
    });
    const given = (await events(p.id)).at(-1)!;
    expect([given.channel, given.topic, given.action, given.legalBasis, given.wordingVersion]).toEqual([
      "email",
      "news",
      "given",
      "consent",
      WORDING.optIn,
    ]);
    // The person acted, through the link: not "the system".
    expect(given.actorType).toBe("person_link");
    expect(await confirmOptIn(systemActor("opt-in-link"), raw)).toEqual({
      status: "already_confirmed",
      topics: [],
    });
    expect(await events(p.id)).toHaveLength(2);
    const prefs = await getPreferences(asPerson(p.id));
    expect(
      prefs.channels.find((c) => c.channel === "email")!.items.find((i) => i.topic === "news")!.status,
    ).toBe("given");

    // A second subscription whose link is older than 7 days: refused, still pending.
    await savePreferences(asPerson(p.id), {
      wanted: [
        { channel: "email", topic: "news" },
        { channel: "email", topic: "offers" },
      ],
    });
    const second = await db.emailMessage.findFirstOrThrow({
      where: { to: p.email, kind: "optInConfirm" },
      orderBy: { createdAt: "desc" },
    });
    const raw2 = /token=([A-Za-z0-9_-]+)/.exec(second.text)![1]!;
    const later = new Date(Date.now() + 8 * 86_400_000);
    await expect(confirmOptIn(systemActor("opt-in-link"), raw2, later)).rejects.toMatchObject({
      code: "expired",
    });
    expect(
      (await db.consentState.findFirstOrThrow({ where: { personId: p.id, topic: "offers" } })).status,
    ).toBe("pending");
  });

  it("a topic withdrawn before the link is pressed stays withdrawn", async () => {
    const p = await makePerson();
    await savePreferences(asPerson(p.id), { wanted: [{ channel: "email", topic: "offers" }] });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { to: p.email, kind: "optInConfirm" } });
    await savePreferences(asPerson(p.id), { wanted: [] });
    const raw = /token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
    expect(await confirmOptIn(systemActor("opt-in-link"), raw)).toEqual({ status: "confirmed", topics: [] });
    expect(
      (await db.consentState.findFirstOrThrow({ where: { personId: p.id, topic: "offers" } })).status,
    ).toBe("withdrawn");
  });

  it("an unknown topic or channel is refused and nothing is written", async () => {
    const p = await makePerson();
    await expect(
      savePreferences(asPerson(p.id), { wanted: [{ channel: "email", topic: "no-such-topic" }] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      savePreferences(asPerson(p.id), { wanted: [{ channel: "fax", topic: "news" }] }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    expect(await events(p.id)).toHaveLength(0);
    expect(await syncJobs(p.id)).toBe(0);
  });

  it("imported statuses keep their basis, and saying no ends that basis (objected, not withdrawn)", async () => {
    const p = await makePerson();
    await importState(p.id, [
      { channel: "email", topic: "", status: "allowed", legalBasis: "existing_customer" },
      { channel: "post", topic: "", status: "allowed", legalBasis: "allowed_until_objection" },
    ]);
    const before = await getPreferences(asPerson(p.id));
    const email = before.channels.find((c) => c.channel === "email")!;
    expect(email.items.every((i) => i.status === "allowed" && i.legalBasis === "existing_customer")).toBe(
      true,
    );

    // Keep post for news only; drop email entirely.
    await savePreferences(asPerson(p.id), { wanted: [{ channel: "post", topic: "news" }] });
    // Other test files add topics of their own while this runs; the seeded ones are what is checked.
    const seeded = ["", "news", "offers", "surveys"];
    const ev = (await events(p.id)).filter((e) => e.method === "portal" && seeded.includes(e.topic));
    const summary = ev.map((e) => `${e.channel}/${e.topic}/${e.action}/${e.legalBasis}`).sort();
    expect(summary).toEqual(
      [
        "email//objected/existing_customer",
        "email/news/objected/existing_customer",
        "email/offers/objected/existing_customer",
        "email/surveys/objected/existing_customer",
        "post/offers/objected/allowed_until_objection",
        "post/surveys/objected/allowed_until_objection",
      ].sort(),
    );
    const after = await getPreferences(asPerson(p.id));
    const post = after.channels.find((c) => c.channel === "post")!;
    expect(post.items.find((i) => i.topic === "news")!.status).toBe("allowed");
    expect(post.items.find((i) => i.topic === "offers")!.status).toBe("objected");
  });

  it("withdrawing everything is one call and stops every channel", async () => {
    const p = await makePerson();
    await importState(p.id, [
      { channel: "phone", topic: "", status: "allowed", legalBasis: "allowed_until_objection" },
    ]);
    await savePreferences(asPerson(p.id), {
      wanted: [
        { channel: "email", topic: "news" },
        { channel: "sms", topic: "surveys" },
        { channel: "phone", topic: "news" },
      ],
    });
    expect((await withdrawAll(asPerson(p.id))).changed).toBeGreaterThan(0);
    const prefs = await getPreferences(asPerson(p.id));
    for (const c of prefs.channels)
      for (const i of c.items) expect(i.on || i.status === "pending").toBe(false);
    expect(prefs.anyOn).toBe(false);
    // Idempotent.
    expect((await withdrawAll(asPerson(p.id))).changed).toBe(0);
  });
});

describe("objection to direct marketing (Art. 21(2))", () => {
  it("stops every channel and topic at once and is a completed objection request", async () => {
    const p = await makePerson();
    await importState(p.id, [
      { channel: "post", topic: "", status: "allowed", legalBasis: "allowed_until_objection" },
      { channel: "phone", topic: "", status: "allowed", legalBasis: "allowed_until_objection" },
      { channel: "email", topic: "news", status: "given", legalBasis: "consent" },
    ]);
    await savePreferences(asPerson(p.id), {
      wanted: [
        { channel: "email", topic: "news" },
        { channel: "sms", topic: "offers" },
        { channel: "post", topic: "news" },
        { channel: "post", topic: "offers" },
        { channel: "post", topic: "surveys" },
        { channel: "phone", topic: "news" },
        { channel: "phone", topic: "offers" },
        { channel: "phone", topic: "surveys" },
      ],
    });
    const before = (await events(p.id)).length;
    const { requestId } = await objectToMarketing(asPerson(p.id));
    const prefs = await getPreferences(asPerson(p.id));
    for (const c of prefs.channels) {
      for (const i of c.items)
        expect([c.channel, i.topic, i.status]).toEqual([c.channel, i.topic, "objected"]);
    }
    // The channels as a whole carry it, so a topic added later is off too.
    const whole = await db.consentState.findMany({ where: { personId: p.id, topic: "" } });
    expect(whole.map((s) => [s.channel, s.status]).sort()).toEqual([
      ["email", "objected"],
      ["phone", "objected"],
      ["post", "objected"],
      ["sms", "objected"],
    ]);
    const objections = (await events(p.id)).slice(before);
    expect(objections.length).toBeGreaterThan(0);
    expect(objections.every((e) => e.action === "objected" && e.wordingVersion === WORDING.objection)).toBe(
      true,
    );
    expect(objections.find((e) => e.channel === "post" && e.topic === "")!.legalBasis).toBe(
      "allowed_until_objection",
    );
    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ personId: p.id, type: "objection", status: "completed" });
    expect(request.resolvedAt).not.toBeNull();
    const audit = await db.auditEntry.findFirst({ where: { personId: p.id, action: "consent.objection" } });
    expect(audit?.targetId).toBe(requestId);
  });

  it("is for the person: impersonating staff cannot file it", async () => {
    const p = await makePerson();
    await expect(objectToMarketing(await impersonating(p.id))).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("impersonation", () => {
  it("a change by impersonating staff is recorded as staff_on_behalf with the staff id", async () => {
    const p = await makePerson();
    const actor = await impersonating(p.id);
    await savePreferences(actor, { wanted: [{ channel: "post", topic: "offers" }] });
    const [e] = await events(p.id);
    expect(e).toMatchObject({
      method: "staff_on_behalf",
      actorType: "impersonation",
      staffMemberId: actor.staffMemberId,
      action: "given",
    });
    const prefs = await getPreferences(asPerson(p.id));
    expect(prefs.history[0]!.staffName).toBe(actor.name);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { personId: p.id, action: "consent.preferences_saved" },
    });
    expect(audit).toMatchObject({ actorType: "impersonation", actorId: actor.staffMemberId });
  });

  it("staff outside impersonation and strangers cannot change preferences", async () => {
    const p = await makePerson();
    const staff: Actor = { ...base, kind: "staff", staffMemberId: "x", role: "admin", name: "A" };
    await expect(savePreferences(staff, { wanted: [] })).rejects.toMatchObject({ code: "forbidden" });
    await expect(savePreferences(null, { wanted: [] })).rejects.toMatchObject({ code: "unauthenticated" });
    await expect(oneClickUnsubscribe(asPerson(p.id), unsubscribeToken(p.id))).rejects.toMatchObject({
      code: "forbidden",
    });
  });
});

describe("the ledger is append-only", () => {
  it("a raw UPDATE or DELETE on ConsentEvent fails and leaves the row as it was", async () => {
    const p = await makePerson();
    await savePreferences(asPerson(p.id), { wanted: [{ channel: "sms", topic: "news" }] });
    const [e] = await events(p.id);
    await expect(
      db.$executeRaw`UPDATE "ConsentEvent" SET action = 'withdrawn' WHERE id = ${e!.id}`,
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "ConsentEvent" WHERE id = ${e!.id}`).rejects.toThrow(
      /append-only/,
    );
    const again = await db.consentEvent.findUniqueOrThrow({ where: { id: e!.id } });
    expect(again.action).toBe("given");
  });

  it("holds no personal data: only the person's id", async () => {
    const p = await makePerson({ email: uniqueEmail("ledger"), firstName: "Ledgerina" });
    await savePreferences(asPerson(p.id), { wanted: [{ channel: "email", topic: "news" }] });
    const dump = JSON.stringify(await events(p.id), (_k, v) => (typeof v === "bigint" ? v.toString() : v));
    expect(dump).toContain(p.id);
    expect(dump).not.toContain(p.email);
    expect(dump).not.toContain("Ledgerina");
  });
});

describe("one-click unsubscribe use-case", () => {
  it("stops email marketing only, once; a topic token stops that topic only", async () => {
    const p = await makePerson();
    await importState(p.id, [
      { channel: "email", topic: "news", status: "given", legalBasis: "consent" },
      { channel: "email", topic: "offers", status: "given", legalBasis: "consent" },
      { channel: "sms", topic: "news", status: "given", legalBasis: "consent" },
    ]);
    const actor = systemActor("one-click");
    expect((await oneClickUnsubscribe(actor, unsubscribeToken(p.id, "offers"))).changed).toBe(1);
    expect(
      (await db.consentState.findFirstOrThrow({ where: { personId: p.id, topic: "news", channel: "email" } }))
        .status,
    ).toBe("given");
    expect((await oneClickUnsubscribe(actor, unsubscribeToken(p.id))).changed).toBe(1);
    expect((await oneClickUnsubscribe(actor, unsubscribeToken(p.id))).changed).toBe(0);
    const prefs = await getPreferences(asPerson(p.id));
    expect(prefs.channels.find((c) => c.channel === "email")!.items.every((i) => !i.on)).toBe(true);
    expect(
      prefs.channels.find((c) => c.channel === "sms")!.items.find((i) => i.topic === "news")!.status,
    ).toBe("given");
    const oneClick = (await events(p.id)).filter((e) => e.method === "one_click");
    expect(oneClick.map((e) => [e.topic, e.action, e.actorType, e.wordingVersion])).toEqual([
      ["offers", "withdrawn", "person_link", WORDING.oneClick],
      ["news", "withdrawn", "person_link", WORDING.oneClick],
    ]);
  });
});

async function impersonating(personId: string): Promise<ImpersonationActor> {
  const staff = await db.staffMember.create({
    data: { email: `staff-${randomUUID()}@test.example`, name: "Sara Support", role: "staff" },
  });
  return {
    ...base,
    kind: "impersonation",
    staffMemberId: staff.id,
    role: "staff",
    name: staff.name,
    personId,
    impersonationId: "imp",
    reason: "ticket 42",
    expiresAt: new Date(Date.now() + 600_000),
  };
}
