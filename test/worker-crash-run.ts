// Test helper (test/worker-crash.test.ts): the real job worker, scripts/worker.ts, with one crash
// point, so a test can kill it with SIGKILL in the middle of a job, as a crashed worker would die.
//   node --import tsx test/worker-crash-run.ts
// WORKER_CRASH_AT says where:
//   copy.build:progress:<percent>   once a copy build reports that much progress (the ZIP is being
//                                   written: a half-written .part file and the work folder exist)
//   erasure.run:after:<step>        after that erasure step has committed
//   erasure.run:inside:<step>       inside that step's transaction, before it commits
// There the worker prints "CRASH_POINT <where> <id>" and waits; the parent kills it. Everything else
// (pg-boss, the other queues, the lease, the handlers' code) is the production worker's: only the two
// handlers are given the hooks their functions take (buildCopy's onProgress, runErasure's hooks).
// Never used by the application: scripts/worker.ts alone is the worker.
import { HANDLERS } from "../lib/jobs/handlers";
import { copyBuildJob } from "../lib/privacy/copy/jobs";
import { erasureJob, runErasure } from "../lib/erasure/run";

const crashAt = process.env.WORKER_CRASH_AT ?? "";
const [queue, kind, arg] = crashAt.split(":");

function waitToBeKilled(where: string, id: string): Promise<never> {
  process.stdout.write(`CRASH_POINT ${where} ${id}\n`);
  // Never resolves: the parent sends SIGKILL. The timer keeps the process (and its heartbeats) alive.
  return new Promise(() => setInterval(() => undefined, 1_000));
}

if (queue === "copy.build" && kind === "progress" && Number(arg) > 0) {
  const at = Number(arg);
  HANDLERS["copy.build"] = async (data) =>
    copyBuildJob(data, {
      onProgress: async (percent) => {
        if (percent >= at) await waitToBeKilled(crashAt, String(data.copyId));
      },
    });
} else if (queue === "erasure.run" && (kind === "after" || kind === "inside") && arg) {
  HANDLERS["erasure.run"] = async (data) => {
    // The reminder and the receipt's clean-up run as they always do.
    if (data.phase !== undefined || typeof data.requestId !== "string") return erasureJob(data);
    const requestId = data.requestId;
    const hook = async (step: string) => {
      if (step === arg) await waitToBeKilled(crashAt, requestId);
    };
    const result = await runErasure(requestId, {
      hooks: kind === "after" ? { afterStep: hook } : { insideStep: hook },
    });
    return { status: result.status };
  };
} else {
  console.error(`[worker-crash-run] WORKER_CRASH_AT is not a known crash point: "${crashAt}"`);
  process.exit(2);
}

await import("../scripts/worker");
