// Small helpers every staff use-case shares.
import { assertCan, type Actor, type StaffActor } from "../auth/actor";
import type { Action } from "../auth/policy";
import type { Tx } from "../db";
import { AppError } from "../errors";

/** The acting staff member (not impersonating), allowed to do `action`; anyone else is refused. */
export function asStaff(actor: Actor | null, action: Action): StaffActor {
  assertCan(actor, action);
  if (actor.kind !== "staff") throw new AppError("forbidden");
  return actor;
}

/** Locks the request row for the rest of the transaction and returns it (with its person). */
export async function lockRequest(tx: Tx, requestId: string) {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Request" WHERE id = ${requestId} FOR UPDATE`;
  if (rows.length === 0) throw new AppError("not_found");
  const request = await tx.request.findUnique({
    where: { id: requestId },
    include: { person: { select: { id: true, email: true, language: true, restrictedAt: true } } },
  });
  if (!request) throw new AppError("not_found");
  return request;
}

/** Statuses in which staff can still decide a request (the person confirmed it; it is not closed). */
export const DECIDABLE = ["received", "in_progress", "awaiting_fee_acceptance", "failed"] as const;
