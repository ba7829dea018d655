// One database for the whole unit/integration run: the PostgreSQL server named by DATABASE_URL
// (CI), or a throwaway embedded PostgreSQL. Migrations run once here.
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
  await embedded?.close();
}

function redact(url: string) {
  return url.replace(/\/\/[^@]*@/, "//***@");
}
