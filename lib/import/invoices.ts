// Invoices (bookkeeping vouchers), a batch per transaction. A voucher keeps its counterparty whole;
// an invoice held after its person's erasure (restricted) is never touched again by an import.
import { z } from "zod";
import type { Tx } from "../db";
import { parseOrgNumber } from "../validation/personnummer";
import { sameDate, sameJson } from "./compare";
import { rowWriter } from "./write-rows";
import {
  currency,
  externalId,
  optText,
  optTimestamp,
  ore,
  personRef,
  refineRef,
  refKey,
  text,
  timestamp,
} from "./fields";
import { resolvePeople } from "./person-ref";
import type { ApplyResult, CsvColumn, RecordHandler, ValidItem } from "./types";

export const INVOICE_STATUSES = ["draft", "sent", "paid", "overdue", "credited", "cancelled"] as const;

const counterpartyOrgNumber = z
  .string({ error: "must be text" })
  .trim()
  .transform((v, ctx) => {
    const parsed = parseOrgNumber(v);
    if (!parsed) {
      ctx.addIssue({ code: "custom", message: "not a valid organisation number (NNNNNN-NNNN)" });
      return z.NEVER;
    }
    if (parsed.soleTrader) {
      // It would be a personnummer in clear on the voucher; the person's company holds it encrypted.
      ctx.addIssue({
        code: "custom",
        message: "a sole trader's organisation number is a personnummer: leave it out of the invoice",
      });
      return z.NEVER;
    }
    return parsed.value;
  })
  .nullish()
  .transform((v) => v ?? undefined);

export const invoiceRecord = z
  .strictObject({
    externalId,
    invoiceNumber: text(60),
    ...personRef,
    issuedAt: timestamp,
    dueAt: timestamp,
    amountOre: ore,
    currency,
    status: z.enum(INVOICE_STATUSES, { error: `one of ${INVOICE_STATUSES.join(", ")}` }),
    paidAt: optTimestamp,
    counterpartyName: text(200),
    counterpartyOrgNumber,
    counterpartyAddress: optText(300),
  })
  .superRefine((v, ctx) => {
    refineRef(v, ctx);
    if (v.dueAt < v.issuedAt) ctx.addIssue({ code: "custom", path: ["dueAt"], message: "before issuedAt" });
    if (v.status === "paid" && !v.paidAt)
      ctx.addIssue({ code: "custom", path: ["paidAt"], message: "required when paid" });
  });
export type InvoiceRecord = z.infer<typeof invoiceRecord>;

export async function applyInvoices(tx: Tx, items: ValidItem<InvoiceRecord>[]): Promise<ApplyResult[]> {
  const data = items.map((i) => i.data);
  const people = await resolvePeople(tx, data);
  const existing = await tx.invoice.findMany({
    where: {
      OR: [
        { externalId: { in: data.map((d) => d.externalId) } },
        { invoiceNumber: { in: data.map((d) => d.invoiceNumber) } },
      ],
    },
  });
  const byExt = new Map(existing.map((o) => [o.externalId, o]));
  const byNumber = new Map(existing.map((o) => [o.invoiceNumber, o]));
  const writer = rowWriter({
    same: (stored: (typeof existing)[number], row: InvoiceRow) =>
      stored.personId === row.personId &&
      stored.invoiceNumber === row.invoiceNumber &&
      sameDate(stored.issuedAt, row.issuedAt) &&
      sameDate(stored.dueAt, row.dueAt) &&
      stored.amountOre === row.amountOre &&
      stored.currency === row.currency &&
      stored.status === row.status &&
      sameDate(stored.paidAt, row.paidAt) &&
      sameJson(stored.counterparty, row.counterparty),
    update: (stored, row) => tx.invoice.update({ where: { id: stored.id }, data: row }),
    createMany: (rows) => tx.invoice.createMany({ data: rows }),
  });
  const results = writer.results;
  for (const d of data) {
    const key = d.externalId;
    const stored = byExt.get(d.externalId);
    if (stored?.restrictedAt) {
      results.push({ outcome: "skipped", reason: "restricted", key });
      continue;
    }
    const found = people.get(refKey(d))!;
    if ("missing" in found) {
      results.push({ outcome: "rejected", reason: found.missing, key });
      continue;
    }
    const owner = byNumber.get(d.invoiceNumber);
    if (owner && owner.externalId !== d.externalId) {
      results.push({
        outcome: "rejected",
        reason: "conflict",
        key,
        errors: [
          { field: "invoiceNumber", message: "another invoice (a different externalId) has this number" },
        ],
      });
      continue;
    }
    await writer.write(d.externalId, invoiceRow(d, found.person.id), stored);
  }
  return writer.finish();
}

type InvoiceRow = ReturnType<typeof invoiceRow>;

function invoiceRow(d: InvoiceRecord, personId: string) {
  return {
    personId,
    invoiceNumber: d.invoiceNumber,
    issuedAt: d.issuedAt,
    dueAt: d.dueAt,
    amountOre: d.amountOre,
    currency: d.currency,
    status: d.status,
    paidAt: d.paidAt ?? null,
    counterparty: {
      name: d.counterpartyName,
      orgNumber: d.counterpartyOrgNumber ?? null,
      address: d.counterpartyAddress ?? null,
    },
  };
}

const columns: readonly CsvColumn[] = [
  "externalId",
  "invoiceNumber",
  "customerExternalId",
  "customerEmail",
  "issuedAt",
  "dueAt",
  "amountOre",
  "currency",
  "status",
  "paidAt",
  "counterpartyName",
  "counterpartyOrgNumber",
  "counterpartyAddress",
].map((name) => ({ name, kind: name === "amountOre" ? ("int" as const) : ("string" as const) }));

export const invoicesHandler: RecordHandler<InvoiceRecord> = {
  type: "invoices",
  schema: invoiceRecord,
  columns,
  mode: "batch",
  keyOf: (r) => r.externalId,
  uniqueKeys: (r) => [`ext:${r.externalId}`, `number:${r.invoiceNumber}`],
  apply: (tx, items) => applyInvoices(tx, items),
};
