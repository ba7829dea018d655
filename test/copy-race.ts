// Test helpers for the free-copy race (lib/privacy/copy/request-copy.test.ts and the second process it
// spawns, test/copy-race-child.ts): fire N copy requests for one person at once, and wait until a
// given number of transactions are queued on a row lock.
//
// Production code has no hook for this. The race is lined up from outside: the test holds the
// person's row lock in a transaction of its own while the requests start, waits until every request
// is waiting on a lock (pg_stat_activity, by the application name the test processes connect with),
// then lets them go. The proof that the test can fail (without the lock, more than one free copy)
// replaces the kernel's lockPerson in that test file only (vi.mock), so request-copy.ts stays as it
// runs in production.
import type { PersonActor } from "../lib/auth/actor";
import { db } from "../lib/db";
import { requestCopy, type RequestCopyResult } from "../lib/privacy/copy/request-copy";

export type RaceResult = RequestCopyResult | { kind: "error"; code: string };

export function race(actor: PersonActor, n: number): Promise<RaceResult[]> {
  return Promise.all(
    Array.from({ length: n }, () =>
      requestCopy(actor).catch((err: unknown) => ({
        kind: "error" as const,
        code: String((err as { code?: unknown })?.code ?? (err as Error)?.name ?? "error"),
      })),
    ),
  );
}

/** How many connections with these application names wait on a lock right now. */
export async function waitingOnLocks(appNames: string[]): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*) AS n FROM pg_stat_activity
    WHERE application_name = ANY(${appNames}) AND wait_event_type = 'Lock'`;
  return Number(rows[0]!.n);
}

/**
 * Holds the person's row lock while `start` fires the requests, and releases it once `waiting`
 * transactions of `appNames` are queued behind it. The test's timeout covers a hang.
 */
export async function withPersonLocked<T>(
  personId: string,
  appNames: string[],
  waiting: number,
  start: () => Promise<T>,
): Promise<T> {
  let pending!: Promise<T>;
  await db.$transaction(
    async (tx) => {
      await tx.$queryRaw`SELECT id FROM "Person" WHERE id = ${personId} FOR UPDATE`;
      pending = start();
      while ((await waitingOnLocks(appNames)) < waiting) await new Promise((r) => setTimeout(r, 50));
    },
    { maxWait: 30_000, timeout: 110_000 },
  );
  return pending;
}
