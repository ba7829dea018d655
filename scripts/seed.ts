// npm run db:seed: the demo data (deterministic; does nothing when it is already there).
import { closeEmbeddedDatabase, DATA_DIR, ensureDatabaseUrl } from "../lib/db/connection";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";
import { ensureLocalSecrets } from "../lib/secrets";
import { disconnectDb } from "../lib/db";

async function main() {
  process.env.PORTAL_MODE ??= "demo";
  if (process.env.PORTAL_MODE === "demo") ensureLocalSecrets(DATA_DIR);
  const { url } = await ensureDatabaseUrl();
  await deployMigrations(url);
  // The sample newsletter and the demo requests queue their emails and copy builds as jobs.
  await ensureQueues(url);
  const { seedDemo } = await import("../lib/seed/demo");
  const { seedDemoRequests } = await import("../lib/seed/demo-requests");
  const { printSeedSummary } = await import("../lib/seed/print-summary");
  const summary = await seedDemo();
  printSeedSummary(summary, await seedDemoRequests());
  await disconnectDb();
  await closeEmbeddedDatabase();
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await closeEmbeddedDatabase();
  process.exit(1);
});
