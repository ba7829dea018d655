// Asks every connector at once, each within its own time limit. One that fails or times out is
// reported and becomes a staff task; it never blocks the others or loses what they returned.
import type { Locale } from "../i18n/config";
import { ensureTask } from "./manual";
import type { Connector, Listing, ListPurpose, Subject } from "./types";

export const DEFAULT_TIMEOUT_MS = 15_000;

export type ConnectorResult = {
  connector: string;
  recipients: string[];
  /** failed: `taskIds` are the staff tasks made for it (a copy's "connector_failed" search). */
  listing: Listing | { status: "failed"; failure: string; taskIds?: string[] };
};

export class ConnectorTimeout extends Error {
  constructor() {
    super("timeout");
    this.name = "ConnectorTimeout";
  }
}

/** The kind of a failure, never its message (a message may echo personal data). */
export function failureKind(err: unknown): string {
  if (err instanceof ConnectorTimeout) return "timeout";
  const e = err as { kind?: unknown; name?: unknown };
  if (typeof e?.kind === "string") return e.kind.slice(0, 60);
  if (typeof e?.name === "string" && e.name !== "Error") return e.name.slice(0, 60);
  return "error";
}

export async function runConnectors(
  connectors: readonly Connector[],
  subject: Subject,
  ctx: { purpose: ListPurpose; locale: Locale; requestId: string | null },
  opts: { timeoutMs?: number } = {},
): Promise<ConnectorResult[]> {
  const timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  return Promise.all(
    connectors.map(async (connector): Promise<ConnectorResult> => {
      const controller = new AbortController();
      let recipients: string[] = [];
      try {
        const listing = await withTimeout(
          (async () => {
            recipients = await connector.recipients();
            return connector.list(subject, { ...ctx, signal: controller.signal });
          })(),
          timeoutMs,
          controller,
        );
        if (listing.status === "not_configured" && ctx.purpose === "copy") {
          // Nothing could be asked automatically, so a person asks instead.
          for (const r of recipients) await ensureTask(ctx.requestId, subject.personId, r, "search");
        }
        return { connector: connector.key, recipients, listing };
      } catch (err) {
        const failure = failureKind(err);
        const taskIds =
          ctx.purpose === "copy"
            ? [await connectorFailedTask(connector.key, recipients, subject, ctx.requestId, failure)]
            : undefined;
        return {
          connector: connector.key,
          recipients,
          listing: { status: "failed", failure, ...(taskIds ? { taskIds } : {}) },
        };
      }
    }),
  );
}

export async function connectorFailedTask(
  connectorKey: string,
  recipients: string[],
  subject: Subject,
  requestId: string | null,
  failure: string,
): Promise<string> {
  return ensureTask(requestId, subject.personId, recipients[0] ?? connectorKey, "connector_failed", {
    connector: connectorKey,
    failure,
  });
}

/** Rejects with ConnectorTimeout after `ms`, aborting the connector's own work. */
export function withTimeout<T>(work: Promise<T>, ms: number, controller?: AbortController): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      controller?.abort(new ConnectorTimeout());
      reject(new ConnectorTimeout());
    }, ms);
  });
  work.catch(() => undefined);
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/**
 * Each step of a long read gets its own time limit, so a stalled source cannot hold a copy forever.
 * One watchdog timer per read (not one per row) fails the step being waited on. (Racing every step
 * against one long-lived promise would pile a reaction per row onto it: memory growing with the
 * history, which is what this read must never do.)
 */
export async function* timedRows<T>(rows: AsyncIterable<T>, stepMs: number): AsyncGenerator<T> {
  const it = rows[Symbol.asyncIterator]();
  let waitingSince: number | null = null;
  let fail: ((err: Error) => void) | null = null;
  const watchdog = setInterval(
    () => {
      if (waitingSince !== null && Date.now() - waitingSince > stepMs) fail?.(new ConnectorTimeout());
    },
    Math.max(10, Math.min(stepMs / 4, 1_000)),
  );
  try {
    for (;;) {
      waitingSince = Date.now();
      const step = await new Promise<IteratorResult<T>>((resolve, reject) => {
        fail = reject;
        it.next().then(resolve, reject);
      });
      waitingSince = null;
      fail = null;
      if (step.done) return;
      yield step.value;
    }
  } finally {
    clearInterval(watchdog);
    // Let the source close its cursor; do not wait on a source that is stuck.
    void Promise.resolve(it.return?.()).catch(() => undefined);
  }
}
