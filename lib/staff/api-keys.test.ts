// API keys: shown once, stored hashed, scoped, revocable, and only for admins.
import { describe, expect, it } from "vitest";
import { db } from "../db";
import type { PersonActor, StaffActor } from "../auth/actor";
import {
  authenticateApiKey,
  createApiKey,
  createApiKeyInput,
  hashApiKey,
  listApiKeys,
  revokeApiKey,
} from "./api-keys";

const base = { sessionId: "s", userId: "u", signedInAt: new Date() };
const admin: StaffActor = {
  ...base,
  kind: "staff",
  role: "admin",
  staffMemberId: "staff-keys-admin",
  name: "A",
};
const staff: StaffActor = {
  ...base,
  kind: "staff",
  role: "staff",
  staffMemberId: "staff-keys-staff",
  name: "S",
};
const person: PersonActor = { ...base, kind: "person", personId: "p" };

describe("API keys", () => {
  it("are shown once and stored only as a keyed hash with a public prefix", async () => {
    const created = await createApiKey(admin, {
      name: "Webshop",
      scopes: ["ingest:orders", "ingest:people"],
    });
    expect(created.key).toMatch(/^ppk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}$/);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: created.id } });
    expect(row.hash).toBe(hashApiKey(created.key));
    expect(row.hash).not.toContain(created.key.slice(18));
    expect(row).toMatchObject({ prefix: created.prefix, createdById: admin.staffMemberId, revokedAt: null });
    const listed = (await listApiKeys(admin)).find((k) => k.id === created.id)!;
    expect(listed).not.toHaveProperty("hash");
    expect(listed.scopes).toEqual(["ingest:orders", "ingest:people"]);
    const audit = await db.auditEntry.findFirstOrThrow({
      where: { action: "admin.api_key_created", targetId: created.id },
    });
    expect(JSON.stringify(audit, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(
      created.key,
    );
  });

  it("authenticate by the whole key; a revoked key is known but refused", async () => {
    const created = await createApiKey(admin, { name: "CRM", scopes: ["ingest:consent"] });
    expect(await authenticateApiKey(`Bearer ${created.key}`)).toEqual({
      ok: true,
      key: { id: created.id, scopes: ["ingest:consent"] },
    });
    expect(await authenticateApiKey(null)).toMatchObject({ ok: false, status: 401, error: "missing_key" });
    expect(await authenticateApiKey(`Basic ${created.key}`)).toMatchObject({ ok: false, status: 401 });
    expect(await authenticateApiKey(`Bearer ${created.key}x`)).toMatchObject({ ok: false, status: 401 });
    await revokeApiKey(admin, created.id);
    await revokeApiKey(admin, created.id);
    expect(await authenticateApiKey(`Bearer ${created.key}`)).toMatchObject({
      ok: false,
      status: 403,
      error: "revoked_key",
    });
    expect(
      await db.auditEntry.count({ where: { action: "admin.api_key_revoked", targetId: created.id } }),
    ).toBe(1);
  });

  it("are managed by admins only", async () => {
    await expect(createApiKey(staff, { name: "x", scopes: ["ingest:people"] })).rejects.toThrow("forbidden");
    await expect(createApiKey(person, { name: "x", scopes: ["ingest:people"] })).rejects.toThrow("forbidden");
    await expect(listApiKeys(staff)).rejects.toThrow("forbidden");
    await expect(revokeApiKey(staff, "any")).rejects.toThrow("forbidden");
    await expect(createApiKey(null, { name: "x", scopes: ["ingest:people"] })).rejects.toThrow(
      "unauthenticated",
    );
  });

  it("need a name and at least one known scope", () => {
    const issues = (v: unknown) =>
      createApiKeyInput.safeParse(v).error?.issues.map((i) => [i.path.join("."), i.message]) ?? [];
    expect(issues({ name: " ", scopes: ["ingest:people"] })).toEqual([["name", "name_required"]]);
    expect(issues({ name: "x", scopes: [] })).toEqual([["scopes", "scopes_required"]]);
    expect(issues({ name: "x", scopes: ["admin:all"] })).toEqual([["scopes.0", "scope_invalid"]]);
    expect(createApiKeyInput.parse({ name: "x", scopes: ["ingest:people", "ingest:people"] }).scopes).toEqual(
      ["ingest:people"],
    );
  });
});
