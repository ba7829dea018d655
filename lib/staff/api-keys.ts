// API keys for the ingest API. Admins create and revoke them; a key is shown once, on creation, and
// stored only as a keyed hash (HMAC, sub-key "api-key") with a short public prefix to find it by.
// A key carries scopes (ingest:people, ingest:orders, ...): one per record type it may send.
import { defineUseCase } from "@/lib/kernel/use-case";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { keyedHash } from "../crypto/keys";
import { RECORD_TYPES, type RecordType } from "../import/types";

export const API_SCOPES = RECORD_TYPES.map((t) => `ingest:${t}` as const);
export type ApiScope = (typeof API_SCOPES)[number];

export const scopeFor = (type: RecordType): ApiScope => `ingest:${type}`;

export const createApiKeyInput = z.object({
  name: z.string({ error: "name_required" }).trim().min(1, "name_required").max(80, "name_too_long"),
  scopes: z
    .array(z.enum(API_SCOPES, { error: "scope_invalid" }), { error: "scopes_required" })
    .min(1, "scopes_required")
    .transform((s) => [...new Set(s)]),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeyInput>;

/** ppk_<prefix>_<secret>: the prefix finds the row, the whole key is compared by its hash. */
const KEY_PATTERN = /^ppk_([a-z0-9]{12})_([A-Za-z0-9_-]{43})$/;

export function hashApiKey(key: string): string {
  return keyedHash("api-key", key);
}

export type ApiKeyListItem = {
  id: string;
  name: string;
  prefix: string;
  scopes: string[];
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
};

export const listApiKeys = defineUseCase(
  "api_keys.list",
  { action: "admin.settings", callers: ["staff"] },
  async (_actor): Promise<ApiKeyListItem[]> => {
    return db.apiKey.findMany({
      orderBy: [{ revokedAt: { sort: "desc", nulls: "first" } }, { createdAt: "desc" }],
      // Never the hash.
      select: {
        id: true,
        name: true,
        prefix: true,
        scopes: true,
        createdAt: true,
        lastUsedAt: true,
        revokedAt: true,
      },
    });
  },
);

/** Creates a key; the returned `key` is the only time it exists in clear. */
export const createApiKey = defineUseCase(
  "api_keys.create",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, input: CreateApiKeyInput): Promise<{ id: string; key: string; prefix: string }> => {
    const prefix = randomPrefix();
    const key = `ppk_${prefix}_${randomBytes(32).toString("base64url")}`;
    return db.$transaction(async (tx) => {
      const row = await tx.apiKey.create({
        data: {
          name: input.name,
          prefix,
          hash: hashApiKey(key),
          scopes: input.scopes,
          createdById: actor.staffMemberId,
        },
        select: { id: true },
      });
      await audit(tx, actor, {
        action: "admin.api_key_created",
        targetType: "api_key",
        targetId: row.id,
        meta: { scopes: input.scopes.join(" ") },
      });
      return { id: row.id, key, prefix };
    });
  },
);

export const revokeApiKey = defineUseCase(
  "api_keys.revoke",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, id: string): Promise<void> => {
    await db.$transaction(async (tx) => {
      const row = await tx.apiKey.findUnique({ where: { id }, select: { id: true, revokedAt: true } });
      if (!row) throw new AppError("not_found");
      if (row.revokedAt) return;
      await tx.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
      await audit(tx, actor, { action: "admin.api_key_revoked", targetType: "api_key", targetId: id });
    });
  },
);

export type ApiKeyAuth =
  | { ok: true; key: { id: string; scopes: string[] } }
  | { ok: false; status: 401 | 403; error: "missing_key" | "invalid_key" | "revoked_key" };

/** Checks an `Authorization: Bearer <key>` header. */
export async function authenticateApiKey(header: string | null): Promise<ApiKeyAuth> {
  const m = /^Bearer\s+(\S+)\s*$/i.exec(header ?? "");
  if (!m) return { ok: false, status: 401, error: "missing_key" };
  const presented = m[1]!;
  const parts = KEY_PATTERN.exec(presented);
  if (!parts) return { ok: false, status: 401, error: "invalid_key" };
  const row = await db.apiKey.findUnique({
    where: { prefix: parts[1]! },
    select: { id: true, hash: true, scopes: true, revokedAt: true },
  });
  const expected = Buffer.from(row?.hash ?? hashApiKey("ppk_none"));
  const actual = Buffer.from(hashApiKey(presented));
  const matches = expected.length === actual.length && timingSafeEqual(expected, actual);
  if (!row || !matches) return { ok: false, status: 401, error: "invalid_key" };
  if (row.revokedAt) return { ok: false, status: 403, error: "revoked_key" };
  return { ok: true, key: { id: row.id, scopes: row.scopes } };
}

function randomPrefix(): string {
  const alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
  const bytes = randomBytes(12);
  return Array.from(bytes, (b) => alphabet[b % alphabet.length]).join("");
}
