// Shares its database with other test files running in parallel: counts are scoped to the demo
// people and the data-map keys, and nothing is truncated.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../db";
import { decryptWith, existingDataKey, keyedHash } from "../crypto/keys";
import { CATEGORIES, CONSENT_TOPICS, PURPOSES, RECIPIENTS } from "../datamap/policy-map";
import { parseOrgNumber, testPersonnummer } from "../validation/personnummer";
import { DEMO_BASE_DATE, DEMO_PEOPLE, DEMO_STAFF, seedBulkHistory, seedDemo } from "./demo";

const demoEmails = DEMO_PEOPLE.map((p) => p.email);

async function demoCounts() {
  const people = await db.person.findMany({ where: { email: { in: demoEmails } }, select: { id: true } });
  const personId = { in: people.map((p) => p.id) };
  const categoryKey = { in: CATEGORIES.map((c) => c.key) };
  return {
    people: people.length,
    companies: await db.company.count({ where: { personId } }),
    dataKeys: await db.dataKey.count({ where: { personId } }),
    orders: await db.order.count({ where: { personId } }),
    items: await db.orderItem.count({ where: { order: { personId } } }),
    shipments: await db.shipment.count({ where: { order: { personId } } }),
    invoices: await db.invoice.count({ where: { personId } }),
    payments: await db.payment.count({ where: { personId } }),
    creditChecks: await db.creditCheck.count({ where: { personId } }),
    webEvents: await db.webEvent.count({ where: { personId } }),
    social: await db.socialInteraction.count({ where: { personId } }),
    support: await db.supportContact.count({ where: { personId } }),
    forms: await db.formSubmission.count({ where: { personId } }),
    disclosures: await db.authorityDisclosure.count({ where: { personId } }),
    consentStates: await db.consentState.count({ where: { personId } }),
    consentEvents: await db.consentEvent.count({ where: { personId } }),
    staff: await db.staffMember.count({ where: { email: { in: DEMO_STAFF.map((s) => s.email) } } }),
    categories: await db.dataCategory.count({ where: { key: categoryKey } }),
    categoryPurposes: await db.categoryPurpose.count({ where: { categoryKey } }),
    categoryRecipients: await db.categoryRecipient.count({ where: { categoryKey } }),
    purposes: await db.purpose.count({ where: { key: { in: PURPOSES.map((p) => p.key) } } }),
    recipients: await db.recipient.count({ where: { key: { in: RECIPIENTS.map((r) => r.key) } } }),
    topics: await db.consentTopic.count({ where: { key: { in: CONSENT_TOPICS.map((t) => t.key) } } }),
  };
}

afterAll(async () => {
  await disconnectDb();
});

describe("seedDemo", () => {
  it("seeds once; a second run (also a concurrent one) changes nothing", async () => {
    const first = await seedDemo();
    expect(first.staff.map((s) => s.role).sort()).toEqual(["admin", "staff"]);
    const before = await demoCounts();
    expect(before.people).toBe(4);
    expect(before.staff).toBe(2);
    expect(before.orders).toBeGreaterThanOrEqual(60);
    expect(before.webEvents).toBeGreaterThanOrEqual(2000);

    const [again, concurrent] = await Promise.all([seedDemo(), seedDemo()]);
    expect(again.created).toBe(false);
    expect(concurrent.created).toBe(false);
    expect(await demoCounts()).toEqual(before);
  });

  it("stores personnummer only encrypted, and only from the test list", async () => {
    await seedDemo();
    const allowed = new Set(await testPersonnummer());
    const people = await db.person.findMany({
      where: { email: { in: demoEmails } },
      include: { company: true },
    });
    let checked = 0;
    for (const p of people) {
      const key = await existingDataKey(db, p.id);
      if (p.personnummerEnc) {
        const pnr = decryptWith(key, p.personnummerEnc)!;
        expect(allowed.has(pnr)).toBe(true);
        expect(p.personnummerHash).toBe(keyedHash("personnummer", pnr));
        expect(p.dateOfBirth?.toISOString().slice(0, 10)).toBe(
          `${pnr.slice(0, 4)}-${pnr.slice(4, 6)}-${pnr.slice(6, 8)}`,
        );
        checked++;
      } else {
        expect(p.personnummerHash).toBeNull();
      }
      if (p.company?.orgNumberEnc) {
        expect(p.company.soleTrader).toBe(true);
        expect(p.company.orgNumber).toBeNull();
        expect(allowed.has(decryptWith(key, p.company.orgNumberEnc)!)).toBe(true);
        checked++;
      }
      if (p.company?.orgNumber) {
        expect(parseOrgNumber(p.company.orgNumber)).toEqual({
          value: p.company.orgNumber,
          soleTrader: false,
        });
      }
    }
    expect(checked).toBe(3);
  });

  it("has every category of the map with at least one recipient and no invented legal basis", async () => {
    await seedDemo();
    const categories = await db.dataCategory.findMany({
      where: { key: { in: CATEGORIES.map((c) => c.key) } },
      include: { recipients: true, purposes: true },
    });
    expect(categories.map((c) => c.key).sort()).toEqual(CATEGORIES.map((c) => c.key).sort());
    for (const c of categories) {
      expect(c.recipients.length, c.key).toBeGreaterThan(0);
      expect(c.purposes.length, c.key).toBeGreaterThan(0);
      expect(c.legalBasis, c.key).toBeNull();
      expect(c.automatedDecision, c.key).toBeNull();
    }
    const purposes = await db.purpose.findMany({ where: { key: { in: PURPOSES.map((p) => p.key) } } });
    expect(purposes).toHaveLength(PURPOSES.length);
    for (const p of purposes) expect(p.legalBasis, p.key).toBeNull();
    const recipients = await db.recipient.findMany({ where: { key: { in: RECIPIENTS.map((r) => r.key) } } });
    expect(recipients).toHaveLength(RECIPIENTS.length);
    for (const r of recipients) {
      expect(r.outsideEea, r.key).toBeNull();
      expect(r.safeguard, r.key).toBeNull();
    }
    expect(Object.fromEntries(recipients.map((r) => [r.key, r.role]))).toMatchObject({
      paypal: "controller",
      transport: "controller",
      m365: "processor",
      newsletter: "processor",
    });
  });

  it("gives the demo customer consent states with matching ledger entries", async () => {
    await seedDemo();
    const anna = await db.person.findUniqueOrThrow({ where: { email: "anna.andersson@demo.example" } });
    const states = await db.consentState.findMany({ where: { personId: anna.id } });
    const events = await db.consentEvent.findMany({ where: { personId: anna.id } });
    expect(states).toHaveLength(3);
    for (const s of states) {
      expect(
        events.some((e) => e.channel === s.channel && e.topic === s.topic && e.legalBasis === s.legalBasis),
      ).toBe(true);
    }
    const invoices = await db.invoice.findMany({ where: { personId: anna.id } });
    const orders = await db.order.count({ where: { personId: anna.id } });
    expect(invoices).toHaveLength(orders);
    expect(invoices[0]!.counterparty).toMatchObject({ name: "Andersson Konsult AB" });
  });
});

describe("seedBulkHistory", () => {
  it("adds orders with items, invoices and payments and web events across batches, idempotently", async () => {
    const person = await db.person.create({
      data: { email: `bulk-${randomUUID()}@test.example`, firstName: "Bulk", lastName: "Test" },
    });
    const n = 5_003; // crosses a batch boundary
    try {
      await seedBulkHistory(person.id, { orders: n, webEvents: n });
      await seedBulkHistory(person.id, { orders: n, webEvents: n });
      const where = { personId: person.id };
      expect(await db.order.count({ where })).toBe(n);
      expect(await db.orderItem.count({ where: { order: where } })).toBe(n);
      expect(await db.invoice.count({ where })).toBe(n);
      expect(await db.payment.count({ where: { ...where, invoiceId: { not: null } } })).toBe(n);
      expect(await db.webEvent.count({ where })).toBe(n);

      const first = await db.order.findFirstOrThrow({
        where,
        orderBy: { placedAt: "desc" },
        include: { items: true },
      });
      expect(first.externalId).toBe(`${person.id}:order:1`);
      expect(first.items[0]!.quantity * first.items[0]!.unitPriceOre).toBe(first.totalOre);
      // Stored in UTC whatever the session's time zone: a whole number of steps before the base date.
      const step = Math.floor((4 * 365 * 86_400_000) / n);
      expect(first.placedAt.getTime()).toBe(DEMO_BASE_DATE.getTime() - step);
      const invoice = await db.invoice.findFirstOrThrow({ where, include: { payments: true } });
      expect(invoice.counterparty).toMatchObject({ name: "Bulk Test" });
      expect(invoice.payments[0]!.sharedWithProvider).toMatchObject({ cardLast4: "0417" });
      const last = await db.webEvent.findFirstOrThrow({ where: { externalId: `${person.id}:web:${n}` } });
      expect(last.timeZone).toBe("Europe/Stockholm");
    } finally {
      // Invoices and payments only lose their person on delete (bookkeeping): remove them first.
      await db.payment.deleteMany({ where: { personId: person.id } });
      await db.invoice.deleteMany({ where: { personId: person.id } });
      await db.person.delete({ where: { id: person.id } });
    }
  });
});
