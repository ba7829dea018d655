// The ingest API over HTTP semantics: real Request objects into the exported handlers.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { StaffActor } from "@/lib/auth/actor";
import { hit } from "@/lib/auth/rate-limit";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { createApiKey, revokeApiKey, type ApiScope } from "@/lib/staff/api-keys";
import { MAX_BODY_BYTES, MAX_RECORDS, REQUESTS_PER_MINUTE } from "@/lib/import/ingest";
import { cleanUp, newTag } from "@/test/import-helpers";
import { GET as openapi } from "../openapi.json/route";
import { POST } from "./route";

const admin: StaffActor = {
  kind: "staff",
  role: "admin",
  staffMemberId: "staff-ingest-test",
  name: "Admin",
  sessionId: "s",
  userId: "u",
  signedInAt: new Date(),
};

const tag = newTag();

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});
afterAll(async () => {
  await cleanUp(tag);
});

async function key(scopes: ApiScope[] = ["ingest:people"]) {
  return createApiKey(admin, { name: `test ${tag}`, scopes });
}

function post(type: string, body: string | unknown, opts: { key?: string; contentType?: string } = {}) {
  const headers: Record<string, string> = { "content-type": opts.contentType ?? "application/json" };
  if (opts.key) headers.authorization = `Bearer ${opts.key}`;
  const request = new Request(`http://localhost:3000/api/ingest/${type}`, {
    method: "POST",
    headers,
    body: typeof body === "string" ? body : JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({ type }) });
}

let n = 0;
function personRecord(extra: Record<string, unknown> = {}) {
  n++;
  return {
    externalId: `${tag}-${n}`,
    email: `api${n}@${tag}.import.example`,
    firstName: "Api",
    sourceUpdatedAt: "2026-01-01T00:00:00Z",
    ...extra,
  };
}

const storedPeople = () => db.person.count({ where: { email: { endsWith: `@${tag}.import.example` } } });

async function notAtMinuteEnd() {
  // The rate limit counts per calendar minute: keep a test's requests inside one.
  const s = new Date().getUTCSeconds();
  if (s >= 55) await new Promise((r) => setTimeout(r, (61 - s) * 1000));
}

describe("POST /api/ingest/{type}", () => {
  it("creates records and answers 200 with a result per record; the call is audited and the key marked used", async () => {
    const k = await key();
    const records = [personRecord(), personRecord()];
    const res = await post("people", records, { key: k.key });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.summary).toMatchObject({ total: 2, created: 2, rejected: 0 });
    expect(body.results).toEqual([
      { index: 0, outcome: "created", key: records[0]!.externalId },
      { index: 1, outcome: "created", key: records[1]!.externalId },
    ]);
    // The same request again changes nothing.
    const again = await (await post("people", records, { key: k.key })).json();
    expect(again.summary).toMatchObject({ skipped: 2, created: 0, updated: 0 });

    const row = await db.apiKey.findUniqueOrThrow({ where: { id: k.id } });
    expect(row.lastUsedAt).not.toBeNull();
    const entries = await db.auditEntry.findMany({ where: { action: "ingest.call", targetId: k.id } });
    expect(entries).toHaveLength(2);
    expect(entries[0]).toMatchObject({
      actorType: "system",
      actorId: `api-key:${k.id}`,
      targetType: "api_key",
    });
    expect(entries[0]!.meta).toMatchObject({ type: "people", total: 2, created: 2 });
    // Counts only: no address in the audit trail.
    expect(JSON.stringify(entries, (_k, v) => (typeof v === "bigint" ? String(v) : v))).not.toContain(tag);
  });

  it("answers 207 when some records are rejected, with the reason for each", async () => {
    const k = await key();
    const good = personRecord();
    const res = await post("people", [good, personRecord({ email: "not an address" }), "a string"], {
      key: k.key,
    });
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(
      body.results.map((r: { index: number; outcome: string; reason?: string }) => [
        r.index,
        r.outcome,
        r.reason,
      ]),
    ).toEqual([
      [0, "created", undefined],
      [1, "rejected", "invalid"],
      [2, "rejected", "invalid"],
    ]);
    expect(body.results[1].errors).toEqual([{ field: "email", message: "not a valid email address" }]);
  });

  it("refuses a request without a key, or with an unknown one, with 401 and stores nothing", async () => {
    const before = await storedPeople();
    for (const k of [undefined, "nonsense", "ppk_aaaaaaaaaaaa_" + "A".repeat(43)]) {
      const res = await post("people", [personRecord()], { key: k });
      expect(res.status).toBe(401);
      expect(res.headers.get("www-authenticate")).toMatch(/^Bearer/);
    }
    // A real prefix with a wrong secret is as unknown as any other key.
    const k = await key();
    const forged = k.key.slice(0, -4) + (k.key.endsWith("AAAA") ? "BBBB" : "AAAA");
    expect((await post("people", [personRecord()], { key: forged })).status).toBe(401);
    expect(await storedPeople()).toBe(before);
  });

  it("refuses a revoked key and a key without the type's scope with 403 and stores nothing", async () => {
    const before = await storedPeople();
    const revoked = await key();
    await revokeApiKey(admin, revoked.id);
    const res = await post("people", [personRecord()], { key: revoked.key });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toBe("revoked_key");

    const ordersOnly = await key(["ingest:orders"]);
    const wrong = await post("people", [personRecord()], { key: ordersOnly.key });
    expect(wrong.status).toBe(403);
    expect((await wrong.json()).error).toBe("wrong_scope");
    expect(await storedPeople()).toBe(before);
    expect(
      await db.auditEntry.count({
        where: { action: "ingest.call", targetId: { in: [revoked.id, ordersOnly.id] } },
      }),
    ).toBe(0);
  });

  it("answers 400 to a body that is not JSON, not an array or too long, 413 to one too large; nothing stored", async () => {
    const k = await key();
    const before = await storedPeople();
    const cases: [string, number, string][] = [
      ["{not json", 400, "invalid_json"],
      [JSON.stringify(personRecord()), 400, "expected_array"],
      [
        JSON.stringify(Array.from({ length: MAX_RECORDS + 1 }, () => personRecord())),
        400,
        "too_many_records",
      ],
      [JSON.stringify([personRecord({ firstName: "x".repeat(MAX_BODY_BYTES) })]), 413, "too_large"],
    ];
    for (const [body, status, error] of cases) {
      const res = await post("people", body, { key: k.key });
      expect(res.status, error).toBe(status);
      expect((await res.json()).error).toBe(error);
    }
    const wrongType = await post("people", "a,b\n1,2", { key: k.key, contentType: "text/csv" });
    expect(wrongType.status).toBe(415);
    expect(await storedPeople()).toBe(before);
  });

  it("answers 404 to an unknown record type", async () => {
    const k = await key();
    expect((await post("customers-and-more", [], { key: k.key })).status).toBe(404);
  });

  it("answers 429 once a key has used up its requests for the minute, and stores nothing", async () => {
    await notAtMinuteEnd();
    const k = await key();
    // Use up all but one request of this minute, then spend the last one through the route.
    for (let i = 0; i < REQUESTS_PER_MINUTE - 1; i++) await hit(db, "ingest", k.id, REQUESTS_PER_MINUTE, 1);
    expect((await post("people", [], { key: k.key })).status).toBe(200);
    const before = await storedPeople();
    const res = await post("people", [personRecord()], { key: k.key });
    expect(res.status).toBe(429);
    expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(await storedPeople()).toBe(before);
    // Another key is not affected.
    const other = await key();
    expect((await post("people", [personRecord()], { key: other.key })).status).toBe(200);
  });

  it("validates other types with the import's code: an order for an unknown person is rejected", async () => {
    const k = await key(["ingest:orders"]);
    const res = await post(
      "orders",
      [
        {
          externalId: `${tag}-o1`,
          orderNumber: `${tag}-n1`,
          customerExternalId: `${tag}-nobody`,
          placedAt: "2026-01-01",
          status: "completed",
          totalOre: 100,
          items: [{ sku: "A", description: "A", quantity: 1, unitPriceOre: 100 }],
        },
      ],
      { key: k.key },
    );
    expect(res.status).toBe(207);
    expect((await res.json()).results[0]).toMatchObject({ outcome: "rejected", reason: "unknown_person" });
  });
});

describe("GET /api/ingest/openapi.json", () => {
  it("describes every type as OpenAPI 3.1 with the status codes the route answers", async () => {
    const res = await openapi();
    expect(res.status).toBe(200);
    const doc = await res.json();
    expect(doc.openapi).toBe("3.1.0");
    for (const type of ["people", "orders", "invoices", "payments", "consent", "web-events"]) {
      const op = doc.paths[`/api/ingest/${type}`].post;
      expect(Object.keys(op.responses).sort()).toEqual(
        ["200", "207", "400", "401", "403", "404", "413", "415", "429"].sort(),
      );
      expect(op.requestBody.content["application/json"].schema.maxItems).toBe(MAX_RECORDS);
    }
    const people = doc.components.schemas.PeopleRecord;
    expect(people.required).toEqual(expect.arrayContaining(["externalId", "email", "sourceUpdatedAt"]));
    expect(people.additionalProperties).toBe(false);
    expect(doc.components.schemas.OrdersRecord.properties.items.maxItems).toBe(500);
  });
});
