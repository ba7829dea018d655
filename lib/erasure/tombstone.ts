// Tombstones: a keyed hash of an erased person's email address(es) and personnummer, so that an import
// or the ingest API does not bring the person back. The hash keys come from PORTAL_HMAC_KEY; the
// personnummer hash is the same as Person.personnummerHash (lib/crypto/personnummer-hash.ts).
import { normaliseEmail } from "../auth/people";
import { keyedHash } from "../crypto/keys";
import { personnummerHash } from "../crypto/personnummer-hash";
import { db, type Tx } from "../db";

export function tombstoneEmailHash(email: string): string {
  return keyedHash("tombstone-email", normaliseEmail(email));
}

/** True when the email address or the personnummer belonged to someone who was erased. */
export async function isTombstoned(email?: string, personnummer?: string, tx: Tx = db): Promise<boolean> {
  const or: ({ emailHash: string } | { personnummerHash: string })[] = [];
  if (email && email.trim()) or.push({ emailHash: tombstoneEmailHash(email) });
  const pnrHash = personnummer ? personnummerHash(personnummer) : null;
  if (pnrHash) or.push({ personnummerHash: pnrHash });
  if (or.length === 0) return false;
  return (await tx.tombstone.count({ where: { OR: or } })) > 0;
}
