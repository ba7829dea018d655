// Svix signatures (how Resend signs its webhooks), checked with node:crypto alone:
// the signed content is `${svix-id}.${svix-timestamp}.${raw body}`, HMAC-SHA256 with the secret's
// bytes (the base64 after "whsec_"), base64; `svix-signature` holds one or more "v1,<signature>"
// separated by spaces (several during a secret rotation). The timestamp must be recent, so a captured
// request cannot be replayed later.
import { createHmac, timingSafeEqual } from "node:crypto";

export const TOLERANCE_SECONDS = 5 * 60;

export type SvixHeaders = { id: string | null; timestamp: string | null; signature: string | null };

export function secretBytes(secret: string): Buffer {
  return Buffer.from(secret.startsWith("whsec_") ? secret.slice("whsec_".length) : secret, "base64");
}

export function signSvix(secret: string, id: string, timestamp: string, body: string): string {
  return createHmac("sha256", secretBytes(secret)).update(`${id}.${timestamp}.${body}`).digest("base64");
}

export type VerifyResult =
  { ok: true } | { ok: false; reason: "missing_headers" | "stale" | "bad_signature" };

export function verifySvix(
  secret: string,
  headers: SvixHeaders,
  body: string,
  now = new Date(),
  toleranceSeconds = TOLERANCE_SECONDS,
): VerifyResult {
  const { id, timestamp, signature } = headers;
  if (!id || !timestamp || !signature || id.length > 200 || signature.length > 2000) {
    return { ok: false, reason: "missing_headers" };
  }
  if (!/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: "stale" };
  if (Math.abs(Math.floor(now.getTime() / 1000) - Number(timestamp)) > toleranceSeconds) {
    return { ok: false, reason: "stale" };
  }
  const expected = Buffer.from(signSvix(secret, id, timestamp, body), "base64");
  for (const part of signature.split(" ")) {
    const [version, value] = part.split(",", 2);
    if (version !== "v1" || !value) continue;
    const given = Buffer.from(value, "base64");
    if (given.length === expected.length && timingSafeEqual(given, expected)) return { ok: true };
  }
  return { ok: false, reason: "bad_signature" };
}
