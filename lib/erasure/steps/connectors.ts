// After the newsletter partner: every configured automated connector (WIX, Microsoft 365, PayPal, Google Analytics) is asked
// to erase what its system holds on the person, each within its own time limit, and what it answered is
// kept as a ConnectorOutcome (action "erase"): done, nothing held, refused with a reason, found and left
// for staff to confirm, or not configured. The next step gives staff a task only where one is needed,
// and the receipt tells the person per system what happened.
//
// Idempotent: an outcome already final for this request and connector is not asked again, so a retried
// job (or a crash after this step's work and before its record) only asks the ones still pending. A
// failure (a ConnectorError after the HTTP client's own retries, or the time limit) counts an attempt on
// a "pending" outcome and throws; the job asks again later (erasureJob: CONNECTOR_RETRY_DELAYS_S); at the
// MAX_CONNECTOR_ATTEMPTS-th failure the outcome becomes "failed" with the failure's kind and the erasure
// goes on: staff then do it by hand. Other connectors' answers are kept either way.
import { db } from "../../db";
import { PENDING } from "../../connectors/outcomes";
import { failureKind, withTimeout } from "../../connectors/run";
import type { ActionOutcome, Connector, Subject } from "../../connectors/types";
import type { Detail, ErasureStepDef, StepContext } from "./types";

/** Times the step asks a failing connector before staff take over. */
export const MAX_CONNECTOR_ATTEMPTS = 4;
/**
 * How long the erasure waits before asking a failing connector again, after its 1st, 2nd and 3rd
 * failure (the HTTP client has already retried within each attempt): an outage of up to about an hour
 * is ridden out; a longer one becomes a staff task.
 */
export const CONNECTOR_RETRY_DELAYS_S = [60, 600, 3_600] as const;
/** One connector's erasure: finding and deleting can take several calls, each with its own retries. */
export const ERASE_TIMEOUT_MS = 120_000;

const ACTION = "erase";

/** Thrown when a connector failed and is asked again on the job's next attempt. Codes only. */
export class ConnectorsRetry extends Error {
  constructor(
    readonly failures: string[],
    /** The most attempts any of them has had. */
    readonly attempts: number,
  ) {
    super(`connectors will be asked again: ${failures.join(", ")}`);
    this.name = "ConnectorsRetry";
  }
}

export const connectorsStep: ErasureStepDef = {
  name: "connectors",
  outside: async (ctx): Promise<Detail> => {
    const connectors = (await ctx.connectors()).filter((c) => typeof c.erase === "function");
    if (connectors.length > 0) {
      const person = await db.person.findUnique({
        where: { id: ctx.personId },
        select: { email: true, firstName: true, lastName: true },
      });
      if (!person) return { asked: 0, skipped: "gone" };
      const subject: Subject = { personId: ctx.personId, ...person };
      const results = await Promise.all(connectors.map((c) => eraseWith(c, subject, ctx)));
      const again = results.filter((r) => r !== null);
      if (again.length > 0)
        throw new ConnectorsRetry(
          again.map((r) => r.failure),
          Math.max(...again.map((r) => r.attempts)),
        );
    }
    return summary(ctx.requestId, connectors.length);
  },
  inside: async (_tx, _ctx, outside) => outside,
};

/** Asks one connector unless its answer is final already. Returns a failure to retry, or null. */
async function eraseWith(
  connector: Connector,
  subject: Subject,
  ctx: StepContext,
): Promise<{ failure: string; attempts: number } | null> {
  const existing = await db.connectorOutcome.findFirst({
    where: { requestId: ctx.requestId, connector: connector.key, action: ACTION },
    orderBy: { createdAt: "asc" },
    select: { status: true, attempts: true },
  });
  if (existing && existing.status !== PENDING) return null;
  const attempts = (existing?.attempts ?? 0) + 1;
  const controller = new AbortController();
  let recipients: string[] = [];
  try {
    const outcome = await withTimeout(
      (async () => {
        recipients = await connector.recipients();
        return connector.erase!(subject, { requestId: ctx.requestId, signal: controller.signal });
      })(),
      ctx.connectorTimeoutMs,
      controller,
    );
    await record(ctx, connector.key, recipients, { ...fromOutcome(outcome, ctx.now), attempts });
    return null;
  } catch (err) {
    const failure = failureKind(err);
    const final = attempts >= MAX_CONNECTOR_ATTEMPTS;
    await record(ctx, connector.key, recipients, {
      status: final ? "failed" : PENDING,
      reason: failure,
      attempts,
      at: final ? ctx.now : null,
    });
    return final ? null : { failure: `${connector.key}:${failure}`, attempts };
  }
}

type Fields = {
  status: string;
  reason?: string | null;
  count?: number | null;
  erased?: number | null;
  at?: Date | null;
  taskId?: string | null;
  attempts: number;
};

/** An answer as stored: codes and counts, never the system's message. */
function fromOutcome(o: ActionOutcome, now: Date): Omit<Fields, "attempts"> {
  switch (o.status) {
    case "done":
      return { status: "done", count: o.count ?? null, at: validDate(o.at) ?? now };
    case "refused":
      return { status: "refused", reason: o.reason.slice(0, 60), at: now };
    case "needs_confirmation":
      // reason: what staff confirm ("messages").
      return {
        status: o.status,
        reason: o.what.slice(0, 60),
        count: o.count,
        erased: o.erased ?? 0,
        at: now,
      };
    case "staff_task":
      return { status: o.status, taskId: o.taskIds[0] ?? null, at: now };
    default:
      return { status: o.status, at: now };
  }
}

function validDate(at: string | undefined): Date | null {
  if (!at) return null;
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? null : d;
}

/**
 * One row per request, connector and action. Two runs at once take turns on an advisory lock, and a
 * final answer is never replaced by a later "pending".
 */
async function record(ctx: StepContext, connector: string, recipients: string[], fields: Fields) {
  await db.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${ctx.requestId}), hashtext(${`erase:${connector}`}))`;
    const row = await tx.connectorOutcome.findFirst({
      where: { requestId: ctx.requestId, connector, action: ACTION },
      orderBy: { createdAt: "asc" },
      select: { id: true, status: true },
    });
    if (row && row.status !== PENDING) return;
    const data = {
      status: fields.status,
      reason: fields.reason ?? null,
      count: fields.count ?? null,
      erased: fields.erased ?? null,
      at: fields.at ?? null,
      taskId: fields.taskId ?? null,
      attempts: fields.attempts,
      ...(recipients[0] ? { recipientKey: recipients[0] } : {}),
    };
    if (row) await tx.connectorOutcome.update({ where: { id: row.id }, data });
    else
      await tx.connectorOutcome.create({
        data: { ...data, requestId: ctx.requestId, personId: ctx.personId, connector, action: ACTION },
      });
  });
}

/** The step's record: how many systems answered which way (counts only). */
async function summary(requestId: string, asked: number): Promise<Detail> {
  const rows = await db.connectorOutcome.groupBy({
    by: ["status"],
    where: { requestId, action: ACTION },
    _count: true,
  });
  const n = (status: string) => rows.find((r) => r.status === status)?._count ?? 0;
  return {
    asked,
    done: n("done"),
    nothingHeld: n("nothing_held"),
    refused: n("refused"),
    toConfirm: n("needs_confirmation"),
    failed: n("failed"),
    notConfigured: n("not_configured"),
  };
}
