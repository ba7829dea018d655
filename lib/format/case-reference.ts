// A request's case reference as people read it: eight characters in two groups ("K7M2-9QXP"), derived
// from the request's id, so the portal's pages, the emails and the staff console can all show the same
// reference without storing it. Crockford's base 32 (no I, L, O or U) keeps it easy to read out on the
// phone; 40 bits make two of one person's requests sharing one practically impossible.
import { createHash } from "node:crypto";

const ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

export function caseReference(requestId: string): string {
  const bytes = createHash("sha256").update(`request:${requestId}`).digest();
  let bits = 0n;
  for (let i = 0; i < 5; i++) bits = (bits << 8n) | BigInt(bytes[i]!);
  let out = "";
  for (let i = 0; i < 8; i++) {
    out = ALPHABET[Number(bits & 31n)]! + out;
    bits >>= 5n;
  }
  return `${out.slice(0, 4)}-${out.slice(4)}`;
}
