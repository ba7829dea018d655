// Tests only: a database of the test's own, freshly migrated with the job queue's tables, on the same
// kind of server as the run's shared one (a new database on the PostgreSQL server, or a new in-memory
// PGlite served on loopback from this process). For tests whose workers must not see other files' jobs.
import { randomUUID } from "node:crypto";
import pg from "pg";
import { inject } from "vitest";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";

export type FreshDatabase = { url: string; kind: "postgresql" | "embedded"; drop: () => Promise<void> };

export async function freshDatabase(prefix: string): Promise<FreshDatabase> {
  let url: string;
  let drop: () => Promise<void>;
  const kind = inject("databaseKind");
  if (kind === "postgresql") {
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
    url = u.toString();
    drop = () => admin(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  } else {
    const embedded = await startEmbeddedDatabase({});
    url = embedded.url;
    drop = () => embedded.close();
  }
  await deployMigrations(url);
  await ensureQueues(url);
  return { url, kind, drop };
}
