// The embedded database serves every connection from one backend: a connection's extended-protocol
// cycle (Parse, Bind, Execute up to Sync) must not be interleaved with another connection's, or a
// Bind meets the other's statement ("bind message supplies 8 parameters, but prepared statement
// requires 2").
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

let embedded: EmbeddedDatabase;

beforeAll(async () => {
  embedded = await startEmbeddedDatabase({});
});

afterAll(async () => {
  await embedded.close();
});

describe("the embedded database with several connections", () => {
  it("runs concurrent parameterised statements of different shapes without mixing them up", async () => {
    const clients = await Promise.all(
      Array.from({ length: 8 }, async () => {
        const c = new pg.Client({ connectionString: embedded.url });
        await c.connect();
        return c;
      }),
    );
    try {
      const runs = clients.map(async (c, n) => {
        // Large parameters arrive in several chunks, as a busy server's messages do.
        const padding = "x".repeat(200_000 * ((n % 2) + 1));
        for (let i = 0; i < 60; i++) {
          const values = Array.from({ length: n + 1 }, (_, k) => k + i);
          const placeholders = values.map((_, k) => `$${k + 2}::int`).join(" + ");
          const r = await c.query<{ sum: number; len: number }>(
            `SELECT ${placeholders} AS sum, length($1::text) AS len`,
            [padding, ...values],
          );
          expect(r.rows[0]).toEqual({ sum: values.reduce((a, b) => a + b, 0), len: padding.length });
        }
      });
      await Promise.all(runs);
    } finally {
      await Promise.all(clients.map((c) => c.end()));
    }
  });

  it("keeps another connection's statements out of an open transaction", async () => {
    const a = new pg.Client({ connectionString: embedded.url });
    const b = new pg.Client({ connectionString: embedded.url });
    await Promise.all([a.connect(), b.connect()]);
    try {
      await a.query("CREATE TABLE t_embedded (n int)");
      await a.query("BEGIN");
      await a.query("INSERT INTO t_embedded VALUES ($1)", [1]);
      const fromB = b.query("INSERT INTO t_embedded VALUES ($1)", [2]);
      await a.query("ROLLBACK");
      await fromB;
      const rows = await a.query<{ n: number }>("SELECT n FROM t_embedded ORDER BY n");
      expect(rows.rows.map((r) => r.n)).toEqual([2]);
    } finally {
      await Promise.all([a.end(), b.end()]);
    }
  });
});
