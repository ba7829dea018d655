// Every API route handler, fed generated bad input (paths, query strings, bodies, headers): it
// answers with a status below 500 and stores nothing for another person.
import fc from "fast-check";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../lib/db";
import { makePerson, makeSession } from "./factories";
import { cookieJar as jar } from "./next-request";

vi.mock("next/headers", async () =>
  (await import("./next-request")).nextHeaders({ "x-portal-path": "/", host: "localhost" }),
);
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, string>> }) => Promise<Response>;

const ROUTES: { name: string; load: () => Promise<Record<string, unknown>>; param?: string }[] = [
  { name: "exports/[id]", load: () => import("../app/api/exports/[id]/route"), param: "id" },
  { name: "exports/status", load: () => import("../app/api/exports/status/route") },
  { name: "ingest/[type]", load: () => import("../app/api/ingest/[type]/route"), param: "type" },
  { name: "unsubscribe", load: () => import("../app/api/unsubscribe/route") },
  { name: "webhooks/newsletter", load: () => import("../app/api/webhooks/newsletter/route") },
];

let victimId = "";

beforeAll(async () => {
  const victim = await makePerson({ firstName: "Vilma" });
  victimId = victim.id;
  const attacker = await makePerson();
  const { sessionCookieName } = await import("../lib/auth/cookies");
  jar.set(sessionCookieName(), (await makeSession(attacker.email, attacker.id)).session.sessionToken);
});

const text = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.string({ unit: "grapheme", maxLength: 60 }),
  fc.constantFrom(
    "",
    "null",
    "[]",
    "{}",
    '{"records":[{}]}',
    "List-Unsubscribe=One-Click",
    "%",
    "x".repeat(50_000),
  ),
);

describe.each(ROUTES)("route $name", ({ load, param }) => {
  it("never answers 500 to bad input, and changes nothing for another person", async () => {
    const mod = await load();
    const before = JSON.stringify(await db.person.findUnique({ where: { id: victimId } }));
    const methods = (["GET", "POST"] as const).filter((m) => typeof mod[m] === "function");
    expect(methods.length).toBeGreaterThan(0);
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom(...methods),
        text,
        text,
        fc.constantFrom(
          "application/json",
          "application/x-www-form-urlencoded",
          "text/plain",
          "multipart/form-data",
        ),
        fc.option(text, { nil: undefined }),
        async (method, query, body, contentType, auth) => {
          const url = `http://localhost/api/x?token=${encodeURIComponent(query)}&id=${encodeURIComponent(victimId)}`;
          const headers: Record<string, string> = { "content-type": contentType };
          if (auth !== undefined) {
            headers.authorization = `Bearer ${auth.replace(/[^\x20-\x7e]/g, "")}`;
            headers["svix-id"] = "msg_x";
            headers["svix-timestamp"] = String(Math.floor(Date.now() / 1000));
            headers["svix-signature"] = `v1,${auth.replace(/[^\x20-\x7e]/g, "")}`;
          }
          const req = new NextRequest(url, { method, headers, body: method === "POST" ? body : undefined });
          const res = await (mod[method] as Handler)(req, {
            params: Promise.resolve(param ? { [param]: query } : {}),
          });
          expect(res.status, `${method} ${url.slice(0, 80)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
    expect(JSON.stringify(await db.person.findUnique({ where: { id: victimId } }))).toBe(before);
  }, 120_000);
});
