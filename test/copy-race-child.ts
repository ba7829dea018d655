// The second server process of the free-copy race test (lib/privacy/copy/request-copy.test.ts): fires
// RACE_N copy requests for one person at once and prints their results. The parent holds the person's
// row lock until these and its own requests all wait on it.
// Run: node --import tsx test/copy-race-child.ts (env: DATABASE_URL, DATABASE_APP_NAME, RACE_*).
import { applyTestEnv } from "./test-env";

applyTestEnv();
process.env.DATABASE_POOL_SIZE = String(Number(process.env.RACE_N ?? 10) + 5);

async function main() {
  const { disconnectDb } = await import("../lib/db");
  const { race } = await import("./copy-race");
  const n = Number(process.env.RACE_N ?? 10);
  const results = await race(
    {
      kind: "person",
      personId: process.env.RACE_PERSON_ID!,
      sessionId: "race-child",
      userId: "race-child",
      signedInAt: new Date(),
    },
    n,
  );
  process.stdout.write(`result ${JSON.stringify({ results })}\n`);
  await disconnectDb();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`race child failed: ${(err as Error)?.name}\n`);
  process.exit(1);
});
