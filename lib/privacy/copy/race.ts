// Test helpers for the free-copy race: a barrier that releases every waiting request at once, and a
// runner that fires N requests for one person through it. Used by request-copy.test.ts and by the
// second process it spawns (concurrency-child.ts).
import type { PersonActor } from "../../auth/actor";
import { requestCopy, requestCopyUnsafeForTest, type RequestCopyResult } from "./request-copy";

export type Barrier = {
  /** Called inside each transaction, before the locking step. */
  arrive: () => Promise<void>;
  arrived: () => number;
  /** True when every party arrived before the release: the transactions provably overlapped. */
  releasedByAll: () => boolean;
  /** Releases early (e.g. the other process is ready too). */
  release: () => void;
  /** Resolves when all local parties have arrived. */
  allArrived: Promise<void>;
};

/**
 * Releases when `parties` have arrived and `extra` (if given) has resolved, or after `fallbackMs` from
 * the first arrival. The fallback keeps a hang (a party that never arrives) from stalling the test.
 */
export function barrier(parties: number, fallbackMs: number, extra?: Promise<void>): Barrier {
  let count = 0;
  let byAll = false;
  let release!: () => void;
  let markAll!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const allArrived = new Promise<void>((r) => (markAll = r));
  let timer: NodeJS.Timeout | undefined;
  void Promise.all([allArrived, extra ?? Promise.resolve()]).then(() => {
    byAll = true;
    clearTimeout(timer);
    release();
  });
  return {
    arrive: async () => {
      count += 1;
      if (count === 1) timer = setTimeout(release, fallbackMs);
      if (count === parties) markAll();
      await released;
    },
    arrived: () => count,
    releasedByAll: () => byAll,
    release: () => release(),
    allArrived,
  };
}

export async function race(
  actor: PersonActor,
  n: number,
  gate: Barrier,
  opts: { lock: boolean },
): Promise<(RequestCopyResult | { kind: "error"; code: string })[]> {
  const run = opts.lock ? requestCopy : requestCopyUnsafeForTest;
  return Promise.all(
    Array.from({ length: n }, () =>
      run(actor, { hooks: { beforeLock: gate.arrive } }).catch((err: unknown) => ({
        kind: "error" as const,
        code: String((err as { code?: unknown })?.code ?? (err as Error)?.name ?? "error"),
      })),
    ),
  );
}
