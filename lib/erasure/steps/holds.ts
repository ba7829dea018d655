// Step 4: held records (vouchers under Bokföringslagen) are kept whole but restricted: no longer
// linked to the person (personId null), marked restrictedAt, and given the day they are deleted
// (deleteAfter, per record). Vouchers whose hold has already ended are deleted now.
import type { Tx } from "../../db";
import { getSettings } from "../../settings";
import { heldRecordsOf } from "../plan";
import type { Detail, ErasureStepDef } from "./types";

export const holdsStep: ErasureStepDef = {
  name: "holds",
  inside: (tx, ctx) => restrictHeldRecords(tx, ctx.personId, ctx.now),
};

export async function restrictHeldRecords(tx: Tx, personId: string, now: Date): Promise<Detail> {
  const records = await heldRecordsOf(tx, personId, await getSettings(tx));
  const counts = { invoicesHeld: 0, paymentsHeld: 0, invoicesDeleted: 0, paymentsDeleted: 0 };
  // One update per deleteAfter date and table, not per record: a long history has thousands.
  const held = new Map<string, { invoice: string[]; payment: string[]; deleteAfter: Date }>();
  const expired = { invoice: [] as string[], payment: [] as string[] };
  for (const r of records) {
    if (r.deleteAfter <= now) {
      expired[r.kind].push(r.id);
      continue;
    }
    const group = held.get(r.deleteFrom) ?? { invoice: [], payment: [], deleteAfter: r.deleteAfter };
    group[r.kind].push(r.id);
    held.set(r.deleteFrom, group);
  }
  for (const g of held.values()) {
    const data = { restrictedAt: now, deleteAfter: g.deleteAfter, personId: null };
    if (g.invoice.length)
      counts.invoicesHeld += (await tx.invoice.updateMany({ where: { id: { in: g.invoice } }, data })).count;
    if (g.payment.length)
      counts.paymentsHeld += (await tx.payment.updateMany({ where: { id: { in: g.payment } }, data })).count;
  }
  if (expired.payment.length) {
    counts.paymentsDeleted = (await tx.payment.deleteMany({ where: { id: { in: expired.payment } } })).count;
  }
  if (expired.invoice.length) {
    counts.invoicesDeleted = (await tx.invoice.deleteMany({ where: { id: { in: expired.invoice } } })).count;
  }
  return counts;
}
