// The import's own check against the Tombstone table (lib/erasure/tombstone.ts did not exist when
// this was written). The hash purposes must match what erasure writes: "tombstone-email" over the
// normalised address, "personnummer" over YYYYMMDD-NNNN (the same hash Person.personnummerHash holds).
import { normaliseEmail } from "../auth/people";
import { keyedHash } from "../crypto/keys";
import type { Tx } from "../db";

export function tombstoneEmailHash(email: string): string {
  return keyedHash("tombstone-email", normaliseEmail(email));
}

/** The lookup hash of a normalised personnummer (YYYYMMDD-NNNN). */
export function personnummerHash(normalised: string): string {
  return keyedHash("personnummer", normalised);
}

export async function isTombstoned(
  tx: Tx,
  who: { email?: string | null; personnummer?: string | null },
): Promise<boolean> {
  const or: { emailHash?: string; personnummerHash?: string }[] = [];
  if (who.email) or.push({ emailHash: tombstoneEmailHash(who.email) });
  if (who.personnummer) or.push({ personnummerHash: personnummerHash(who.personnummer) });
  if (or.length === 0) return false;
  const hit = await tx.tombstone.findFirst({ where: { OR: or }, select: { id: true } });
  return hit !== null;
}

/** Of these addresses, the ones that belong to an erased person. */
export async function tombstonedEmails(tx: Tx, emails: readonly string[]): Promise<Set<string>> {
  if (emails.length === 0) return new Set();
  const byHash = new Map(emails.map((e) => [tombstoneEmailHash(e), e]));
  const rows = await tx.tombstone.findMany({
    where: { emailHash: { in: [...byHash.keys()] } },
    select: { emailHash: true },
  });
  return new Set(rows.map((r) => byHash.get(r.emailHash)!));
}
