// Routine retention ("retention.sweep", daily): deletes what the data map and the settings say has
// expired, for everyone, not only for those who ask. Conservative on purpose: where the data map and
// the settings disagree the longer period wins, an account counts as inactive only when nothing at
// all happened on it for the whole period, and every run is audited with its counts (never who).
//
//  - web events older than the web-event retention (settings.webEventRetentionMonths, or the data
//    map's period for web usage, device and geography when that is longer);
//  - held records (vouchers restricted by erasure) whose deleteAfter has passed;
//  - inactive accounts: erased through the same erasure steps, with a system request;
//  - erasures that stopped (a job that ran out of retries, a lost job) are queued again.
import { lockPerson } from "@/lib/kernel/use-case";
import { Prisma } from "../generated/prisma/client";
import { audit } from "../audit/append";
import { db } from "../db";
import { enqueue } from "../jobs/queue";
import { addMonthsClamped, dueDate, stockholmDay } from "../privacy/legal-clock";
import { OPEN_STATUSES } from "../privacy/requests";
import { getSettings } from "../settings";
import { RETENTION_ACTOR } from "./actors";
import { cleanupReceipt, SYSTEM_CHANNEL } from "./run";
import { RECEIPT_CLEANUP } from "./steps/types";

const DAY_MS = 86_400_000;
const WEB_CATEGORIES = ["web_usage", "device", "geo"];
/** Inactive accounts erased per run at most: a wrong setting must not erase everyone at once. */
export const INACTIVE_PER_RUN = 50;
/** An erasure untouched this long is considered stopped and queued again. */
const STUCK_MS = 6 * 3_600_000;

export type RetentionOptions = {
  now?: Date;
  limit?: number;
  /**
   * Tests only: limits the sweep to these rows, so a test does not delete other tests' data in a
   * shared database. Never set in the job.
   */
  scope?: { personIds: string[]; recordIds: string[]; requestIds: string[] };
};

export type RetentionResult = {
  webEvents: number;
  invoices: number;
  payments: number;
  inactive: number;
  resumed: number;
  receiptsCleaned: number;
  webEventMonths: number;
  inactiveMonths: number;
};

export async function runRetentionSweep(opts: RetentionOptions = {}): Promise<RetentionResult> {
  const now = opts.now ?? new Date();
  const scope = opts.scope;
  const settings = await getSettings();
  const mapped = await db.dataCategory.findMany({
    where: { key: { in: WEB_CATEGORIES } },
    select: { retentionMonths: true },
  });
  const webEventMonths = Math.max(
    settings.webEventRetentionMonths,
    ...mapped.map((c) => c.retentionMonths ?? 0),
  );
  const inactiveMonths = settings.inactiveAccountMonths;

  const webCutoff = monthsBefore(now, webEventMonths);
  const webEvents = (
    await db.webEvent.deleteMany({
      where: { occurredAt: { lt: webCutoff }, ...(scope ? { personId: { in: scope.personIds } } : {}) },
    })
  ).count;

  // Only records erasure restricted (no person, restrictedAt set) and whose hold has ended.
  const held = {
    deleteAfter: { lte: now },
    restrictedAt: { not: null },
    personId: null,
    ...(scope ? { id: { in: scope.recordIds } } : {}),
  };
  const payments = (await db.payment.deleteMany({ where: held })).count;
  const invoices = (await db.invoice.deleteMany({ where: held })).count;

  const inactive = await eraseInactive(
    now,
    monthsBefore(now, inactiveMonths),
    opts.limit ?? INACTIVE_PER_RUN,
    scope?.personIds,
  );
  const { resumed, receiptsCleaned } = await resumeStopped(now, scope?.requestIds);

  const result: RetentionResult = {
    webEvents,
    invoices,
    payments,
    inactive,
    resumed,
    receiptsCleaned,
    webEventMonths,
    inactiveMonths,
  };
  await db.$transaction((tx) =>
    audit(tx, RETENTION_ACTOR, { action: "retention.sweep", meta: { ...result, scoped: Boolean(scope) } }),
  );
  return result;
}

/** The job handler for "retention.sweep". */
export async function retentionJob(): Promise<RetentionResult> {
  return runRetentionSweep();
}

/**
 * People with no sign of life for the whole period: no sign-in or portal activity, no order, invoice
 * or payment, no consent change and no consent given or pending, no support contact or form, no
 * request (and none open), no change of their record; never restricted people (Art. 18: stored only)
 * and never anyone on the staff allow-list. Each gets a system deletion request and the erasure job.
 */
async function eraseInactive(now: Date, cutoff: Date, limit: number, only?: string[]): Promise<number> {
  const onlyClause = only
    ? Prisma.sql`AND p.id IN (${Prisma.join(only.length ? only : [""])})`
    : Prisma.empty;
  const open = Prisma.join(OPEN_STATUSES.map((s) => Prisma.sql`${s}::"RequestStatus"`));
  const candidates = await db.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM "Person" p
    WHERE p."restrictedAt" IS NULL
      AND GREATEST(p."createdAt", p."updatedAt", COALESCE(p."lastActiveAt", p."createdAt")) < ${cutoff}
      AND NOT EXISTS (SELECT 1 FROM "Order" x WHERE x."personId" = p.id AND x."placedAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "Invoice" x WHERE x."personId" = p.id AND x."issuedAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "Payment" x WHERE x."personId" = p.id AND x."paidAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "ConsentEvent" x WHERE x."personId" = p.id AND x."at" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "ConsentState" x WHERE x."personId" = p.id AND x.status IN ('given', 'pending'))
      AND NOT EXISTS (SELECT 1 FROM "SupportContact" x WHERE x."personId" = p.id AND x."occurredAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "FormSubmission" x WHERE x."personId" = p.id AND x."submittedAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "AccessEvent" x WHERE x."personId" = p.id AND x."at" >= ${cutoff})
      AND NOT EXISTS (
        SELECT 1 FROM "Request" x WHERE x."personId" = p.id AND (x."receivedAt" >= ${cutoff} OR x.status IN (${open})))
      AND NOT EXISTS (
        SELECT 1 FROM "Session" s JOIN "User" u ON u.id = s."userId" WHERE u."personId" = p.id AND s."createdAt" >= ${cutoff})
      AND NOT EXISTS (SELECT 1 FROM "StaffMember" x WHERE lower(x.email) = lower(p.email))
      ${onlyClause}
    ORDER BY p."createdAt" ASC
    LIMIT ${limit}`;
  let started = 0;
  for (const { id } of candidates) {
    const requestId = await db.$transaction(async (tx) => {
      // Checked again under the person's row lock: a request or sign-in since the query wins.
      await lockPerson(tx, id);
      const busy = await tx.request.count({ where: { personId: id, status: { in: OPEN_STATUSES } } });
      const person = await tx.person.findUnique({
        where: { id },
        select: { lastActiveAt: true, restrictedAt: true },
      });
      if (
        busy > 0 ||
        !person ||
        person.restrictedAt ||
        (person.lastActiveAt && person.lastActiveAt >= cutoff)
      )
        return null;
      const request = await tx.request.create({
        data: {
          personId: id,
          type: "deletion",
          status: "in_progress",
          channel: SYSTEM_CHANNEL,
          receivedAt: now,
          dueAt: dueDate(now, 1),
          decisionReason: "inactive_account",
        },
      });
      await enqueue(tx, "erasure.run", { requestId: request.id });
      await audit(tx, RETENTION_ACTOR, {
        action: "retention.inactive_erasure",
        personId: id,
        targetType: "request",
        targetId: request.id,
      });
      return request.id;
    });
    if (requestId) started += 1;
  }
  return started;
}

/** Erasures that stopped part-way, and receipts still waiting to be emptied. */
async function resumeStopped(
  now: Date,
  only?: string[],
): Promise<{ resumed: number; receiptsCleaned: number }> {
  const ids = only ? { id: { in: only } } : {};
  const stale = new Date(now.getTime() - STUCK_MS);
  const stuck = await db.request.findMany({
    where: {
      type: "deletion",
      ...ids,
      OR: [
        { status: "in_progress", updatedAt: { lt: stale } },
        { status: "cooling_off", coolingOffEndsAt: { lt: stale } },
      ],
    },
    select: { id: true },
    take: 200,
  });
  if (stuck.length) {
    await db.$transaction(async (tx) => {
      for (const r of stuck) await enqueue(tx, "erasure.run", { requestId: r.id });
    });
  }
  const completed = await db.request.findMany({
    where: {
      type: "deletion",
      status: "completed",
      resolvedAt: { gt: new Date(now.getTime() - 60 * DAY_MS) },
      ...ids,
    },
    select: { id: true },
    take: 500,
  });
  let receiptsCleaned = 0;
  if (completed.length) {
    const cleaned = new Set(
      (
        await db.erasureStep.findMany({
          where: { requestId: { in: completed.map((c) => c.id) }, step: RECEIPT_CLEANUP },
          select: { requestId: true },
        })
      ).map((s) => s.requestId),
    );
    for (const r of completed) {
      if (cleaned.has(r.id)) continue;
      if ((await cleanupReceipt(r.id, now)) === "cleaned") receiptsCleaned += 1;
    }
  }
  return { resumed: stuck.length, receiptsCleaned };
}

/** `months` calendar months before `now`'s Stockholm day, less one day: at least the whole period. */
function monthsBefore(now: Date, months: number): Date {
  const day = addMonthsClamped(stockholmDay(now), -months);
  return new Date(new Date(`${day}T00:00:00Z`).getTime() - DAY_MS);
}
