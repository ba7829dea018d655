// Orders, invoices, payments, consent and web events name their person by the source's customer id
// (customerExternalId) or, failing that, by email (customerEmail). Resolved for a whole batch at once.
import type { Tx } from "../db";
import { refKey, type PersonRefFields } from "./fields";
import { tombstoneEmailHash } from "../erasure/tombstone";

export type ResolvedPerson = { id: string; restrictedAt: Date | null };
export type Resolution = { person: ResolvedPerson } | { missing: "unknown_person" | "erased" };

export async function resolvePeople(
  tx: Tx,
  refs: readonly PersonRefFields[],
): Promise<Map<string, Resolution>> {
  const exts = new Set<string>();
  const emails = new Set<string>();
  for (const r of refs) {
    if (r.customerExternalId) exts.add(r.customerExternalId);
    else if (r.customerEmail) emails.add(r.customerEmail);
  }
  const select = { id: true, externalId: true, email: true, restrictedAt: true } as const;
  const [byExt, byEmail] = await Promise.all([
    exts.size > 0 ? tx.person.findMany({ where: { externalId: { in: [...exts] } }, select }) : [],
    emails.size > 0 ? tx.person.findMany({ where: { email: { in: [...emails] } }, select }) : [],
  ]);
  const found = new Map<string, Resolution>();
  for (const p of byExt)
    found.set(`ext:${p.externalId}`, { person: { id: p.id, restrictedAt: p.restrictedAt } });
  for (const p of byEmail)
    found.set(`email:${p.email}`, { person: { id: p.id, restrictedAt: p.restrictedAt } });
  // An address nobody holds may be an erased person's: say so rather than "unknown".
  const unknownEmails = [...emails].filter((e) => !found.has(`email:${e}`));
  const erased = await tombstonedEmails(tx, unknownEmails);
  const out = new Map<string, Resolution>();
  for (const r of refs) {
    const key = refKey(r);
    if (out.has(key)) continue;
    const hit = found.get(key);
    if (hit) out.set(key, hit);
    else if (!r.customerExternalId && r.customerEmail && erased.has(r.customerEmail))
      out.set(key, { missing: "erased" });
    else out.set(key, { missing: "unknown_person" });
  }
  return out;
}

/** Each record with its person (or why it has none), resolved for the whole batch at once. */
export async function withPeople<R extends PersonRefFields>(
  tx: Tx,
  records: readonly R[],
): Promise<[R, Resolution][]> {
  const people = await resolvePeople(tx, records);
  return records.map((r) => [r, people.get(refKey(r))!]);
}

/** Of these addresses, the ones that belong to an erased person (one query for the batch). */
async function tombstonedEmails(tx: Tx, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const byHash = new Map(emails.map((e) => [tombstoneEmailHash(e), e]));
  const rows = await tx.tombstone.findMany({
    where: { emailHash: { in: [...byHash.keys()] } },
    select: { emailHash: true },
  });
  return new Set(rows.map((r) => byHash.get(r.emailHash)!));
}
