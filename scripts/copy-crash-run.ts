// Test helper (test/worker-crash.test.ts, on the embedded database): runs the build of one copy, as
// the "copy.build" job does, in a process of its own, so a test can kill it with SIGKILL mid-build.
//   node --import tsx scripts/copy-crash-run.ts <copyId>
// COPY_CRASH_AT_PERCENT=<n>  once the build reports that much progress, print "CRASH_POINT <n>" and
// wait to be killed. Without it the build completes and prints its result.
import { disconnectDb } from "../lib/db";
import { copyBuildJob } from "../lib/privacy/copy/jobs";

async function main() {
  const copyId = process.argv[2];
  if (!copyId) throw new Error("usage: copy-crash-run.ts <copyId>");
  const at = Number(process.env.COPY_CRASH_AT_PERCENT ?? "0");
  const result = await copyBuildJob(
    { copyId },
    {
      onProgress: async (percent) => {
        if (at > 0 && percent >= at) {
          process.stdout.write(`CRASH_POINT ${at}\n`);
          // Never resolves: the parent sends SIGKILL. Kept alive by the timer.
          await new Promise(() => setInterval(() => undefined, 1_000));
        }
      },
    },
  );
  process.stdout.write(`${JSON.stringify({ result })}\n`);
  await disconnectDb();
}

main().catch((err) => {
  console.error(`[copy-crash-run] ${(err as Error).name}: ${(err as Error).message.slice(0, 200)}`);
  process.exit(1);
});
