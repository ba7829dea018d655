// Invoices (bookkeeping vouchers), a batch per transaction. A voucher keeps its counterparty whole;
// an invoice held after its person's erasure (restricted) is never touched again by an import.
import { z } from "zod";
import type { Tx } from "../db";
import { parseOrgNumber } from "../validation/personnummer";
import { sameDate, sameJson, sameValues } from "./compare";
import { heldByAnother, sourceKeyedHandler, upsertRecords } from "./write-rows";
import {
  currency,
  externalId,
  opt,
  optText,
  optTimestamp,
  ore,
  personRef,
  readText,
  refineRef,
  text,
  timestamp,
} from "./fields";
import { plainColumns, type ApplyResult, type ValidItem } from "./types";

export const INVOICE_STATUSES = ["draft", "sent", "paid", "overdue", "credited", "cancelled"] as const;

const counterpartyOrgNumber = opt(
  readText(parseOrgNumber, "not a valid organisation number (NNNNNN-NNNN)").transform((parsed, ctx) => {
    if (parsed.soleTrader) {
      // It would be a personnummer in clear on the voucher; the person's company holds it encrypted.
      ctx.addIssue({
        code: "custom",
        message: "a sole trader's organisation number is a personnummer: leave it out of the invoice",
      });
      return z.NEVER;
    }
    return parsed.value;
  }),
);

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
  const existing = await tx.invoice.findMany({
    where: {
      OR: [
        { externalId: { in: data.map((d) => d.externalId) } },
        { invoiceNumber: { in: data.map((d) => d.invoiceNumber) } },
      ],
    },
  });
  const byNumber = new Map(existing.map((o) => [o.invoiceNumber, o]));
  return upsertRecords(tx, data, {
    stored: new Map(existing.map((o) => [o.externalId, o])),
    restricted: (stored) => stored.restrictedAt !== null,
    refuse: (d) =>
      heldByAnother(
        byNumber.get(d.invoiceNumber),
        d,
        "invoiceNumber",
        "another invoice (a different externalId) has this number",
      ),
    row: invoiceRow,
    same: (stored, row) =>
      sameValues(stored, row, ["personId", "invoiceNumber", "amountOre", "currency", "status"]) &&
      sameDate(stored.issuedAt, row.issuedAt) &&
      sameDate(stored.dueAt, row.dueAt) &&
      sameDate(stored.paidAt, row.paidAt) &&
      sameJson(stored.counterparty, row.counterparty),
    update: (stored, row) => tx.invoice.update({ where: { id: stored.id }, data: row }),
    createMany: (rows) => tx.invoice.createMany({ data: rows }),
  });
}

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

export const invoicesHandler = sourceKeyedHandler<InvoiceRecord>({
  type: "invoices",
  schema: invoiceRecord,
  columns: plainColumns(
    [
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
    ],
    ["amountOre"],
  ),
  alsoUnique: (r) => [`number:${r.invoiceNumber}`],
  apply: applyInvoices,
});
