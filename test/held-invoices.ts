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
  const held = await client.invoice.create({
    data: {
      personId,
      externalId: `i-${tag}-1`,
      invoiceNumber: `F-${tag}-1`,
      issuedAt: new Date("2023-04-02T10:00:00Z"),
      dueAt: new Date("2023-05-02T10:00:00Z"),
      amountOre: 125_000,
      status: "paid",
      paidAt: new Date("2023-04-20T10:00:00Z"),
      counterparty,
    },
  });
  const expired = await client.invoice.create({
    data: {
      personId,
      externalId: `i-${tag}-0`,
      invoiceNumber: `F-${tag}-0`,
      issuedAt: new Date("2015-03-01T10:00:00Z"),
      dueAt: new Date("2015-04-01T10:00:00Z"),
      amountOre: 9_900,
      status: "paid",
      paidAt: new Date("2015-03-10T10:00:00Z"),
      counterparty,
    },
  });
  return { held, expired };
}
