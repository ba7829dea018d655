import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { hit } from "./rate-limit";

describe("rate limits in the database", () => {
  it("allows the limit and refuses the next, per key and window", async () => {
    const key = randomUUID();
    const now = new Date("2026-11-25T10:00:00Z");
    const results = [];
    for (let i = 0; i < 4; i++) results.push(await hit(db, "test", key, 3, 15, now));
    expect(results.map((r) => r.allowed)).toEqual([true, true, true, false]);
    // Another key is independent.
    expect((await hit(db, "test", randomUUID(), 3, 15, now)).allowed).toBe(true);
    // The next window starts afresh.
    expect((await hit(db, "test", key, 3, 15, new Date("2026-11-25T10:15:00Z"))).allowed).toBe(true);
  });

  it("counts concurrent hits exactly", async () => {
    const key = randomUUID();
    const now = new Date();
    const results = await Promise.all(
      Array.from({ length: 10 }, () => hit(db, "test-concurrent", key, 5, 15, now)),
    );
    expect(results.filter((r) => r.allowed)).toHaveLength(5);
    expect(results.map((r) => r.count).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it("stores no address in clear", async () => {
    const address = `${randomUUID()}@test.example`;
    await hit(db, "signin-address", address, 5, 15);
    const rows = await db.rateLimitCounter.findMany({ where: { key: { contains: address } } });
    expect(rows).toHaveLength(0);
  });
});
