import type PgBoss from "pg-boss";
import { createBoss, QUEUES, ensureQueues } from "./queue";
import { HANDLERS } from "./handlers";
import { keepAlive, leaseConfig, superviseLeases } from "./lease";
import { startAuditSealer } from "../audit/append";

export async function startWorker(connectionString: string, log = console): Promise<PgBoss> {
  const lease = leaseConfig();
  await ensureQueues(connectionString);
  const boss = createBoss(connectionString);
  boss.on("error", (err) => log.error(`[worker] ${err.name}: ${err.message.slice(0, 200)}`));
  await boss.start();
  // Jobs this worker runs: renewed while they run (lib/jobs/lease.ts), never taken from it.
  const running = new Set<string>();
  // Jobs left active by a worker that died are retried now (if their lease has lapsed) and later.
  const supervisor = await superviseLeases(boss, QUEUES, lease, running, log);
  boss.once("stopped", () => supervisor.stop());
  // The audit trail's entries are linked into its chain here, shortly after they commit.
  const sealer = startAuditSealer({ log });
  boss.once("stopped", () => sealer.stop());
  for (const queue of QUEUES) {
    const handler = HANDLERS[queue];
    if (!handler) continue;
    await boss.work<Record<string, unknown>>(
      queue,
      { pollingIntervalSeconds: 0.5, batchSize: 1, includeMetadata: true },
      async (jobs) => {
        for (const job of jobs) {
          running.add(job.id);
          const beat = keepAlive(boss, { name: queue, id: job.id, retryCount: job.retryCount }, lease, log);
          try {
            await handler(job.data ?? {});
          } catch (err) {
            // Only the kind of failure: job data may hold personal data.
            log.error(`[worker] ${queue} job ${job.id} failed: ${(err as Error).name}`);
            throw err;
          } finally {
            beat.stop();
            running.delete(job.id);
          }
        }
      },
    );
  }
  await boss.schedule("retention.sweep", "17 3 * * *", {}, { tz: "Europe/Stockholm" }).catch(() => {});
  await boss.schedule("copy.expire", "*/15 * * * *", {}).catch(() => {});
  await boss.schedule("impersonation.expire", "* * * * *", {}).catch(() => {});
  return boss;
}
