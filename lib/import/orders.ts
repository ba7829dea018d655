// Orders with their items, a batch per transaction. An order is matched by its externalId; its
// items are replaced as a whole when they differ (an item has no id of its own in the source).
import { randomUUID } from "node:crypto";
import { z } from "zod";
import type { Tx } from "../db";
import type { Prisma } from "../generated/prisma/client";
import { sameDate, sameItems, sameValues } from "./compare";
import { heldByAnother, sourceKeyedHandler, upsertRecords } from "./write-rows";
import { currency, externalId, int, ore, personRef, refineRef, text, timestamp } from "./fields";
import type { ApplyResult, CsvColumn, ValidItem } from "./types";

export const ORDER_STATUSES = [
  "pending",
  "processing",
  "shipped",
  "delivered",
  "completed",
  "cancelled",
  "refunded",
] as const;

const orderItem = z.strictObject({
  sku: text(60),
  description: text(500),
  quantity: int(1, 1_000_000),
  unitPriceOre: ore,
});

export const MAX_ITEMS = 500;

export const orderRecord = z
  .strictObject({
    externalId,
    orderNumber: text(60),
    ...personRef,
    placedAt: timestamp,
    status: z.enum(ORDER_STATUSES, { error: `one of ${ORDER_STATUSES.join(", ")}` }),
    currency,
    totalOre: ore,
    items: z
      .array(orderItem, { error: "a list of items" })
      .min(1, "an order has at least one item")
      .max(MAX_ITEMS, `at most ${MAX_ITEMS} items`),
  })
  .superRefine(refineRef);
export type OrderRecord = z.infer<typeof orderRecord>;

type Item = z.infer<typeof orderItem>;

export async function applyOrders(tx: Tx, items: ValidItem<OrderRecord>[]): Promise<ApplyResult[]> {
  const data = items.map((i) => i.data);
  const existing = await storedOrders(
    tx,
    data.map((d) => d.externalId),
    data.map((d) => d.orderNumber),
  );
  const byNumber = new Map(existing.map((o) => [o.orderNumber, o]));
  return upsertRecords(tx, data, {
    stored: new Map(existing.map((o) => [o.externalId, o])),
    refuse: (d) =>
      heldByAnother(
        byNumber.get(d.orderNumber),
        d,
        "orderNumber",
        "another order (a different externalId) has this order number",
      ),
    row: (d, personId): OrderRow => ({
      personId,
      orderNumber: d.orderNumber,
      placedAt: d.placedAt,
      status: d.status,
      totalOre: d.totalOre,
      currency: d.currency,
      items: d.items,
    }),
    same: (stored, row) =>
      sameValues(stored, row, ["personId", "orderNumber", "status", "totalOre", "currency"]) &&
      sameDate(stored.placedAt, row.placedAt) &&
      sameItems(stored.items, row.items),
    // The order number moves between orders only through a conflict above, never silently here.
    update: async (stored, { items, personId, ...row }) => {
      await tx.order.update({
        where: { id: stored.id },
        data: { ...row, person: { connect: { id: personId } } },
      });
      if (!sameItems(stored.items, items)) {
        await tx.orderItem.deleteMany({ where: { orderId: stored.id } });
        await tx.orderItem.createMany({ data: items.map((it) => ({ ...it, orderId: stored.id })) });
      }
    },
    createMany: (rows) =>
      insertOrders(
        tx,
        rows.map(({ items, ...row }) => ({ row, items })),
      ),
  });
}

type OrderRow = Omit<Prisma.OrderCreateManyInput, "externalId" | "placedAt"> & {
  placedAt: Date;
  items: Item[];
};

type StoredOrder = {
  id: string;
  externalId: string;
  orderNumber: string;
  personId: string;
  placedAt: Date;
  status: string;
  totalOre: number;
  currency: string;
  items: Item[];
};

/** The stored orders with these external ids or numbers, with their items (two statements). */
async function storedOrders(tx: Tx, exts: string[], numbers: string[]): Promise<StoredOrder[]> {
  const orders = await tx.$queryRaw<Omit<StoredOrder, "items">[]>`
    SELECT "id", "externalId", "orderNumber", "personId", "placedAt", "status", "totalOre", "currency"
    FROM "Order"
    WHERE "externalId" = ANY(${exts}::text[]) OR "orderNumber" = ANY(${numbers}::text[])`;
  const items =
    orders.length === 0
      ? []
      : await tx.$queryRaw<(Item & { orderId: string })[]>`
    SELECT "orderId", "sku", "description", "quantity", "unitPriceOre"
    FROM "OrderItem" WHERE "orderId" = ANY(${orders.map((o) => o.id)}::text[])`;
  if (orders.length === 0) return [];
  const byOrder = new Map<string, Item[]>();
  for (const { orderId, ...item } of items) {
    const list = byOrder.get(orderId);
    if (list) list.push(item);
    else byOrder.set(orderId, [item]);
  }
  return orders.map((o) => ({ ...o, items: byOrder.get(o.id) ?? [] }));
}

/**
 * New orders and their items in two statements, whatever the batch size: each table's rows travel as
 * one JSON array of rows (json_to_recordset), one parameter that JSON.stringify writes in native code
 * and PostgreSQL reads in one pass, instead of a parameter per column or per value. Timestamps travel
 * as ISO strings in UTC (the columns are timestamp(3) holding UTC).
 */
async function insertOrders(
  tx: Tx,
  creates: { row: Prisma.OrderCreateManyInput; items: Item[] }[],
): Promise<void> {
  const orders: unknown[] = [];
  const items: unknown[] = [];
  for (const c of creates) {
    const id = randomUUID();
    const r = c.row;
    orders.push({
      i: id,
      p: r.personId,
      e: r.externalId,
      n: r.orderNumber,
      t: (r.placedAt as Date).toISOString(),
      s: r.status,
      o: r.totalOre,
      c: r.currency ?? "SEK",
    });
    for (const it of c.items) {
      items.push({
        i: randomUUID(),
        o: id,
        s: it.sku,
        d: it.description,
        q: it.quantity,
        u: it.unitPriceOre,
      });
    }
  }
  await tx.$executeRaw`
    INSERT INTO "Order" ("id", "personId", "externalId", "orderNumber", "placedAt", "status", "totalOre", "currency")
    SELECT r.i, r.p, r.e, r.n, r.t AT TIME ZONE 'UTC', r.s, r.o, r.c
    FROM json_to_recordset(${JSON.stringify(orders)}::json)
         AS r(i text, p text, e text, n text, t timestamptz, s text, o int, c text)`;
  await tx.$executeRaw`
    INSERT INTO "OrderItem" ("id", "orderId", "sku", "description", "quantity", "unitPriceOre")
    SELECT r.i, r.o, r.s, r.d, r.q, r.u
    FROM json_to_recordset(${JSON.stringify(items)}::json)
         AS r(i text, o text, s text, d text, q int, u int)`;
}

const columns: readonly CsvColumn[] = [
  { name: "externalId", kind: "string" },
  { name: "orderNumber", kind: "string" },
  { name: "customerExternalId", kind: "string" },
  { name: "customerEmail", kind: "string" },
  { name: "placedAt", kind: "string" },
  { name: "status", kind: "string" },
  { name: "currency", kind: "string" },
  { name: "totalOre", kind: "int" },
  { name: "itemSku", kind: "string", item: true },
  { name: "itemDescription", kind: "string", item: true },
  { name: "itemQuantity", kind: "int", item: true },
  { name: "itemUnitPriceOre", kind: "int", item: true },
];

export const ordersHandler = sourceKeyedHandler<OrderRecord>({
  type: "orders",
  schema: orderRecord,
  columns,
  csvGroupKey: "externalId",
  alsoUnique: (r) => [`number:${r.orderNumber}`],
  weight: (r) => 1 + r.items.length / 4,
  apply: applyOrders,
});
