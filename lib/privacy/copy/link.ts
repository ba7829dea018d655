// The download link of a copy: signed (HMAC over copy id, person id and expiry with a key of its own),
// expiring with the copy, and valid only for the person it was made for: the route checks it against
// the signed-in person's id, so a link forwarded to someone else, forged or expired opens nothing.
import { createHmac, timingSafeEqual } from "node:crypto";
import { subKey } from "../../crypto/keys";

function signature(copyId: string, personId: string, exp: number): string {
  return createHmac("sha256", subKey("copy-link")).update(`${copyId}.${personId}.${exp}`).digest("base64url");
}

export function copyLinkQuery(
  copyId: string,
  personId: string,
  expiresAt: Date,
): { exp: string; sig: string } {
  const exp = Math.floor(expiresAt.getTime() / 1000);
  return { exp: String(exp), sig: signature(copyId, personId, exp) };
}

/** The path the person downloads from (relative: the page renders it, the route checks it). */
export function copyDownloadPath(copyId: string, personId: string, expiresAt: Date): string {
  const { exp, sig } = copyLinkQuery(copyId, personId, expiresAt);
  return `/api/exports/${encodeURIComponent(copyId)}?exp=${exp}&sig=${sig}`;
}

export function verifyCopyLink(
  copyId: string,
  personId: string,
  exp: string,
  sig: string,
  now = new Date(),
): boolean {
  if (!/^\d{1,12}$/.test(exp) || !/^[A-Za-z0-9_-]{43}$/.test(sig)) return false;
  const expected = Buffer.from(signature(copyId, personId, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return false;
  return Number(exp) * 1000 > now.getTime();
}
