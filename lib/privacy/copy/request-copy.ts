// Requesting a copy. The free-copy rule is enforced here, in the database transaction that creates the
// copy: the person's row is locked (SELECT … FOR UPDATE) before the free copies in the window are
// counted, so concurrent clicks, several server instances, and restarts all
// see one answer. Within the window the person can still ask: that becomes a "further_copy" request
// for staff (no copy is built), who grant it free, with a fee the person accepts first, or refuse it.
import { defineUseCase, lockPerson } from "@/lib/kernel/use-case";
import { audit } from "../../audit/append";
import { isStepUpFresh, type PersonActor } from "../../auth/actor";
import { db } from "../../db";
import { AppError } from "../../errors";
import { enqueue } from "../../jobs/queue";
import { getSettings } from "../../settings";
import { createRequest, OPEN_STATUSES, transitionRequest } from "../requests";
import { countedFreeCopies } from "./free-copy";

export type RequestCopyResult =
  /** A free copy is now being built. */
  | { kind: "free"; copyId: string; requestId: string }
  /** A copy is already being built: nothing new was created (e.g. a double click). */
  | { kind: "in_progress"; copyId: string }
  /** The free copy is used: a request for a further copy went to staff (or one was already open). */
  | { kind: "further_copy"; requestId: string; existing: boolean };

export type RequestCopyOptions = { now?: Date };

export const requestCopy = defineUseCase(
  "copy.request",
  // A copy is always the person's own act: impersonating staff cannot ask for one.
  { action: "copy.request", callers: ["person"] },
  async (actor, opts: RequestCopyOptions = {}): Promise<RequestCopyResult> => requestCopyStep(actor, opts),
);

async function requestCopyStep(actor: PersonActor, opts: RequestCopyOptions): Promise<RequestCopyResult> {
  const now = opts.now ?? new Date();
  const personId = actor.personId;

  // Every statement runs inside the transaction, settings included.
  return db.$transaction(
    async (tx): Promise<RequestCopyResult> => {
      const settings = await getSettings(tx);
      if (!isStepUpFresh(actor, settings.stepUpMinutes, now)) throw new AppError("step_up_required");
      // No test hook here: request-copy.test.ts lines the race up by holding this row lock itself, and
      // shows the race is lost without it by replacing lockPerson in that test file only.
      if (!(await lockPerson(tx, personId))) throw new AppError("not_found");
      const building = await tx.copy.findFirst({
        where: { personId, status: { in: ["queued", "building"] } },
        select: { id: true },
      });
      if (building) return { kind: "in_progress", copyId: building.id };

      const used = await tx.copy.count({ where: countedFreeCopies(personId, now, settings.freeCopyMonths) });
      if (used === 0) {
        // A copy request whose build failed is still the same request: its legal clock keeps running
        // from its receipt, so it is picked up again rather than replaced.
        const failed = await tx.request.findFirst({
          where: { personId, type: "copy", status: "failed" },
          orderBy: { receivedAt: "desc" },
          select: { id: true },
        });
        const request = failed
          ? await transitionRequest(tx, failed.id, "in_progress")
          : await createRequest(tx, { personId, type: "copy", status: "in_progress", receivedAt: now });
        const copy = await tx.copy.create({
          data: { personId, requestId: request.id, free: true, status: "queued", createdAt: now },
        });
        await enqueue(tx, "copy.build", { copyId: copy.id });
        await audit(tx, actor, {
          action: "copy.requested",
          personId,
          targetType: "copy",
          targetId: copy.id,
          meta: { free: true, requestId: request.id },
        });
        return { kind: "free", copyId: copy.id, requestId: request.id };
      }

      const open = await tx.request.findFirst({
        where: { personId, type: "further_copy", status: { in: OPEN_STATUSES } },
        orderBy: { receivedAt: "desc" },
        select: { id: true },
      });
      if (open) return { kind: "further_copy", requestId: open.id, existing: true };
      const request = await createRequest(tx, { personId, type: "further_copy", receivedAt: now });
      await audit(tx, actor, {
        action: "copy.further_requested",
        personId,
        targetType: "request",
        targetId: request.id,
      });
      return { kind: "further_copy", requestId: request.id, existing: false };
    },
    // Requests for one person queue on the row lock.
    { maxWait: 30_000, timeout: 30_000 },
  );
}
