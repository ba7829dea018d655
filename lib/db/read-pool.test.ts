// The read pool across connections that close and open again, and across module copies (Next.js
// bundles a module once per route, all sharing the one pool): unnamed statements by default, and named
// statements where enabled, never collide.
import { afterEach, describe, expect, it, vi } from "vitest";

type ReadPool = typeof import("./read-pool");

async function freshCopy(): Promise<ReadPool> {
  vi.resetModules();
  return import("./read-pool");
}

const STATEMENT = `SELECT $1::int + 1 AS n, current_setting('application_name') AS app`;

async function cycle(prepared: boolean) {
  const holder = globalThis as unknown as { portalReadPool?: { end(): Promise<void> } };
  process.env.READ_POOL_IDLE_MS = "50";
  process.env.DATABASE_PREPARED_STATEMENTS = prepared ? "true" : "false";
  try {
    for (let round = 0; round < 4; round++) {
      // Two copies of the module, each reading at once on several connections.
      const copies = [await freshCopy(), await freshCopy()];
      const results = await Promise.all(
        copies.flatMap((c, i) =>
          [0, 1, 2].map((k) => c.query<{ n: number }>(STATEMENT, [round * 10 + i + k], { prepare: true })),
        ),
      );
      expect(results.map((r) => r[0]!.n)).toEqual(
        [0, 1].flatMap((i) => [0, 1, 2].map((k) => round * 10 + i + k + 1)),
      );
      // Every idle connection closes before the next round.
      await new Promise((r) => setTimeout(r, 200));
    }
  } finally {
    await holder.portalReadPool?.end();
    holder.portalReadPool = undefined;
    delete process.env.READ_POOL_IDLE_MS;
    delete process.env.DATABASE_PREPARED_STATEMENTS;
  }
}

describe("read pool", () => {
  afterEach(() => vi.resetModules());

  it("answers with unnamed statements as connections close and open again", async () => {
    await cycle(false);
  });

  it("answers with named statements as connections close and open again", async () => {
    await cycle(true);
  });
});
