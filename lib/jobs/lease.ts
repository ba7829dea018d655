// Crash recovery for the worker (docs/decisions/0003-job-queue.md). pg-boss 10 leaves the job of a
// worker that died (SIGKILL, out of memory, a lost machine) "active" until the job's expiry (15
// minutes) and its maintenance (every 2 minutes) notice: a copy or an erasure would wait up to 17
// minutes. A job's expiry cannot simply be short either: pg-boss 10 also fails a job in-process once
// it has run that long, and a long copy build would then run twice at once.
//
// So a job holds a lease: while its handler runs, the worker renews the job's `started_on` every few
// seconds (the heartbeat). Every worker looks, at start-up and then regularly, for active jobs whose
// lease has lapsed (no heartbeat for `leaseSeconds`) and fails them through pg-boss, which retries
// them (with the job's retry limit and backoff). A job the worker itself is running is never taken
// from it, even if its heartbeat was held up (a busy database or event loop).
import type PgBoss from "pg-boss";

export type LeaseConfig = {
  /** A job whose worker has not renewed it for this long is taken as abandoned. */
  leaseSeconds: number;
  /** How often a running job is renewed. */
  heartbeatMs: number;
  /** How often a worker looks for abandoned jobs. */
  sweepMs: number;
};

export const DEFAULT_LEASE_SECONDS = 30;
/** A job's expiry (pg-boss's default, and the in-process limit on one run): the lease must be shorter. */
export const JOB_EXPIRY_SECONDS = 15 * 60;

/** WORKER_LEASE_SECONDS (2 up to the job expiry) overrides the 30 s lease; the tests shorten it. */
export function leaseConfig(env: Record<string, string | undefined> = process.env): LeaseConfig {
  const raw = env.WORKER_LEASE_SECONDS;
  const parsed = raw === undefined || raw === "" ? DEFAULT_LEASE_SECONDS : Number(raw);
  if (!Number.isInteger(parsed) || parsed < 2 || parsed >= JOB_EXPIRY_SECONDS) {
    throw new Error(`WORKER_LEASE_SECONDS must be a whole number from 2 to ${JOB_EXPIRY_SECONDS - 1}`);
  }
  // Six heartbeats per lease: one late or lost renewal never costs a live job its lease.
  return { leaseSeconds: parsed, heartbeatMs: (parsed * 1000) / 6, sweepMs: (parsed * 1000) / 3 };
}

const HEARTBEAT_SQL = `
  UPDATE pgboss.job SET started_on = now()
  WHERE name = $1 AND id = $2 AND state = 'active' AND retry_count = $3`;

const ABANDONED_SQL = `
  SELECT name, id FROM pgboss.job
  WHERE state = 'active' AND name = ANY($1::text[])
    AND started_on < now() - $2::int * interval '1 second'
    AND NOT (id = ANY($3::uuid[]))
  ORDER BY name, id`;

type Log = Pick<Console, "error" | "log">;

/**
 * Renews one job while it runs. `retryCount` is the run's own attempt: once pg-boss has given the job
 * up (its in-process time limit) and it has been fetched again, this run no longer renews it.
 */
export function keepAlive(
  boss: PgBoss,
  job: { name: string; id: string; retryCount: number },
  config: LeaseConfig,
  log: Log,
): { stop: () => void } {
  let stopped = false;
  let busy = false;
  const timer = setInterval(async () => {
    if (stopped || busy) return;
    busy = true;
    try {
      // pg's result (typed by pg-boss as rows only); undefined once pg-boss has closed its pool.
      const result = (await boss.getDb().executeSql(HEARTBEAT_SQL, [job.name, job.id, job.retryCount])) as
        { rowCount?: number | null } | undefined;
      // No row: the job is no longer this run's (completed, failed, or fetched again).
      if (result?.rowCount === 0) stop();
    } catch (err) {
      // A missed heartbeat is harmless until the lease runs out; the next one tries again.
      log.error(`[worker] heartbeat for ${job.name} failed: ${(err as Error).name}`);
    } finally {
      busy = false;
    }
  }, config.heartbeatMs);
  timer.unref();
  const stop = () => {
    stopped = true;
    clearInterval(timer);
  };
  return { stop };
}

/** Fails (so pg-boss retries) every active job of `queues` whose lease has lapsed. Returns how many. */
export async function recoverAbandonedJobs(
  boss: PgBoss,
  queues: readonly string[],
  config: LeaseConfig,
  running: ReadonlySet<string>,
): Promise<number> {
  const result: { rows: { name: string; id: string }[] } | undefined = await boss
    .getDb()
    .executeSql(ABANDONED_SQL, [[...queues], config.leaseSeconds, [...running]]);
  let recovered = 0;
  for (const row of result?.rows ?? []) {
    // pg-boss 10 answers { affected } (its types say void): 0 if the job ended meanwhile.
    const result = (await boss.fail(row.name, row.id, {
      message: "worker lost: no heartbeat",
    })) as unknown as { affected?: number } | undefined;
    recovered += result?.affected ?? 0;
  }
  return recovered;
}

/** Recovers abandoned jobs now and then every `sweepMs`, until stopped. */
export async function superviseLeases(
  boss: PgBoss,
  queues: readonly string[],
  config: LeaseConfig,
  running: ReadonlySet<string>,
  log: Log,
): Promise<{ stop: () => void }> {
  let busy = false;
  const sweep = async () => {
    if (busy) return;
    busy = true;
    try {
      const n = await recoverAbandonedJobs(boss, queues, config, running);
      // Counts only: job data may hold personal data.
      if (n > 0) log.log(`[worker] retrying ${n} job(s) abandoned by a stopped worker`);
    } catch (err) {
      log.error(`[worker] lease sweep failed: ${(err as Error).name}`);
    } finally {
      busy = false;
    }
  };
  await sweep();
  const timer = setInterval(sweep, config.sweepMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
