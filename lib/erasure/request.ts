// The person's side of deletion: the page's state (the plan and any open request), asking (step-up and
// an explicit confirmation; starts the cooling-off period) and cancelling during cooling-off.
// Impersonating staff may see the plan but can neither ask nor cancel (policy), and the person id
// always comes from the actor.
import { defineUseCase, SUBJECT, lockPerson, lockRequestRow, parseCheckedInput } from "@/lib/kernel/use-case";
import { audit } from "../audit/append";
import { isStepUpFresh } from "../auth/actor";
import { db } from "../db";
import { AppError } from "../errors";
import type { Locale } from "../i18n/config";
import { createRequest, OPEN_STATUSES, transitionRequest, type RequestStatus } from "../privacy/requests";
import { getSettings } from "../settings";
import { beginCoolingOff } from "./begin";
import { cancelDeletionInput, requestDeletionInput } from "./deletion.validation";
import { computePlan, type DeletionPlan } from "./plan";

export type OpenDeletion = {
  id: string;
  status: RequestStatus;
  receivedAt: Date;
  dueAt: Date;
  coolingOffEndsAt: Date | null;
  /** Still within the cooling-off period: the person may cancel. */
  canCancel: boolean;
};

export type DeletionPageState = {
  plan: DeletionPlan;
  /** Only the person acts here; impersonating staff see the page without its buttons. */
  canAct: boolean;
  stepUpFresh: boolean;
  coolingOffDays: number;
  open: OpenDeletion | null;
  /** The latest deletion request, when the person cancelled it (and has none open). */
  cancelledAt: Date | null;
};

export const deletionPageState = defineUseCase(
  "deletion.page",
  { action: "data.view", callers: SUBJECT },
  async (actor, locale: Locale, now: Date = new Date()): Promise<DeletionPageState> => {
    const settings = await getSettings();
    const [plan, open, latest] = await Promise.all([
      computePlan(db, actor.personId, locale, settings, now),
      db.request.findFirst({
        where: { personId: actor.personId, type: "deletion", status: { in: OPEN_STATUSES } },
        orderBy: [{ receivedAt: "desc" }, { createdAt: "desc" }],
        select: {
          id: true,
          status: true,
          receivedAt: true,
          dueAt: true,
          extendedDueAt: true,
          coolingOffEndsAt: true,
        },
      }),
      db.request.findFirst({
        where: { personId: actor.personId, type: "deletion" },
        orderBy: [{ createdAt: "desc" }],
        select: { status: true, resolvedAt: true, updatedAt: true },
      }),
    ]);
    return {
      plan,
      canAct: actor.kind === "person",
      stepUpFresh: actor.kind === "person" && isStepUpFresh(actor, settings.stepUpMinutes, now),
      coolingOffDays: settings.coolingOffDays,
      open: open
        ? {
            id: open.id,
            status: open.status,
            receivedAt: open.receivedAt,
            dueAt: open.extendedDueAt ?? open.dueAt,
            coolingOffEndsAt: open.coolingOffEndsAt,
            canCancel: canCancel(open, now),
          }
        : null,
      cancelledAt: !open && latest?.status === "cancelled" ? (latest.resolvedAt ?? latest.updatedAt) : null,
    };
  },
);

export type RequestDeletionResult = { requestId: string; coolingOffEndsAt: Date | null; existing: boolean };

/** The person asks for erasure: a request is received and its cooling-off period starts. */
export const requestDeletion = defineUseCase(
  "deletion.request",
  { action: "deletion.request", callers: ["person"] },
  async (actor, raw: unknown, opts: { now?: Date } = {}): Promise<RequestDeletionResult> => {
    if (!requestDeletionInput.safeParse(raw).success)
      throw new AppError("invalid_input", { confirm: "confirm_required" });
    const now = opts.now ?? new Date();
    const settings = await getSettings();
    if (!isStepUpFresh(actor, settings.stepUpMinutes, now)) throw new AppError("step_up_required");
    const personId = actor.personId;

    return db.$transaction(
      async (tx) => {
        if (!(await lockPerson(tx, personId))) throw new AppError("not_found");
        const open = await tx.request.findFirst({
          where: { personId, type: "deletion", status: { in: OPEN_STATUSES } },
          orderBy: [{ receivedAt: "desc" }, { createdAt: "desc" }],
          select: { id: true, status: true, coolingOffEndsAt: true },
        });
        // A double click, or a second tab: the request already running is the answer.
        if (open && open.status !== "awaiting_confirmation" && open.status !== "received") {
          return { requestId: open.id, coolingOffEndsAt: open.coolingOffEndsAt, existing: true };
        }
        // A request staff registered (phone, letter) keeps its own receipt date: the legal clock runs from it.
        const requestId = open
          ? open.id
          : (await createRequest(tx, { personId, type: "deletion", status: "received", receivedAt: now })).id;
        await beginCoolingOff(tx, requestId, now);
        await audit(tx, actor, {
          action: "deletion.requested",
          personId,
          targetType: "request",
          targetId: requestId,
          meta: { existing: Boolean(open) },
        });
        const started = await tx.request.findUniqueOrThrow({
          where: { id: requestId },
          select: { coolingOffEndsAt: true },
        });
        return { requestId, coolingOffEndsAt: started.coolingOffEndsAt, existing: false };
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
  },
);

/** The person cancels their own deletion request while its cooling-off period lasts. */
export const cancelDeletion = defineUseCase(
  "deletion.cancel",
  { action: "deletion.cancel", callers: ["person"] },
  async (actor, raw: unknown, opts: { now?: Date } = {}): Promise<void> => {
    const { requestId } = parseCheckedInput(cancelDeletionInput, raw);
    const now = opts.now ?? new Date();
    const personId = actor.personId;

    await db.$transaction(
      async (tx) => {
        // The same row lock the erasure job takes before it starts: cancel and start never both win.
        await lockRequestRow(tx, requestId);
        // Ownership is part of the query: another person's request is simply not found.
        const request = await tx.request.findFirst({
          where: { id: requestId, personId, type: "deletion" },
          select: { id: true, status: true, coolingOffEndsAt: true },
        });
        if (!request) throw new AppError("not_found");
        if (request.status === "cancelled") return;
        if (!canCancel(request, now)) throw new AppError("not_allowed_now", { reason: "status" });
        await transitionRequest(tx, requestId, "cancelled");
        await audit(tx, actor, {
          action: "deletion.cancelled",
          personId,
          targetType: "request",
          targetId: requestId,
        });
      },
      { maxWait: 30_000, timeout: 30_000 },
    );
  },
);

function canCancel(r: { status: RequestStatus; coolingOffEndsAt: Date | null }, now: Date): boolean {
  return r.status === "cooling_off" && r.coolingOffEndsAt !== null && r.coolingOffEndsAt > now;
}
