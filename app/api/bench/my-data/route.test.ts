// The load benchmark's baseline route: in a benchmark run it answers the signed-in person's own "my
// data" as JSON; without a person's session it refuses, and outside a benchmark run it does not exist.
import { NextRequest } from "next/server";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { sessionCookieName } from "@/lib/auth/cookies";
import { makePerson, makeSession } from "@/test/factories";
import { cookieJar as jar } from "@/test/next-request";

vi.mock("next/headers", async () =>
  (await import("@/test/next-request")).nextHeaders({
    "x-portal-path": "/api/bench/my-data",
    host: "localhost",
  }),
);

const route = await import("./route");
const GET = (query = "") => route.GET(new NextRequest(`http://localhost/api/bench/my-data${query}`));

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

afterEach(() => {
  jar.clear();
  vi.unstubAllEnvs();
});

describe("GET /api/bench/my-data", () => {
  it("answers the signed-in person's own data in a benchmark run", async () => {
    vi.stubEnv("PORTAL_BENCH", "1");
    const person = await makePerson({ firstName: "Bengt", lastName: "Benchsson" });
    const other = await makePerson({ firstName: "Vera", lastName: "Victimsson" });
    jar.set(sessionCookieName(), (await makeSession(person.email, person.id)).session.sessionToken);
    const res = await GET();
    expect(res.status).toBe(200);
    expect(res.headers.get("cache-control")).toBe("no-store");
    const body = await res.text();
    const view = JSON.parse(body) as { categories: unknown[] };
    expect(view.categories.length).toBeGreaterThan(0);
    expect(body).toContain("Benchsson");
    expect(body).not.toContain("Victimsson");
    expect(body).not.toContain(other.email);
  });

  it("answers one category's page as the page reads it, and 404 for a category that does not exist", async () => {
    vi.stubEnv("PORTAL_BENCH", "1");
    const person = await makePerson({ firstName: "Karin", lastName: "Kategorisson" });
    jar.set(sessionCookieName(), (await makeSession(person.email, person.id)).session.sessionToken);
    const overview = JSON.parse(await (await GET()).text()) as {
      categories: { category: { key: string } }[];
    };
    const key = overview.categories[0]!.category.key;
    const res = await GET(`?category=${encodeURIComponent(key)}&page=2`);
    expect(res.status).toBe(200);
    const view = JSON.parse(await res.text()) as { focus: string; page: number; categories: unknown[] };
    expect(view).toMatchObject({ focus: key, page: 2 });
    expect(view.categories).toHaveLength(1);
    expect((await GET("?category=no-such-category")).status).toBe(404);
  });

  it("answers 401 without a person's session, and 404 outside a benchmark run", async () => {
    vi.stubEnv("PORTAL_BENCH", "1");
    expect((await GET()).status).toBe(401);
    const person = await makePerson();
    jar.set(sessionCookieName(), (await makeSession(person.email, person.id)).session.sessionToken);
    // The same session that gets its data in a benchmark run gets nothing outside one.
    expect((await GET()).status).toBe(200);
    vi.stubEnv("PORTAL_BENCH", "");
    const outside = await GET();
    expect(outside.status).toBe(404);
    expect(await outside.text()).toBe("");
  });
});
