// Payments, a batch per transaction, optionally linked to an invoice by its externalId. What was given
// to the payment partner is kept as the partner reports it: payer email, card brand, last four digits
// (never a full card number).
import { z } from "zod";
import type { Tx } from "../db";
import { sameDate, sameJson, sameValues } from "./compare";
import { sourceKeyedHandler, upsertRecords } from "./write-rows";
import {
  currency,
  externalId,
  optEmail,
  optText,
  ore,
  personRef,
  refineRef,
  text,
  timestamp,
} from "./fields";
import { plainColumns, type ApplyResult, type ValidItem } from "./types";

export const PAYMENT_METHODS = [
  "card",
  "invoice",
  "swish",
  "bank_transfer",
  "paypal",
  "direct_debit",
  "other",
] as const;

export const paymentRecord = z
  .strictObject({
    externalId,
    ...personRef,
    invoiceExternalId: externalId.optional(),
    paidAt: timestamp,
    amountOre: ore,
    currency,
    method: z.enum(PAYMENT_METHODS, { error: `one of ${PAYMENT_METHODS.join(", ")}` }),
    provider: text(60),
    providerRef: optText(100),
    payerEmail: optEmail,
    cardBrand: optText(30),
    cardLast4: z
      .string({ error: "must be text" })
      .regex(/^\d{4}$/, "exactly the last four digits of the card")
      .nullish()
      .transform((v) => v ?? undefined),
  })
  .superRefine(refineRef);
export type PaymentRecord = z.infer<typeof paymentRecord>;

export async function applyPayments(tx: Tx, items: ValidItem<PaymentRecord>[]): Promise<ApplyResult[]> {
  const data = items.map((i) => i.data);
  const invoiceExts = [...new Set(data.flatMap((d) => (d.invoiceExternalId ? [d.invoiceExternalId] : [])))];
  const [existing, invoices] = await Promise.all([
    tx.payment.findMany({ where: { externalId: { in: data.map((d) => d.externalId) } } }),
    invoiceExts.length > 0
      ? tx.invoice.findMany({
          where: { externalId: { in: invoiceExts } },
          select: { id: true, externalId: true },
        })
      : [],
  ]);
  const invoiceId = new Map(invoices.map((i) => [i.externalId, i.id]));
  return upsertRecords(tx, data, {
    stored: new Map(existing.map((p) => [p.externalId, p])),
    restricted: (stored) => stored.restrictedAt !== null,
    refuse: (d) =>
      d.invoiceExternalId && !invoiceId.has(d.invoiceExternalId)
        ? {
            reason: "unknown_reference",
            errors: [
              {
                field: "invoiceExternalId",
                message: "no invoice with this externalId (import invoices first)",
              },
            ],
          }
        : null,
    row: (d, personId) =>
      paymentRow(d, personId, d.invoiceExternalId ? invoiceId.get(d.invoiceExternalId)! : null),
    same: (stored, row) =>
      sameValues(stored, row, [
        "personId",
        "invoiceId",
        "amountOre",
        "currency",
        "method",
        "provider",
        "providerRef",
      ]) &&
      sameDate(stored.paidAt, row.paidAt) &&
      sameJson(stored.sharedWithProvider, row.sharedWithProvider ?? null),
    update: (stored, row) => tx.payment.update({ where: { id: stored.id }, data: row }),
    createMany: (rows) => tx.payment.createMany({ data: rows }),
  });
}

function paymentRow(d: PaymentRecord, personId: string, invoiceId: string | null) {
  const shared = {
    ...(d.payerEmail ? { payerEmail: d.payerEmail } : {}),
    ...(d.cardBrand ? { cardBrand: d.cardBrand } : {}),
    ...(d.cardLast4 ? { cardLast4: d.cardLast4 } : {}),
  };
  return {
    personId,
    invoiceId,
    paidAt: d.paidAt,
    amountOre: d.amountOre,
    currency: d.currency,
    method: d.method,
    provider: d.provider,
    providerRef: d.providerRef ?? null,
    sharedWithProvider: Object.keys(shared).length > 0 ? shared : undefined,
  };
}

export const paymentsHandler = sourceKeyedHandler<PaymentRecord>({
  type: "payments",
  schema: paymentRecord,
  columns: plainColumns(
    [
      "externalId",
      "customerExternalId",
      "customerEmail",
      "invoiceExternalId",
      "paidAt",
      "amountOre",
      "currency",
      "method",
      "provider",
      "providerRef",
      "payerEmail",
      "cardBrand",
      "cardLast4",
    ],
    ["amountOre"],
  ),
  apply: applyPayments,
});
