// Per-person data keys (AES-256-GCM), wrapped with the master key from the environment.
// Destroying a person's wrapped key makes every value encrypted with it unreadable, wherever it is
// stored: that is how append-only stores can also be erased.
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  createSecretKey,
  hkdfSync,
  randomBytes,
  type KeyObject,
} from "node:crypto";
import { env } from "../env";
import type { Tx } from "../db";

const VERSION = 1;

function masterKey(): Buffer {
  return Buffer.from(env().PORTAL_MASTER_KEY, "base64");
}

export function seal(key: Buffer, plaintext: Buffer): Buffer {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key, iv);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), iv, cipher.getAuthTag(), body]);
}

export function open(key: Buffer, sealed: Uint8Array): Buffer {
  const buf = Buffer.from(sealed);
  if (buf[0] !== VERSION) throw new Error("unknown ciphertext version");
  const iv = buf.subarray(1, 13);
  const tag = buf.subarray(13, 29);
  const decipher = createDecipheriv("aes-256-gcm", key, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(buf.subarray(29)), decipher.final()]);
}

/** The person's data key, created on first use. */
export async function dataKeyFor(tx: Tx, personId: string): Promise<Buffer> {
  const existing = await tx.dataKey.findUnique({ where: { personId } });
  if (existing) return open(masterKey(), existing.wrapped);
  // Two callers at once (two attempts at one copy, say) both get the key that was stored first.
  await tx.dataKey.createMany({
    data: [{ personId, wrapped: new Uint8Array(seal(masterKey(), randomBytes(32))) }],
    skipDuplicates: true,
  });
  const stored = await tx.dataKey.findUniqueOrThrow({ where: { personId } });
  return open(masterKey(), stored.wrapped);
}

/** The key if it still exists; null after erasure destroyed it. */
export async function existingDataKey(tx: Tx, personId: string): Promise<Buffer | null> {
  const existing = await tx.dataKey.findUnique({ where: { personId } });
  return unwrapDataKey(existing?.wrapped ?? null);
}

/** A wrapped key as read from the DataKey table (null when there is none). */
export function unwrapDataKey(wrapped: Uint8Array | null): Buffer | null {
  return wrapped ? open(masterKey(), wrapped) : null;
}

export async function encryptForPerson(
  tx: Tx,
  personId: string,
  value: string,
): Promise<Uint8Array<ArrayBuffer>> {
  return new Uint8Array(seal(await dataKeyFor(tx, personId), Buffer.from(value, "utf8")));
}

export function decryptWith(key: Buffer | null, sealed: Uint8Array | null | undefined): string | null {
  if (!key || !sealed) return null;
  return open(key, sealed).toString("utf8");
}

/**
 * Like decryptWith, but a value whose key erasure destroyed, or that no longer opens, reads as
 * nothing: pages show it empty rather than fail.
 */
export function decryptReadable(key: Buffer | null, sealed: Uint8Array | null | undefined): string | null {
  try {
    return decryptWith(key, sealed);
  } catch {
    return null;
  }
}

/** Like decryptReadable, with the person's own key: nothing when the key or the value no longer opens. */
export async function decryptForPerson(
  tx: Tx,
  personId: string,
  sealed: Uint8Array | null | undefined,
): Promise<string | null> {
  try {
    return decryptWith(await existingDataKey(tx, personId), sealed);
  } catch {
    return null;
  }
}

/** A keyed hash for lookups and tombstones, one sub-key per purpose. */
export function keyedHash(purpose: string, value: string): string {
  return createHmac("sha256", subKey(purpose)).update(value).digest("base64url");
}

/** A key for one purpose derived from the master key (what the portal seals that is no one person's). */
export function masterSubKey(purpose: string): Buffer {
  return Buffer.from(hkdfSync("sha256", masterKey(), Buffer.alloc(0), purpose, 32));
}

// Derived once per root key and purpose: the derivation (HKDF) is most of an audit entry's CPU
// otherwise, and every page view derives several.
const derived = new Map<string, KeyObject>();

/** The HMAC key for one purpose, derived from PORTAL_HMAC_KEY. */
export function subKey(purpose: string): KeyObject {
  const root = env().PORTAL_HMAC_KEY;
  const id = `${purpose}\u0000${root}`;
  let key = derived.get(id);
  if (!key) {
    if (derived.size > 64) derived.clear(); // the root key changed (tests): start again
    key = createSecretKey(
      Buffer.from(hkdfSync("sha256", Buffer.from(root, "base64"), Buffer.alloc(0), purpose, 32)),
    );
    derived.set(id, key);
  }
  return key;
}
