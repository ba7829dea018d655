// The totals a page shows are kept by the database in the same transaction as every write (decision
// 0031): inserts one by one and in batches, updates that move a row between people or in and out of a
// history, deletes, an order's cascade to its items and shipments, and a person's erasure. Each step is
// checked against a count of the rows, and what the person's page shows against the same count.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { personFeeds, totalsDrift } from "./portal-db";
import { readWindows, windowsStatement } from "./feeds";
import { query } from "../db/read-pool";

/** What the person's page would show as each history's total, by section key. */
async function shownTotals(personId: string): Promise<Record<string, number>> {
  const feeds = (await personFeeds(personId, { purpose: "view" }))!;
  const windows = await readWindows(feeds.map((feed) => ({ feed, offset: 0, limit: 1 })));
  return Object.fromEntries(feeds.flatMap((f, i) => f.sections.map((s) => [s.key, windows[i]!.total])));
}

async function expectNoDrift(...personIds: string[]) {
  const drift = (await totalsDrift()).filter((d) => personIds.includes(d.personId));
  expect(drift).toEqual([]);
}

async function makeOrder(personId: string, items: number, shipments: number, day = 0) {
  const id = randomUUID();
  return db.order.create({
    data: {
      personId,
      externalId: `tot-${id}`,
      orderNumber: `TOT-${id}`,
      placedAt: new Date(Date.UTC(2026, 0, 2, 10) - day * 3_600_000),
      status: "delivered",
      totalOre: 100,
      items: {
        create: Array.from({ length: items }, (_, i) => ({
          sku: `S${i}`,
          description: "Item",
          quantity: 1,
          unitPriceOre: 100,
        })),
      },
      shipments: {
        create: Array.from({ length: shipments }, (_, i) => ({
          carrier: "PostNord",
          trackingNumber: `T${i}-${id}`,
          shippedAt: new Date(Date.UTC(2026, 0, 3, 10) - day * 3_600_000),
        })),
      },
    },
  });
}

function webEvents(personId: string, n: number) {
  return Array.from({ length: n }, (_, i) => ({
    personId,
    occurredAt: new Date(Date.UTC(2026, 0, 1, 0, 0, i)),
    kind: "page_view",
    path: `/p/${i}`,
  }));
}

type PlanNode = {
  "Node Type": string;
  "Actual Rows"?: number;
  "Actual Loops"?: number;
  "Shared Hit Blocks"?: number;
  "Shared Read Blocks"?: number;
  Plans?: PlanNode[];
};

/** Rows the scans of a plan read (PostgreSQL's own account, every loop counted). */
function rowsRead(node: PlanNode): number {
  const own =
    /Scan$/.test(node["Node Type"]) && !/^Subquery|^Function|^CTE/.test(node["Node Type"])
      ? (node["Actual Rows"] ?? 0) * (node["Actual Loops"] ?? 1)
      : 0;
  return own + (node.Plans ?? []).reduce((n, c) => n + rowsRead(c), 0);
}

/** What the page's one statement reads: rows scanned, and shared buffers (8 kB pages) touched. */
async function costOfView(personId: string, limit: number): Promise<{ rows: number; buffers: number }> {
  const feeds = (await personFeeds(personId, { purpose: "view" }))!;
  const { sql, values } = windowsStatement(feeds.map((feed) => ({ feed, offset: 0, limit })));
  const [plan] = await query<{ "QUERY PLAN": [{ Plan: PlanNode }] }>(
    `EXPLAIN (ANALYZE, BUFFERS, FORMAT JSON) ${sql}`,
    values,
  );
  const top = plan!["QUERY PLAN"][0].Plan;
  return { rows: rowsRead(top), buffers: (top["Shared Hit Blocks"] ?? 0) + (top["Shared Read Blocks"] ?? 0) };
}

/** Web events and orders of two items each, shipped (one shipment each) unless said otherwise. */
async function longHistory(personId: string, events: number, orders: number, shipped = true) {
  for (let done = 0; done < events; done += 5_000) {
    const batch = webEvents(personId, Math.min(5_000, events - done));
    for (const e of batch) e.occurredAt = new Date(e.occurredAt.getTime() + done * 1000);
    await db.webEvent.createMany({ data: batch });
  }
  for (let i = 0; i < orders; i++) await makeOrder(personId, 2, shipped ? 1 : 0, i);
}

describe("kept totals", () => {
  it("make a view's reads independent of the history's length: 20,000 web events and 300 unshipped orders against a page's worth", async () => {
    const long = await makePerson();
    const short = await makePerson();
    // Its orders are services, never shipped: the newest shipment would be searched for through every
    // order, were an empty history's window read at all.
    await longHistory(long.id, 20_000, 300, false);
    // Enough rows to fill each window, so both read the same number of rows.
    await longHistory(short.id, 30, 30);
    await db.$executeRawUnsafe(`ANALYZE "WebEvent", "Order", "OrderItem", "Shipment", "PersonTotal"`);
    for (const limit of [1, 25]) {
      const [l, sh] = [await costOfView(long.id, limit), await costOfView(short.id, limit)];
      // The same statement, windows of the same size; counting the long history would read 20,000 rows.
      expect(
        l.rows,
        `windows of ${limit}: long ${JSON.stringify(l)}, short ${JSON.stringify(sh)}`,
      ).toBeLessThanOrEqual(sh.rows * 1.2 + 20);
    }
  });

  it("follow inserts, batches, updates, moves, deletes and cascades, and the page shows them", async () => {
    const anna = await makePerson();
    const bo = await makePerson();

    await db.webEvent.createMany({ data: webEvents(anna.id, 250) });
    await db.webEvent.create({ data: webEvents(anna.id, 1)[0]! });
    const order = await makeOrder(anna.id, 3, 2);
    await makeOrder(anna.id, 1, 0);
    const payment = await db.payment.create({
      data: {
        personId: anna.id,
        externalId: `tot-pay-${randomUUID()}`,
        paidAt: new Date("2026-01-05T10:00:00Z"),
        amountOre: 100,
        method: "card",
        provider: "Test",
      },
    });
    await expectNoDrift(anna.id, bo.id);
    let shown = await shownTotals(anna.id);
    expect(shown).toMatchObject({ web_events: 251, orders: 2, order_items: 4, shipments: 2, payments: 1 });
    expect(shown.shared_with_payment_partner).toBe(0);

    // Into and out of a history by an update of the row.
    await db.payment.update({ where: { id: payment.id }, data: { sharedWithProvider: { card: "visa" } } });
    expect((await shownTotals(anna.id)).shared_with_payment_partner).toBe(1);
    // An order moves to another person, with its items and shipments.
    await db.order.update({ where: { id: order.id }, data: { personId: bo.id } });
    await expectNoDrift(anna.id, bo.id);
    expect(await shownTotals(bo.id)).toMatchObject({ orders: 1, order_items: 3, shipments: 2 });
    // An item deleted by itself, then an order with the rest (its items and shipments by cascade).
    await db.orderItem.deleteMany({ where: { orderId: order.id, sku: "S0" } });
    expect((await shownTotals(bo.id)).order_items).toBe(2);
    await db.order.delete({ where: { id: order.id } });
    await expectNoDrift(anna.id, bo.id);
    expect(await shownTotals(bo.id)).toMatchObject({ orders: 0, order_items: 0, shipments: 0 });

    // Retention's kind of delete: many rows in one statement.
    await db.webEvent.deleteMany({ where: { personId: anna.id, path: { startsWith: "/p/1" } } });
    await expectNoDrift(anna.id);
    shown = await shownTotals(anna.id);
    expect(shown.web_events).toBe(await db.webEvent.count({ where: { personId: anna.id } }));

    // Several writes of one person in one transaction, one of them rolled back.
    await db
      .$transaction(async (tx) => {
        await tx.webEvent.createMany({ data: webEvents(anna.id, 5) });
        throw new Error("rolled back");
      })
      .catch(() => undefined);
    await expectNoDrift(anna.id);

    // The person's erasure takes the totals with it.
    await db.person.delete({ where: { id: anna.id } });
    expect(await db.personTotal.count({ where: { personId: anna.id } })).toBe(0);
  });

  it("hold for every person in the database after everything the tests before did", async () => {
    expect(await totalsDrift()).toEqual([]);
  });
});
