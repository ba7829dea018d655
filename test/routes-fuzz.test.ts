// Every route handler in the registry of entry points (e2e/surface.ts), each of its methods, fed
// generated bad input (path parameters, query strings, bodies, headers): it answers with a status
// below 500 and stores nothing for another person.
import fc from "fast-check";
import path from "node:path";
import { NextRequest } from "next/server";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../lib/db";
import { ROUTES, type Method } from "../e2e/surface";
import { makePerson, makeSession } from "./factories";
import { cookieJar as jar } from "./next-request";

vi.mock("next/headers", async () =>
  (await import("./next-request")).nextHeaders({ "x-portal-path": "/", host: "localhost" }),
);
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));

type Handler = (req: NextRequest, ctx: { params: Promise<Record<string, unknown>> }) => Promise<Response>;

/** The registry's routes: the file, its methods, and its dynamic segment (a catch-all takes a list). */
const ROUTE_LIST = Object.entries(ROUTES).map(([urlPath, methods]) => {
  const dynamic = /\[(\.\.\.)?(\w+)\]/.exec(urlPath);
  return {
    name: urlPath,
    load: () =>
      import(/* @vite-ignore */ path.resolve(`app${urlPath}/route.ts`)) as Promise<Record<string, unknown>>,
    methods: Object.keys(methods) as Method[],
    param: dynamic ? { name: dynamic[2]!, catchAll: Boolean(dynamic[1]) } : undefined,
  };
});

let victimId = "";

beforeAll(async () => {
  const victim = await makePerson({ firstName: "Vilma" });
  victimId = victim.id;
  const attacker = await makePerson();
  const { sessionCookieName } = await import("../lib/auth/cookies");
  jar.set(sessionCookieName(), (await makeSession(attacker.email, attacker.id)).session.sessionToken);
});

/** A dynamic segment: anything, another person's id, or one of the portal's and Auth.js's own words. */
const segment = fc.oneof(
  fc.string({ maxLength: 60 }),
  fc.constantFrom(
    "signin/email",
    "callback/email",
    "session",
    "csrf",
    "providers",
    "signout",
    "verify-request",
    "error",
    "invoices",
    "orders",
    "web_events",
    "../../etc/passwd",
  ),
);

const METHODS: Method[] = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

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

describe.each(ROUTE_LIST)("route $name", ({ name, load, methods, param }) => {
  it("never answers 500 to bad input, and changes nothing for another person", async () => {
    const mod = await load();
    const before = JSON.stringify(await db.person.findUnique({ where: { id: victimId } }));
    // The module has exactly the methods the registry lists.
    const exported = METHODS.filter((m) => typeof mod[m] === "function");
    expect(exported.sort()).toEqual([...methods].sort());
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
        fc.oneof(segment, fc.constant(victimId)),
        async (method, query, body, contentType, auth, value) => {
          // The path as the router sees it: the dynamic segment filled in (a catch-all with several).
          const filled = name.replace(
            /\[(?:\.\.\.)?\w+\]/,
            value.split("/").map(encodeURIComponent).join("/"),
          );
          const url = `http://localhost${filled}?token=${encodeURIComponent(query)}&id=${encodeURIComponent(victimId)}`;
          const headers: Record<string, string> = { "content-type": contentType };
          if (auth !== undefined) {
            headers.authorization = `Bearer ${auth.replace(/[^\x20-\x7e]/g, "")}`;
            headers["svix-id"] = "msg_x";
            headers["svix-timestamp"] = String(Math.floor(Date.now() / 1000));
            headers["svix-signature"] = `v1,${auth.replace(/[^\x20-\x7e]/g, "")}`;
          }
          const hasBody = !["GET", "HEAD", "OPTIONS"].includes(method);
          const req = new NextRequest(url, { method, headers, body: hasBody ? body : undefined });
          const res = await (mod[method] as Handler)(req, {
            params: Promise.resolve(param ? { [param.name]: param.catchAll ? value.split("/") : value } : {}),
          });
          expect(res.status, `${method} ${url.slice(0, 80)}`).toBeLessThan(500);
        },
      ),
      { numRuns: 40 },
    );
    expect(JSON.stringify(await db.person.findUnique({ where: { id: victimId } }))).toBe(before);
  }, 120_000);
});
