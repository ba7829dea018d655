// Every address the person has been reachable under: the current one, earlier ones from the change
// history (encrypted with the person's key, so readable only until erasure destroys it) and one
// waiting for confirmation. Sign-in tokens, outbox rows, the partner's contact and tombstones are
// keyed by address, so erasure needs them all. An address that now belongs to someone else (a person
// or a staff member) is left out.
import { normaliseEmail } from "../auth/people";
import { decryptReadable, existingDataKey } from "../crypto/keys";
import type { Tx } from "../db";

export type Addresses = { current: string; others: string[]; all: string[] };

export async function addressesOf(tx: Tx, personId: string): Promise<Addresses | null> {
  const person = await tx.person.findUnique({ where: { id: personId }, select: { email: true } });
  if (!person) return null;
  const current = normaliseEmail(person.email);
  const found = new Set<string>();
  const [history, changes] = await Promise.all([
    tx.changeEntry.findMany({ where: { personId, field: "email" }, select: { oldEnc: true, newEnc: true } }),
    tx.emailChange.findMany({ where: { personId }, select: { newEmail: true } }),
  ]);
  if (history.length > 0) {
    const key = await existingDataKey(tx, personId);
    for (const h of history) {
      for (const enc of [h.oldEnc, h.newEnc]) {
        // A value the person's key no longer opens reads as nothing: nothing to act on.
        const value = decryptReadable(key, enc);
        if (value) found.add(normaliseEmail(value));
      }
    }
  }
  for (const c of changes) found.add(normaliseEmail(c.newEmail));
  found.delete(current);
  let others = [...found].filter((a) => a.includes("@"));
  if (others.length > 0) {
    // Someone else's: another person's or a staff member's (an email change asked for such an address
    // is stored, unconfirmable, and must not make it the person's).
    const [people, staff] = await Promise.all([
      tx.person.findMany({
        where: { id: { not: personId }, email: { in: others } },
        select: { email: true },
      }),
      tx.staffMember.findMany({ where: { email: { in: others } }, select: { email: true } }),
    ]);
    const takenSet = new Set([...people, ...staff].map((r) => normaliseEmail(r.email)));
    others = others.filter((a) => !takenSet.has(a)).sort();
  }
  return { current, others, all: [current, ...others] };
}
