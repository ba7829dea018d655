// Tests only: a database of the test's own, freshly migrated with the job queue's tables, on the run's
// PostgreSQL server (DATABASE_URL's, or the embedded one). For tests whose workers must not see other
// files' jobs.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";

export type FreshDatabase = { url: string; kind: "postgresql" | "embedded"; drop: () => Promise<void> };

export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  const kind = inject("databaseKind");
  const base = inject("databaseUrl");
  const name = `${prefix}_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = async (sql: string) => {
    const client = new pg.Client({ connectionString: base });
    await client.connect();
    try {
      await client.query(sql);
    } finally {
      await client.end();
    }
  };
  await admin(`CREATE DATABASE ${name}`);
  const u = new URL(base);
  u.pathname = `/${name}`;
  const url = u.toString();
  const drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  await deployMigrations(url);
  await ensureQueues(url);
  return { url, kind, drop };
}
