// The "erasure.run" job. Each step is its own transaction, recorded in ErasureStep (requestId, step)
// in that same transaction: a crash or restart resumes at the first unrecorded step, a step is never
// half done, and running the job twice is harmless (every step is skipped once recorded, and each
// takes the request's row lock first, so two runs never do the same step at once).
//
// The same queue carries the reminder (two days before the cooling-off period ends) and the receipt's
// cleanup (the outbox row is emptied once it has been delivered). Job data holds ids only.
import { lockRequestRow } from "@/lib/kernel/use-case";
import { z } from "zod";
import { audit } from "../audit/append";
import { db, type Tx } from "../db";
import { queueEmail } from "../email/send";
import { enqueue } from "../jobs/queue";
import { transitionRequest } from "../privacy/requests";
import { ERASURE_ACTOR } from "./actors";
import { localeOf } from "../i18n/config";
import { reminderEmail } from "./emails";
import { automatedConnectors } from "../connectors/registry";
import type { Connector } from "../connectors/types";
import {
  CONNECTOR_RETRY_DELAYS_S,
  ConnectorsRetry,
  connectorsStep,
  ERASE_TIMEOUT_MS,
} from "./steps/connectors";
import { dataKeyStep } from "./steps/data-key";
import { holdsStep } from "./steps/holds";
import { newsletterStep } from "./steps/newsletter";
import { portalDataStep } from "./steps/portal-data";
import { receiptStep } from "./steps/receipt";
import { recipientTasksStep } from "./steps/recipient-tasks";
import { tombstoneStep } from "./steps/tombstone";
import {
  RECEIPT_CLEANUP,
  REMINDER,
  type Detail,
  type ErasureStepDef,
  type StepContext,
  type StepName,
} from "./steps/types";

export const STEPS: readonly ErasureStepDef[] = [
  newsletterStep,
  connectorsStep,
  recipientTasksStep,
  receiptStep,
  holdsStep,
  portalDataStep,
  tombstoneStep,
  dataKeyStep,
];

/** The channel of a request the system made (routine retention of an inactive account). */
export const SYSTEM_CHANNEL = "retention";

const DAY_MS = 86_400_000;
/** An undelivered receipt is emptied anyway after this long: the address must not stay forever. */
export const RECEIPT_WAIT_MS = 7 * DAY_MS;

export type RunHooks = {
  /** Inside a step's transaction, after its work and before it is recorded (tests: crash mid-step). */
  insideStep?: (step: StepName) => Promise<void>;
  /** After a step has been committed (tests: crash between steps). */
  afterStep?: (step: StepName) => Promise<void>;
};

export type RunOptions = {
  now?: () => Date;
  hooks?: RunHooks;
  /** The connectors asked to erase (tests: built against fakes). Default: the configured ones. */
  connectors?: readonly Connector[];
  /** Each connector's time limit for its erasure call. */
  connectorTimeoutMs?: number;
};

export type RunResult =
  | { status: "not_found" | "not_due" | "skipped" }
  | { status: "completed"; steps: StepName[]; receipt: "cleaned" | "waiting" | "none" };

export async function runErasure(requestId: string, opts: RunOptions = {}): Promise<RunResult> {
  const now = opts.now ?? (() => new Date());
  const claim = await db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (!request || request.type !== "deletion") return { status: "not_found" as const };
    if (request.status === "cooling_off") {
      // Cancelled meanwhile, or not yet due: nothing happens (the job for the real end is queued).
      if (!request.coolingOffEndsAt || request.coolingOffEndsAt > now())
        return { status: "not_due" as const };
      await transitionRequest(tx, requestId, "in_progress");
      await audit(tx, ERASURE_ACTOR, {
        action: "erasure.started",
        personId: request.personId,
        targetType: "request",
        targetId: requestId,
      });
      return {
        status: "run" as const,
        personId: request.personId,
        system: request.channel === SYSTEM_CHANNEL,
      };
    }
    if (request.status === "in_progress") {
      return {
        status: "run" as const,
        personId: request.personId,
        system: request.channel === SYSTEM_CHANNEL,
      };
    }
    if (request.status === "completed") return { status: "completed" as const };
    return { status: "skipped" as const };
  });
  if (claim.status === "not_found" || claim.status === "not_due" || claim.status === "skipped") return claim;

  const ran: StepName[] = [];
  if (claim.status === "run") {
    const done = await recordedSteps(requestId);
    if (!claim.personId) {
      // The person row is already gone (erased some other way): record what is left as nothing to do.
      await finishWithoutPerson(requestId, done, now());
    } else {
      for (const step of STEPS) {
        if (done.has(step.name)) continue;
        const ctx: StepContext = {
          requestId,
          personId: claim.personId,
          system: claim.system,
          now: now(),
          done,
          connectors: opts.connectors ? async () => opts.connectors! : automatedConnectors,
          connectorTimeoutMs: opts.connectorTimeoutMs ?? ERASE_TIMEOUT_MS,
        };
        const detail = await runStep(step, ctx, opts.hooks);
        if (detail) {
          done.set(step.name, detail);
          ran.push(step.name);
        }
        await opts.hooks?.afterStep?.(step.name);
      }
    }
  }
  const receipt = await cleanupReceipt(requestId, now());
  return { status: "completed", steps: ran, receipt };
}

/** The job handler for "erasure.run": { requestId, phase? }. Returns ids and counts only. */
export async function erasureJob(data: Record<string, unknown>): Promise<unknown> {
  const parsed = jobData.safeParse(data);
  if (!parsed.success) return { status: "invalid" };
  const { requestId, phase } = parsed.data;
  if (phase === "reminder") return { status: await sendReminder(requestId) };
  if (phase === "cleanup") return { status: await cleanupReceipt(requestId, new Date()) };
  let result: RunResult;
  try {
    result = await runErasure(requestId);
  } catch (err) {
    if (!(err instanceof ConnectorsRetry)) throw err;
    // A partner's system is failing: the erasure asks it again later, not within the queue's seconds.
    const delay = CONNECTOR_RETRY_DELAYS_S[Math.min(err.attempts, CONNECTOR_RETRY_DELAYS_S.length) - 1]!;
    await db.$transaction((tx) =>
      enqueue(
        tx,
        "erasure.run",
        { requestId },
        { startAfter: delay, singletonKey: `erasure:${requestId}:${err.attempts}` },
      ),
    );
    return { status: "connectors_retry", after: delay };
  }
  return { status: result.status, ...("steps" in result ? { steps: result.steps.length } : {}) };
}

const jobData = z.object({
  requestId: z.string().min(1).max(64),
  phase: z.enum(["run", "reminder", "cleanup"]).optional(),
});

/** The reminder two days before erasure: only while the request is still cooling off, and only once. */
export async function sendReminder(requestId: string, now: Date = new Date()): Promise<"sent" | "skipped"> {
  return db.$transaction(async (tx) => {
    const request = await lockRequest(tx, requestId);
    if (
      !request ||
      request.type !== "deletion" ||
      request.status !== "cooling_off" ||
      !request.coolingOffEndsAt ||
      request.coolingOffEndsAt <= now ||
      !request.personId
    ) {
      return "skipped" as const;
    }
    const already = await tx.erasureStep.findUnique({
      where: { requestId_step: { requestId, step: REMINDER } },
    });
    if (already) return "skipped" as const;
    const person = await tx.person.findUnique({
      where: { id: request.personId },
      select: { id: true, email: true, language: true },
    });
    if (!person) return "skipped" as const;
    const mail = reminderEmail(localeOf(person.language), request.coolingOffEndsAt, requestId);
    const emailId = await queueEmail(tx, {
      to: person.email,
      kind: "deletionReminder",
      personId: person.id,
      ...mail,
    });
    await tx.erasureStep.create({ data: { requestId, step: REMINDER, doneAt: now, detail: { emailId } } });
    await audit(tx, ERASURE_ACTOR, {
      action: "deletion.reminder_sent",
      personId: person.id,
      targetType: "request",
      targetId: requestId,
    });
    return "sent" as const;
  });
}

/**
 * After erasure: once the receipt has been delivered, its outbox row keeps only its id, kind and
 * status (the address and body go). Until then it waits, checking again later; after
 * RECEIPT_WAIT_MS it is emptied whether delivered or not.
 */
export async function cleanupReceipt(requestId: string, now: Date): Promise<"cleaned" | "waiting" | "none"> {
  const [request, steps] = await Promise.all([
    db.request.findUnique({ where: { id: requestId }, select: { status: true } }),
    db.erasureStep.findMany({ where: { requestId, step: { in: ["receipt", RECEIPT_CLEANUP] } } }),
  ]);
  if (request?.status !== "completed") return "none";
  if (steps.some((s) => s.step === RECEIPT_CLEANUP)) return "cleaned";
  const receipt = steps.find((s) => s.step === "receipt");
  const emailId = (receipt?.detail as Detail | null)?.emailId;
  const msg =
    typeof emailId === "string"
      ? await db.emailMessage.findUnique({ where: { id: emailId }, select: { status: true } })
      : null;
  const delivered = msg?.status === "sent" || msg?.status === "outbox";
  // Counted from when the receipt was queued (the step's own time).
  const age = receipt ? now.getTime() - receipt.doneAt.getTime() : 0;
  if (msg && !delivered && age < RECEIPT_WAIT_MS) {
    // Look again later, less often the longer it takes.
    const wait = Math.min(6 * 3_600_000, Math.max(60_000, Math.floor(age / 2)));
    await db.$transaction((tx) =>
      enqueue(
        tx,
        "erasure.run",
        { requestId, phase: "cleanup" },
        { startAfter: new Date(now.getTime() + wait) },
      ),
    );
    return "waiting";
  }
  await db.$transaction(async (tx) => {
    await lockRequest(tx, requestId);
    if (await tx.erasureStep.findUnique({ where: { requestId_step: { requestId, step: RECEIPT_CLEANUP } } }))
      return;
    if (msg && typeof emailId === "string") {
      await tx.emailMessage.update({
        where: { id: emailId },
        data: {
          to: "",
          html: "",
          text: "",
          personId: null,
          ...(delivered ? {} : { error: "erased_undelivered" }),
        },
      });
    }
    await tx.erasureStep.create({
      data: { requestId, step: RECEIPT_CLEANUP, doneAt: now, detail: { delivered, emailRow: Boolean(msg) } },
    });
  });
  return "cleaned";
}

/** Runs one step: its outside work, then its transaction with the record. Null when already done. */
async function runStep(step: ErasureStepDef, ctx: StepContext, hooks?: RunHooks): Promise<Detail | null> {
  const outside = step.outside ? await step.outside(ctx) : {};
  return db.$transaction(
    async (tx) => {
      await lockRequest(tx, ctx.requestId);
      const already = await tx.erasureStep.findUnique({
        where: { requestId_step: { requestId: ctx.requestId, step: step.name } },
      });
      if (already) return null;
      const detail = await step.inside(tx, ctx, outside);
      await hooks?.insideStep?.(step.name);
      await tx.erasureStep.create({
        data: { requestId: ctx.requestId, step: step.name, doneAt: ctx.now, detail },
      });
      await audit(tx, ERASURE_ACTOR, {
        action: step.name === "data_key" ? "erasure.completed" : `erasure.step.${step.name}`,
        personId: ctx.personId,
        targetType: "request",
        targetId: ctx.requestId,
        meta: numbersOnly(detail),
      });
      return detail;
    },
    // A long history is deleted in one transaction.
    { maxWait: 60_000, timeout: 300_000 },
  );
}

async function finishWithoutPerson(requestId: string, done: Map<string, Detail>, now: Date): Promise<void> {
  await db.$transaction(async (tx) => {
    await lockRequest(tx, requestId);
    for (const step of STEPS) {
      if (done.has(step.name)) continue;
      await tx.erasureStep.upsert({
        where: { requestId_step: { requestId, step: step.name } },
        create: { requestId, step: step.name, doneAt: now, detail: { skipped: "person_gone" } },
        update: {},
      });
    }
    await transitionRequest(tx, requestId, "completed", { resolvedAt: now });
    await audit(tx, ERASURE_ACTOR, {
      action: "erasure.completed",
      targetType: "request",
      targetId: requestId,
    });
  });
}

async function recordedSteps(requestId: string): Promise<Map<string, Detail>> {
  const rows = await db.erasureStep.findMany({ where: { requestId } });
  return new Map(rows.map((r) => [r.step, (r.detail ?? {}) as Detail]));
}

async function lockRequest(tx: Tx, requestId: string) {
  await lockRequestRow(tx, requestId);
  return tx.request.findUnique({
    where: { id: requestId },
    select: { id: true, type: true, status: true, personId: true, channel: true, coolingOffEndsAt: true },
  });
}

/** Audit meta holds ids and counts; string details (e.g. an outbox id) stay in ErasureStep. */
function numbersOnly(detail: Detail): Record<string, number | boolean | null> {
  const out: Record<string, number | boolean | null> = {};
  for (const [k, v] of Object.entries(detail)) if (typeof v !== "string") out[k] = v;
  return out;
}
