// Test helper (lib/erasure/crash.test.ts): runs the erasure of one request in its own process, so a
// test can kill it with SIGKILL at a chosen point, as a crashed worker would die.
//   node --import tsx test/erasure-crash-run.ts <requestId>
// ERASURE_CRASH_AFTER=<step>  after that step has committed, print "CRASH_POINT <step>" and wait
// ERASURE_CRASH_INSIDE=<step> inside that step's transaction, before it commits, likewise
// The parent kills the process when it reads CRASH_POINT. Without either variable the run completes
// and prints its result as one JSON line.
import { disconnectDb } from "../lib/db";
import { runErasure } from "../lib/erasure/run";
import type { StepName } from "../lib/erasure/steps/types";

async function main() {
  const requestId = process.argv[2];
  if (!requestId) throw new Error("usage: erasure-crash-run.ts <requestId>");
  const after = process.env.ERASURE_CRASH_AFTER;
  const inside = process.env.ERASURE_CRASH_INSIDE;
  const waitToBeKilled = async (point: string, step: StepName) => {
    process.stdout.write(`CRASH_POINT ${point} ${step}\n`);
    // Never resolves: the parent sends SIGKILL. Kept alive by the timer.
    await new Promise(() => setInterval(() => undefined, 1_000));
  };
  const result = await runErasure(requestId, {
    hooks: {
      afterStep: async (step) => {
        if (step === after) await waitToBeKilled("after", step);
      },
      insideStep: async (step) => {
        if (step === inside) await waitToBeKilled("inside", step);
      },
    },
  });
  process.stdout.write(`${JSON.stringify(result)}\n`);
  await disconnectDb();
}

main().catch((err) => {
  console.error(`[erasure-crash-run] ${(err as Error).name}: ${(err as Error).message.slice(0, 200)}`);
  process.exit(1);
});
