// The second server process of the free-copy race test (request-copy.test.ts): runs N requests for one
// person through a barrier. It says "ready" once all N transactions are open and waiting, and lets
// them go when the parent process says "go" (the parent's own N are then waiting too).
// Run: node --import tsx lib/privacy/copy/concurrency-child.ts (env: DATABASE_URL, RACE_*).
import { createInterface } from "node:readline";
import { applyTestEnv } from "../../../test/test-env";

applyTestEnv();
process.env.DATABASE_POOL_SIZE = String(Number(process.env.RACE_N ?? 10) + 5);

async function main() {
  const { disconnectDb } = await import("../../db");
  const { barrier, race } = await import("./race");
  const n = Number(process.env.RACE_N ?? 10);
  const go = new Promise<void>((resolve) => {
    createInterface({ input: process.stdin }).on("line", (line) => {
      if (line.trim() === "go") resolve();
    });
  });
  const gate = barrier(n, Number(process.env.RACE_FALLBACK_MS ?? 3000), go);
  void gate.allArrived.then(() => process.stdout.write("ready\n"));
  process.stdout.write("started\n");
  const results = await race(
    {
      kind: "person",
      personId: process.env.RACE_PERSON_ID!,
      sessionId: "race-child",
      userId: "race-child",
      signedInAt: new Date(),
    },
    n,
    gate,
    { lock: process.env.RACE_LOCK !== "0" },
  );
  process.stdout.write(`result ${JSON.stringify({ results, releasedByAll: gate.releasedByAll() })}\n`);
  await disconnectDb();
  process.exit(0);
}

main().catch((err) => {
  process.stderr.write(`race child failed: ${(err as Error)?.name}\n`);
  process.exit(1);
});
