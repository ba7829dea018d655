// Jobs live in PostgreSQL (pg-boss 10: its declared Node engines match this machine's Node 20; see
// docs/decisions/0003-job-queue.md). A job is always enqueued inside the transaction of the change
// that causes it, through pg-boss's own insert statement run on that transaction's connection.
import PgBoss from "pg-boss";
import type { Tx } from "../db";

export const QUEUES = [
  "email.send",
  "copy.build",
  "newsletter.sync",
  "erasure.run",
  "retention.sweep",
  "copy.expire",
  "newsletter.send",
  "impersonation.expire",
  "connector.correct",
] as const;
export type QueueName = (typeof QUEUES)[number];

type SendOptions = Pick<
  PgBoss.SendOptions,
  "startAfter" | "singletonKey" | "retryLimit" | "retryDelay" | "retryBackoff"
>;

const DEFAULTS: PgBoss.SendOptions = { retryLimit: 8, retryDelay: 2, retryBackoff: true };

let producer: PgBoss | undefined;

/** A pg-boss instance that only builds job rows; it never connects on its own. */
function jobProducer(): PgBoss {
  producer ??= new PgBoss({
    db: {
      executeSql: () => {
        throw new Error("jobs must be enqueued through a transaction");
      },
    },
  });
  return producer;
}

export async function enqueue(
  tx: Tx,
  queue: QueueName,
  data: Record<string, unknown>,
  options: SendOptions = {},
): Promise<string | null> {
  return jobProducer().send(queue, data, {
    ...DEFAULTS,
    ...options,
    db: {
      executeSql: async (text: string, values: unknown[]) => {
        const params = values.map((v) =>
          v !== null && typeof v === "object" && !(v instanceof Date) ? JSON.stringify(v) : v,
        );
        const rows = await tx.$queryRawUnsafe<unknown[]>(text, ...params);
        return { rows };
      },
    },
  });
}

export function createBoss(connectionString: string): PgBoss {
  return new PgBoss({
    connectionString,
    max: 4,
    supervise: true,
    schedule: true,
    migrate: true,
  });
}

/** Creates pg-boss's schema and the portal's queues (idempotent). */
export async function ensureQueues(connectionString: string): Promise<void> {
  const boss = new PgBoss({ connectionString, max: 2, supervise: false, schedule: false, migrate: true });
  boss.on("error", () => {});
  await boss.start();
  try {
    for (const name of QUEUES) {
      if (!(await boss.getQueue(name))) await boss.createQueue(name);
    }
  } finally {
    await boss.stop({ graceful: false, wait: true });
  }
}
