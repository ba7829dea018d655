// The requests core: one table and one status machine for every kind of request, with the legal
// clock (one calendar month from receipt, moved past non-working days; extension up to two further
// months counted from receipt).
import type { Tx } from "../db";
import { AppError } from "../errors";
import { dueDate } from "./legal-clock";
import { RequestStatus, type RequestType } from "../generated/prisma/enums";

export type { RequestStatus, RequestType };

/** Every status a request can have, in the order of its life. */
export const REQUEST_STATUSES: readonly RequestStatus[] = Object.values(RequestStatus);

/** Allowed status changes. Terminal: completed, refused, cancelled. */
const TRANSITIONS: Record<RequestStatus, RequestStatus[]> = {
  awaiting_confirmation: ["received", "cancelled"],
  received: [
    "in_progress",
    "awaiting_fee_acceptance",
    "cooling_off",
    "completed",
    "refused",
    "cancelled",
    "failed",
  ],
  in_progress: ["completed", "refused", "failed", "awaiting_fee_acceptance", "cancelled"],
  awaiting_fee_acceptance: ["in_progress", "cancelled", "refused"],
  cooling_off: ["in_progress", "cancelled"],
  failed: ["in_progress", "received"],
  completed: [],
  refused: [],
  cancelled: [],
};

export const OPEN_STATUSES: RequestStatus[] = [
  "awaiting_confirmation",
  "received",
  "in_progress",
  "awaiting_fee_acceptance",
  "cooling_off",
  "failed",
];

export function canTransition(from: RequestStatus, to: RequestStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export async function createRequest(
  tx: Tx,
  input: {
    personId: string;
    type: RequestType;
    status?: RequestStatus;
    channel?: "portal" | "email" | "phone" | "letter";
    receivedAt?: Date;
    detailsEnc?: Uint8Array<ArrayBuffer> | null;
    coolingOffEndsAt?: Date | null;
    resolvedAt?: Date | null;
  },
) {
  const receivedAt = input.receivedAt ?? new Date();
  return tx.request.create({
    data: {
      personId: input.personId,
      type: input.type,
      status: input.status ?? "received",
      channel: input.channel ?? "portal",
      receivedAt,
      dueAt: dueDate(receivedAt, 1),
      detailsEnc: input.detailsEnc ?? null,
      coolingOffEndsAt: input.coolingOffEndsAt ?? null,
      resolvedAt: input.resolvedAt ?? null,
    },
  });
}

/** Moves a request to a new status, refusing a change the status machine does not allow. */
export async function transitionRequest(
  tx: Tx,
  requestId: string,
  to: RequestStatus,
  extra: { decisionReason?: string | null; resolvedAt?: Date | null } = {},
) {
  const current = await tx.request.findUnique({ where: { id: requestId } });
  if (!current) throw new AppError("not_found");
  if (current.status === to) return current;
  if (!canTransition(current.status, to)) throw new AppError("not_allowed_now", { reason: "status" });
  const terminal = to === "completed" || to === "refused" || to === "cancelled";
  return tx.request.update({
    where: { id: requestId },
    data: {
      status: to,
      decisionReason: extra.decisionReason ?? current.decisionReason,
      resolvedAt: extra.resolvedAt ?? (terminal ? new Date() : current.resolvedAt),
    },
  });
}

/** The deadline in force: the extended one when the request was extended. */
export function effectiveDueAt(r: { dueAt: Date; extendedDueAt: Date | null }): Date {
  return r.extendedDueAt ?? r.dueAt;
}

/** Like transitionRequest, but leaves a request alone when the machine does not allow the move. */
export async function transitionRequestIfAllowed(tx: Tx, requestId: string, to: RequestStatus) {
  const current = await tx.request.findUnique({ where: { id: requestId }, select: { status: true } });
  if (!current || (current.status !== to && !canTransition(current.status, to))) return null;
  return transitionRequest(tx, requestId, to);
}

export function isOpen(status: RequestStatus): boolean {
  return OPEN_STATUSES.includes(status);
}
