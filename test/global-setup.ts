// One database for the whole unit/integration run: the PostgreSQL server named by DATABASE_URL
// (CI), or a throwaway embedded PostgreSQL. Migrations run once here.
import pg from "pg";
import type { TestProject } from "vitest/node";
import { startEmbeddedDatabase, type EmbeddedDatabase } from "../lib/db/embedded";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";
import { applyTestEnv } from "./test-env";

declare module "vitest" {
  export interface ProvidedContext {
    databaseUrl: string;
    databaseKind: "postgresql" | "embedded";
  }
}

let embedded: EmbeddedDatabase | undefined;

export async function setup(project: TestProject) {
  applyTestEnv();
  let url = process.env.DATABASE_URL;
  if (!url) {
    if (process.env.REQUIRE_POSTGRES === "true") {
      throw new Error(
        "REQUIRE_POSTGRES is set but DATABASE_URL is not: refusing to fall back to the embedded PostgreSQL.",
      );
    }
    embedded = await startEmbeddedDatabase({});
    url = embedded.url;
  }
  try {
    await deployMigrations(url);
    await ensureQueues(url);
  } catch (err) {
    throw new Error(`The test database at ${redact(url)} is not usable: ${(err as Error).message}`);
  }
  process.env.DATABASE_URL = url;
  project.provide("databaseUrl", url);
  project.provide("databaseKind", embedded ? "embedded" : "postgresql");
}

export async function teardown() {
  try {
    await checkKeptTotals();
  } finally {
    await embedded?.close();
  }
}

/**
 * After every test's writes (portal, import, ingest, retention, erasure, seed): each person's kept
 * history totals still equal a count of the rows (decision 0031).
 */
async function checkKeptTotals() {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const { totalsDriftStatements } = await import("../lib/connectors/portal-db");
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const drift: string[] = [];
    for (const { history, sql } of totalsDriftStatements()) {
      const { rows } = await client.query(sql, [history]);
      for (const r of rows)
        drift.push(`${history}: person ${r.personId} kept ${r.kept}, counted ${r.counted}`);
    }
    if (drift.length > 0) {
      // Vitest reports an error thrown here but still exits 0: fail the run explicitly.
      console.error(`Kept totals differ from the rows after the tests:\n${drift.slice(0, 20).join("\n")}`);
      process.exitCode = 1;
    }
  } finally {
    await client.end();
  }
}

function redact(url: string) {
  return url.replace(/\/\/[^@]*@/, "//***@");
}
