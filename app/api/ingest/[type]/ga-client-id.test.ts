// Web events carry the browser's Google Analytics client id (or its raw _ga cookie), kept on the event
// so an erasure can ask Google Analytics to delete; anything else is refused and nothing is stored.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import type { StaffActor } from "@/lib/auth/actor";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { createApiKey } from "@/lib/staff/api-keys";
import { readGaClientId } from "@/lib/import/web-events";
import { cleanUp, newTag } from "@/test/import-helpers";
import { GET as openapi } from "../openapi.json/route";
import { POST } from "./route";

const admin: StaffActor = {
  kind: "staff",
  role: "admin",
  staffMemberId: "staff-ingest-ga-test",
  name: "Admin",
  sessionId: "s",
  userId: "u",
  signedInAt: new Date(),
};

const tag = newTag();
const email = `ga@${tag}.import.example`;
let apiKey = "";

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
  apiKey = (
    await createApiKey(admin, { name: `test ${tag}`, scopes: ["ingest:people", "ingest:web-events"] })
  ).key;
  const res = await post("people", [
    { externalId: `${tag}-p`, email, firstName: "Ga", sourceUpdatedAt: "2026-01-01T00:00:00Z" },
  ]);
  expect(res.status).toBe(200);
});
afterAll(async () => {
  await cleanUp(tag);
});

function post(type: string, body: unknown) {
  const request = new Request(`http://localhost:3000/api/ingest/${type}`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Bearer ${apiKey}` },
    body: JSON.stringify(body),
  });
  return POST(request, { params: Promise.resolve({ type }) });
}

let n = 0;
function event(gaClientId: unknown) {
  n++;
  return {
    externalId: `${tag}-w${n}`,
    customerEmail: email,
    occurredAt: "2026-11-01T10:00:00Z",
    kind: "page_view",
    path: "/",
    gaClientId,
  };
}

const stored = (externalId: string) =>
  db.webEvent.findUnique({ where: { externalId }, select: { gaClientId: true } });

describe("web events' Google Analytics client id", () => {
  it("reads a client id, or the client id inside a _ga cookie's value", () => {
    expect(readGaClientId("123456789.1700000000")).toBe("123456789.1700000000");
    expect(readGaClientId("GA1.1.123456789.1700000000")).toBe("123456789.1700000000");
    expect(readGaClientId("GA1.2.987.1700000000")).toBe("987.1700000000");
    for (const bad of ["", "123456789", "abc.1700000000", "123.456.789", "GA1.1.123", "GA2.1.1.2", " 1.2x"]) {
      expect(readGaClientId(bad), bad).toBeNull();
    }
  });

  it("stores a client id, and the client id of a raw _ga cookie value", async () => {
    const plain = event("123456789.1700000000");
    const cookie = event("GA1.1.555000111.1712131200");
    const none = event(undefined);
    const res = await post("web-events", [plain, cookie, none]);
    expect(res.status).toBe(200);
    expect((await res.json()).summary).toMatchObject({ total: 3, created: 3, rejected: 0 });
    expect(await stored(plain.externalId)).toEqual({ gaClientId: "123456789.1700000000" });
    expect(await stored(cookie.externalId)).toEqual({ gaClientId: "555000111.1712131200" });
    expect(await stored(none.externalId)).toEqual({ gaClientId: null });
  });

  it("refuses a malformed client id with a clear error, and stores nothing of that event", async () => {
    const good = event("42.1700000000");
    const bad = [event("GA1.1.abc.123"), event("123456789"), event("x".repeat(30)), event(12345)];
    const res = await post("web-events", [good, ...bad]);
    expect(res.status).toBe(207);
    const body = await res.json();
    expect(body.summary).toMatchObject({ total: 5, created: 1, rejected: 4 });
    for (const [i, b] of bad.entries()) {
      const result = body.results[i + 1];
      expect(result).toMatchObject({ outcome: "rejected", reason: "invalid" });
      expect(result.errors[0].field).toBe("gaClientId");
      expect(await stored(b.externalId)).toBeNull();
    }
    expect(body.results[1].errors[0].message).toMatch(/digits\.digits/);
    expect(await stored(good.externalId)).toEqual({ gaClientId: "42.1700000000" });
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await (await openapi()).json();
    const schema = doc.components.schemas.WebEventsRecord;
    expect(schema.properties.gaClientId.description).toMatch(/Google Analytics client id/);
  });
});
