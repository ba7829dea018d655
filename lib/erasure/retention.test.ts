// Routine retention: expired web events and held records whose hold has ended are deleted, held
// records still within their hold are kept, and only truly inactive accounts are erased (through the
// same erasure steps, without a "you asked us" receipt). Scoped to this test's rows: the database is
// shared with other tests.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { getSettings } from "../settings";
import { makePerson } from "../../test/factories";
import { runRetentionSweep } from "./retention";
import { runErasure } from "./run";
import { isTombstoned } from "./tombstone";

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

const YEAR = 365 * 86_400_000;

async function heldInvoice(deleteAfter: Date) {
  const n = randomUUID();
  return db.invoice.create({
    data: {
      personId: null,
      externalId: `ret-${n}`,
      invoiceNumber: `RET-${n}`,
      issuedAt: new Date("2019-03-01T10:00:00Z"),
      dueAt: new Date("2019-04-01T10:00:00Z"),
      amountOre: 1000,
      status: "paid",
      counterparty: { name: "Held Counterparty" },
      restrictedAt: new Date("2024-01-01T00:00:00Z"),
      deleteAfter,
    },
  });
}

/** Makes a person look untouched since `at` (createdAt and the @updatedAt column). */
async function ageing(personId: string, at: Date) {
  await db.$executeRaw`UPDATE "Person" SET "createdAt" = ${at}, "updatedAt" = ${at}, "lastActiveAt" = NULL WHERE id = ${personId}`;
}

describe("retention sweep", () => {
  it("deletes an expired web event and a held record past its hold, keeps the rest", async () => {
    const settings = await getSettings();
    const p = await makePerson();
    const old = await db.webEvent.create({
      data: {
        personId: p.id,
        occurredAt: new Date(Date.now() - (settings.webEventRetentionMonths + 2) * 31 * 86_400_000),
        kind: "page_view",
      },
    });
    const recent = await db.webEvent.create({
      data: { personId: p.id, occurredAt: new Date(), kind: "page_view" },
    });
    const within = await heldInvoice(new Date(Date.now() + YEAR));
    const ended = await heldInvoice(new Date(Date.now() - 86_400_000));
    // A customer's own invoice (not restricted by an erasure) is never touched by the sweep.
    const own = await db.invoice.create({
      data: {
        personId: p.id,
        externalId: `own-${randomUUID()}`,
        invoiceNumber: `OWN-${randomUUID()}`,
        issuedAt: new Date("2010-01-01T10:00:00Z"),
        dueAt: new Date("2010-02-01T10:00:00Z"),
        amountOre: 1,
        status: "paid",
        counterparty: {},
      },
    });

    const result = await runRetentionSweep({
      scope: { personIds: [p.id], recordIds: [within.id, ended.id, own.id], requestIds: [] },
    });
    expect(result).toMatchObject({ webEvents: 1, invoices: 1, inactive: 0 });
    expect(await db.webEvent.count({ where: { id: old.id } })).toBe(0);
    expect(await db.webEvent.count({ where: { id: recent.id } })).toBe(1);
    expect(await db.invoice.count({ where: { id: within.id } })).toBe(1);
    expect(await db.invoice.count({ where: { id: ended.id } })).toBe(0);
    expect(await db.invoice.count({ where: { id: own.id } })).toBe(1);
    const entry = await db.auditEntry.findFirst({
      where: { action: "retention.sweep" },
      orderBy: { seq: "desc" },
    });
    expect(entry?.meta).toMatchObject({ webEvents: 1, invoices: 1, scoped: true });
  });

  it("erases only accounts with no sign of life for the whole period, through the erasure steps", async () => {
    const settings = await getSettings();
    const longAgo = new Date(Date.now() - (settings.inactiveAccountMonths + 3) * 31 * 86_400_000);
    const inactive = await makePerson();
    const subscribed = await makePerson();
    const recentOrder = await makePerson();
    const recentSignIn = await makePerson();
    for (const p of [inactive, subscribed, recentOrder, recentSignIn]) await ageing(p.id, longAgo);
    await db.consentState.create({
      data: { personId: subscribed.id, channel: "email", topic: "", status: "given", legalBasis: "consent" },
    });
    await db.order.create({
      data: {
        personId: recentOrder.id,
        externalId: `ro-${randomUUID()}`,
        orderNumber: `RO-${randomUUID()}`,
        placedAt: new Date(),
        status: "placed",
        totalOre: 100,
      },
    });
    await db.accessEvent.create({ data: { personId: recentSignIn.id, kind: "sign_in" } });
    // Its old web event is older than the web retention as well.
    await db.webEvent.create({ data: { personId: inactive.id, occurredAt: longAgo, kind: "page_view" } });

    const ids = [inactive.id, subscribed.id, recentOrder.id, recentSignIn.id];
    const result = await runRetentionSweep({ scope: { personIds: ids, recordIds: [], requestIds: [] } });
    expect(result.inactive).toBe(1);
    const requests = await db.request.findMany({ where: { personId: { in: ids }, type: "deletion" } });
    expect(requests.map((r) => r.personId)).toEqual([inactive.id]);
    expect(requests[0]).toMatchObject({ status: "in_progress", channel: "retention" });

    // A second sweep does not start a second erasure.
    await runRetentionSweep({ scope: { personIds: ids, recordIds: [], requestIds: [] } });
    expect(await db.request.count({ where: { personId: inactive.id, type: "deletion" } })).toBe(1);

    const run = await runErasure(requests[0]!.id);
    expect(run.status).toBe("completed");
    expect(await db.person.count({ where: { id: inactive.id } })).toBe(0);
    expect(await isTombstoned(inactive.email)).toBe(true);
    // The person did not ask: no receipt saying they did.
    expect(await db.emailMessage.count({ where: { to: inactive.email } })).toBe(0);
    expect(
      await db.person.count({ where: { id: { in: [subscribed.id, recentOrder.id, recentSignIn.id] } } }),
    ).toBe(3);
  });
});
