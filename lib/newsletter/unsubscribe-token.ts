// The one-click unsubscribe token: the person's id (and optionally one topic) with an HMAC under a
// key derived for this purpose only. It needs no database row and no expiry (an old newsletter must
// still let the person out), but nobody can make one without the portal's key, and changing the id or
// the topic breaks it.
import { createHmac, timingSafeEqual } from "node:crypto";
import { subKey } from "../crypto/keys";

const VERSION = "u1";
const ID = /^[A-Za-z0-9_-]{1,64}$/;
const TOPIC = /^[a-z0-9_-]{0,64}$/;

export type UnsubscribeTarget = { personId: string; topic: string };

export function unsubscribeToken(personId: string, topic = ""): string {
  if (!ID.test(personId) || !TOPIC.test(topic)) throw new Error("unsubscribeToken: bad id or topic");
  const payload = Buffer.from(`${personId}:${topic}`, "utf8").toString("base64url");
  return `${payload}.${mac(personId, topic).toString("base64url")}`;
}

/** The person (and topic, "" = all email marketing) the token was made for, or null if it is not ours. */
export function verifyUnsubscribeToken(token: unknown): UnsubscribeTarget | null {
  if (typeof token !== "string" || token.length > 400) return null;
  const parts = token.split(".");
  if (parts.length !== 2 || !parts[0] || !parts[1]) return null;
  const decoded = Buffer.from(parts[0], "base64url").toString("utf8");
  // base64url decoding is lenient: insist the payload is exactly what we would have written.
  if (Buffer.from(decoded, "utf8").toString("base64url") !== parts[0]) return null;
  const sep = decoded.indexOf(":");
  if (sep < 0) return null;
  const personId = decoded.slice(0, sep);
  const topic = decoded.slice(sep + 1);
  if (!ID.test(personId) || !TOPIC.test(topic)) return null;
  // Compared as text, so no other spelling of the same bytes is accepted.
  const given = Buffer.from(parts[1], "utf8");
  const expected = Buffer.from(mac(personId, topic).toString("base64url"), "utf8");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return null;
  return { personId, topic };
}

function mac(personId: string, topic: string): Buffer {
  return createHmac("sha256", subKey("unsubscribe")).update(`${VERSION}\n${personId}\n${topic}`).digest();
}
