// Invoices for erasure tests, on any database client (the e2e tests' or a transaction): what
// bookkeeping law still holds and what it no longer does. Imports no database connection itself.
import type { Tx } from "../lib/db";

type Counterparty = { name: string; email: string; street: string; city: string };

/**
 * Two paid invoices to the person: a voucher of 2023-04-02 that bookkeeping law still holds, and one
 * of 2015 whose hold has ended. Their numbers are `F-<tag>-1` and `F-<tag>-0`.
 */
export async function makeHeldAndExpiredInvoices(
  client: Pick<Tx, "invoice">,
  personId: string,
  tag: string,
  counterparty: Counterparty,
) {
  // Issued, due and paid, each at 10:00 UTC.
  const paidInvoice = (n: number, [issued, due, paid]: [string, string, string], amountOre: number) =>
    client.invoice.create({
      data: {
        personId,
        externalId: `i-${tag}-${n}`,
        invoiceNumber: `F-${tag}-${n}`,
        issuedAt: new Date(`${issued}T10:00:00Z`),
        dueAt: new Date(`${due}T10:00:00Z`),
        amountOre,
        status: "paid",
        paidAt: new Date(`${paid}T10:00:00Z`),
        counterparty,
      },
    });
  const held = await paidInvoice(1, ["2023-04-02", "2023-05-02", "2023-04-20"], 125_000);
  const expired = await paidInvoice(0, ["2015-03-01", "2015-04-01", "2015-03-10"], 9_900);
  return { held, expired };
}

/** A card payment through PayPal of a paid invoice: its person, amount and paid date. */
export async function payByCard(
  client: Pick<Tx, "payment">,
  invoice: { id: string; personId: string | null; amountOre: number; paidAt: Date | null },
  details: { externalId: string; providerRef?: string; sharedWithProvider: Record<string, string> },
) {
  if (!invoice.paidAt) throw new Error(`invoice ${invoice.id} is not paid`);
  return client.payment.create({
    data: {
      personId: invoice.personId,
      invoiceId: invoice.id,
      paidAt: invoice.paidAt,
      amountOre: invoice.amountOre,
      method: "card",
      provider: "PayPal",
      ...details,
    },
  });
}
