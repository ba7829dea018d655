// What an import must never do, each rule on its own, through the same pipeline the command and the
// ingest API use. Each test also shows the opposite case works, so it fails if the rule is removed.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import type { PersonActor } from "../auth/actor";
import { seedDataMap } from "../datamap/policy-map";
import { objectToMarketing } from "../consent/object-to-marketing";
import { savePreferences } from "../consent/save-preferences";
import { correctDetails } from "../privacy/rectification/correct-details";
import { makeSession } from "../../test/factories";
import { runRecords } from "./pipeline";
import { cleanUp, freePersonnummer, newTag, tombstone } from "../../test/import-helpers";
import type { RecordType, RowResult } from "./types";

const tags: string[] = [];
function tagged() {
  const t = newTag();
  tags.push(t);
  return t;
}

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});
afterAll(async () => {
  for (const t of tags) await cleanUp(t);
});

async function run(type: RecordType, records: unknown[]): Promise<RowResult[]> {
  const results: RowResult[] = [];
  await runRecords(
    type,
    records.map((value, position) => ({ position, value })),
    { positionKey: "index", onResult: (r) => void results.push(r) },
  );
  return results;
}

const T0 = "2026-01-01T10:00:00Z";
const T1 = new Date("2026-01-02T10:00:00Z");
const T2 = "2026-01-03T10:00:00Z";

function person(tag: string, extra: Record<string, unknown> = {}) {
  return {
    externalId: `${tag}-P`,
    email: `p@${tag}.import.example`,
    firstName: "Pia",
    lastName: "Person",
    phone: "+46701740650",
    sourceUpdatedAt: T0,
    ...extra,
  };
}

/** A marketing status row for the person of `person(tag)`: email news allowed as an existing customer. */
function consentRow(tag: string, extra: Record<string, unknown> = {}) {
  return {
    customerExternalId: `${tag}-P`,
    channel: "email",
    topic: "news",
    status: "allowed",
    basis: "existing_customer",
    sourceUpdatedAt: T0,
    ...extra,
  };
}

const asPerson = (personId: string): PersonActor => ({
  kind: "person",
  personId,
  sessionId: "s",
  userId: "u",
  signedInAt: new Date(),
});

describe("the sign-in email of a person who has signed in", () => {
  it("is never changed by an import: a conflict, while the other fields still update", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const p = await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    await makeSession(p.email, p.id);

    const [r] = await run("people", [
      person(tag, { email: `new@${tag}.import.example`, firstName: "Petra", sourceUpdatedAt: T2 }),
    ]);
    expect(r).toMatchObject({ outcome: "updated", conflicts: [{ field: "email", reason: "signed_in" }] });
    const after = await db.person.findUniqueOrThrow({ where: { id: p.id } });
    expect(after.email).toBe(p.email);
    expect(after.firstName).toBe("Petra");
    expect((await db.user.findUniqueOrThrow({ where: { personId: p.id } })).email).toBe(p.email);
    const sources = await db.fieldSource.findMany({ where: { personId: p.id } });
    expect(sources.find((s) => s.field === "firstName")!.sourceUpdatedAt).toEqual(new Date(T2));
    expect(sources.find((s) => s.field === "email")!.sourceUpdatedAt).toEqual(new Date(T0));
  });

  it("(the opposite: a person who never signed in gets the new address)", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const [r] = await run("people", [
      person(tag, { email: `new@${tag}.import.example`, sourceUpdatedAt: T2 }),
    ]);
    expect(r).toMatchObject({ outcome: "updated" });
    expect(r!.conflicts).toBeUndefined();
    expect((await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } })).email).toBe(
      `new@${tag}.import.example`,
    );
  });
});

describe("a value the person corrected in the portal", () => {
  it("is never overwritten by a source value older than the correction; newer source values still apply", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const p = await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    // The person corrects their phone number and billing address in the portal at T1.
    await db.person.update({
      where: { id: p.id },
      data: { phone: "+46701740651", billingStreet: "Rättad väg 1" },
    });
    for (const field of ["phone", "billingAddress"]) {
      await db.fieldSource.upsert({
        where: { personId_field: { personId: p.id, field } },
        create: { personId: p.id, field, portalUpdatedAt: T1 },
        update: { portalUpdatedAt: T1 },
      });
    }

    // A source export from before the correction (between T0 and T1).
    const [older] = await run("people", [
      person(tag, {
        phone: "+46701740652",
        billingStreet: "Gammal gata 2",
        lastName: "Persson",
        sourceUpdatedAt: "2026-01-02T09:00:00Z",
      }),
    ]);
    expect(older).toMatchObject({ outcome: "updated" });
    expect(older!.conflicts).toEqual([
      { field: "phone", reason: "corrected_in_portal" },
      { field: "billingStreet", reason: "corrected_in_portal" },
    ]);
    let now = await db.person.findUniqueOrThrow({ where: { id: p.id } });
    expect([now.phone, now.billingStreet, now.lastName]).toEqual(["+46701740651", "Rättad väg 1", "Persson"]);
    const lastName = await db.fieldSource.findUniqueOrThrow({
      where: { personId_field: { personId: p.id, field: "lastName" } },
    });
    expect(lastName.sourceUpdatedAt).toEqual(new Date("2026-01-02T09:00:00Z"));

    // A later change in the source system wins over the earlier correction.
    const [newer] = await run("people", [
      person(tag, { phone: "+46701740653", lastName: "Persson", sourceUpdatedAt: T2 }),
    ]);
    expect(newer).toMatchObject({ outcome: "updated" });
    expect(newer!.conflicts).toBeUndefined();
    now = await db.person.findUniqueOrThrow({ where: { id: p.id } });
    expect(now.phone).toBe("+46701740653");
  });

  it("is respected when made through the portal's own correction (the field names match)", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const p = await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    const before = new Date();
    const r = await correctDetails(asPerson(p.id), { section: "name", firstName: "Pia", lastName: "Rättad" });
    expect(r.changed).toEqual(["lastName"]);
    // A source export taken just before the correction.
    const [older] = await run("people", [
      person(tag, {
        lastName: "Källsystem",
        sourceUpdatedAt: new Date(before.getTime() - 1000).toISOString(),
      }),
    ]);
    expect(older).toMatchObject({
      outcome: "skipped",
      reason: "conflict",
      conflicts: [{ field: "lastName", reason: "corrected_in_portal" }],
    });
    expect((await db.person.findUniqueOrThrow({ where: { id: p.id } })).lastName).toBe("Rättad");
  });

  it("and an older source file never overwrites a newer source value", async () => {
    const tag = tagged();
    await run("people", [person(tag, { sourceUpdatedAt: T2, firstName: "Ny" })]);
    const [r] = await run("people", [person(tag, { sourceUpdatedAt: T0, firstName: "Gammal" })]);
    expect(r).toMatchObject({
      outcome: "skipped",
      reason: "newer_in_source",
      conflicts: [{ field: "firstName", reason: "newer_in_source" }],
    });
    expect((await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } })).firstName).toBe("Ny");
  });
});

describe("marketing status", () => {
  it("changes only through the consent ledger: an import event with the basis as given, beside its state", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const p = await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    const [r] = await run("consent", [consentRow(tag, { wordingVersion: "crm-7" })]);
    expect(r).toMatchObject({ outcome: "created" });
    const events = await db.consentEvent.findMany({ where: { personId: p.id } });
    expect(
      events.map((e) => [
        e.channel,
        e.topic,
        e.action,
        e.method,
        e.legalBasis,
        e.actorType,
        e.wordingVersion,
      ]),
    ).toEqual([["email", "news", "allowed", "import", "existing_customer", "import", "crm-7"]]);
    expect(events[0]!.at).toEqual(new Date(T0));
    const states = await db.consentState.findMany({ where: { personId: p.id } });
    expect(states.map((s) => [s.channel, s.topic, s.status, s.legalBasis])).toEqual([
      ["email", "news", "allowed", "existing_customer"],
    ]);
    // The partner sync is queued in the same transaction, as for every ledger change.
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${p.id}`;
    expect(Number(jobs[0]!.n)).toBeGreaterThan(0);
    // Again: nothing new in the ledger.
    expect((await run("consent", [consentRow(tag)]))[0]).toMatchObject({
      outcome: "skipped",
      reason: "unchanged",
    });
    expect(await db.consentEvent.count({ where: { personId: p.id } })).toBe(1);
  });

  it("never overrides a later choice the person made in the portal; an earlier one yields to the source", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const p = await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    // In the portal, the person ticks SMS news (a consent of their own) now.
    await savePreferences(asPerson(p.id), { wanted: [{ channel: "sms", topic: "news" }] });
    const before = await db.consentEvent.count({ where: { personId: p.id } });

    const stale = consentRow(tag, { channel: "sms", status: "withdrawn", basis: "consent" });
    const [r] = await run("consent", [stale]);
    expect(r).toMatchObject({
      outcome: "skipped",
      reason: "conflict",
      conflicts: [{ field: "consent:sms/news", reason: "newer_choice_in_portal" }],
    });
    expect(await db.consentEvent.count({ where: { personId: p.id } })).toBe(before);
    expect(
      (
        await db.consentState.findUniqueOrThrow({
          where: { personId_channel_topic: { personId: p.id, channel: "sms", topic: "news" } },
        })
      ).status,
    ).toBe("given");

    // The same status with a source timestamp after the person's choice is applied.
    const later = new Date(Date.now() + 1000).toISOString();
    await new Promise((r) => setTimeout(r, 1100));
    const [applied] = await run("consent", [{ ...stale, sourceUpdatedAt: later }]);
    expect(applied).toMatchObject({ outcome: "updated" });
    expect(
      (
        await db.consentState.findUniqueOrThrow({
          where: { personId_channel_topic: { personId: p.id, channel: "sms", topic: "news" } },
        })
      ).status,
    ).toBe("withdrawn");
  });

  it("never overrides an objection in the portal, which covers every topic of every channel", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const p = await db.person.findUniqueOrThrow({ where: { externalId: `${tag}-P` } });
    await objectToMarketing(asPerson(p.id));
    const [r] = await run("people", [
      person(tag, {
        consents: [
          { channel: "email", topic: "offers", status: "given", basis: "consent" },
          { channel: "post", status: "allowed", basis: "allowed_until_objection" },
        ],
      }),
    ]);
    expect(r).toMatchObject({
      outcome: "skipped",
      reason: "conflict",
      conflicts: [
        { field: "consent:email/offers", reason: "newer_choice_in_portal" },
        { field: "consent:post", reason: "newer_choice_in_portal" },
      ],
    });
    const states = await db.consentState.findMany({ where: { personId: p.id } });
    expect(states.every((s) => s.status === "objected")).toBe(true);
  });

  it("is refused outright when the basis does not fit the channel", async () => {
    const tag = tagged();
    await run("people", [person(tag)]);
    const [r] = await run("consent", [
      {
        customerExternalId: `${tag}-P`,
        channel: "email",
        status: "allowed",
        basis: "allowed_until_objection",
        sourceUpdatedAt: T0,
      },
    ]);
    expect(r).toMatchObject({ outcome: "rejected", reason: "invalid", errors: [{ field: "basis" }] });
  });
});

describe("an erased person", () => {
  it("is never brought back: the tombstone of the email address refuses the row", async () => {
    const tag = tagged();
    await tombstone(`P@${tag}.import.example`);
    const [r] = await run("people", [person(tag)]);
    expect(r).toMatchObject({ outcome: "rejected", reason: "erased" });
    expect(await db.person.count({ where: { externalId: `${tag}-P` } })).toBe(0);
    // Records naming them by address say so too.
    const [o] = await run("consent", [
      {
        customerEmail: `p@${tag}.import.example`,
        channel: "post",
        status: "allowed",
        basis: "allowed_until_objection",
        sourceUpdatedAt: T0,
      },
    ]);
    expect(o).toMatchObject({ outcome: "rejected", reason: "erased" });
  });

  it("is never brought back under another address: the tombstone of the personnummer refuses the row", async () => {
    const tag = tagged();
    const [pnr] = await freePersonnummer(1);
    await tombstone(`gone@${tag}.import.example`, pnr);
    const [r] = await run("people", [person(tag, { personnummer: pnr!.replace("-", "") })]);
    expect(r).toMatchObject({ outcome: "rejected", reason: "erased" });
    expect(await db.person.count({ where: { externalId: `${tag}-P` } })).toBe(0);
    // (The opposite: without the personnummer the row is someone else and is imported.)
    expect((await run("people", [person(tag)]))[0]).toMatchObject({ outcome: "created" });
  });
});
