import type PgBoss from "pg-boss";
import { createBoss, QUEUES, ensureQueues } from "./queue";
import { HANDLERS } from "./handlers";

export async function startWorker(connectionString: string, log = console): Promise<PgBoss> {
  await ensureQueues(connectionString);
  const boss = createBoss(connectionString);
  boss.on("error", (err) => log.error(`[worker] ${err.name}: ${err.message.slice(0, 200)}`));
  await boss.start();
  for (const queue of QUEUES) {
    const handler = HANDLERS[queue];
    if (!handler) continue;
    await boss.work<Record<string, unknown>>(
      queue,
      { pollingIntervalSeconds: 0.5, batchSize: 1 },
      async (jobs) => {
        for (const job of jobs) {
          try {
            await handler(job.data ?? {});
          } catch (err) {
            // Only the kind of failure: job data may hold personal data.
            log.error(`[worker] ${queue} job ${job.id} failed: ${(err as Error).name}`);
            throw err;
          }
        }
      },
    );
  }
  await boss.schedule("retention.sweep", "17 3 * * *", {}, { tz: "Europe/Stockholm" }).catch(() => {});
  await boss.schedule("copy.expire", "*/15 * * * *", {}).catch(() => {});
  return boss;
}
