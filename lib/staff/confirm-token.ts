// The link that lets a person confirm, from their own mailbox, a request staff registered for them.
// The token is signed, not stored: an HMAC (own sub-key) over the request id, the person id and the
// expiry (7 days). Nothing secret is kept at rest, so there is nothing to hash; the request's status
// makes the link single-use (awaiting_confirmation -> received happens once).
import { createHmac, timingSafeEqual } from "node:crypto";
import { subKey } from "../crypto/keys";

export const CONFIRM_DAYS = 7;
export const CONFIRM_TOKEN_PATTERN = /^[A-Za-z0-9_-]{10,200}\.[A-Za-z0-9_-]{43}$/;

export type ConfirmClaims = { requestId: string; personId: string; expiresAt: Date };

function mac(payload: string): string {
  return createHmac("sha256", subKey("request-confirm")).update(payload).digest("base64url");
}

export function signConfirmToken(requestId: string, personId: string, now = new Date()): string {
  const exp = Math.floor(now.getTime() / 1000) + CONFIRM_DAYS * 86_400;
  const payload = Buffer.from(`${requestId}|${personId}|${exp}`, "utf8").toString("base64url");
  return `${payload}.${mac(payload)}`;
}

/** The claims of a well-formed, correctly signed token (expired or not), or null. */
export function readConfirmToken(token: string): ConfirmClaims | null {
  if (!CONFIRM_TOKEN_PATTERN.test(token)) return null;
  const [payload, sig] = token.split(".") as [string, string];
  const expected = Buffer.from(mac(payload));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
  const parts = Buffer.from(payload, "base64url").toString("utf8").split("|");
  if (parts.length !== 3 || !/^\d+$/.test(parts[2]!)) return null;
  return { requestId: parts[0]!, personId: parts[1]!, expiresAt: new Date(Number(parts[2]) * 1000) };
}
