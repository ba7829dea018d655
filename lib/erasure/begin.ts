// Starts the cooling-off period of a deletion request: the person may cancel until it ends, then the
// erasure job runs. The legal deadline (Request.dueAt) still counts from receipt. The erasure job and
// the reminder are enqueued in the same transaction, and both re-check the request when they run, so
// a cancelled request is never erased or reminded about.
//
// Called by the portal (the person asks) and by the staff console (a request registered by phone or
// letter has been confirmed from the person's own mailbox).
import { lockRequestRow } from "@/lib/kernel/use-case";
import { audit } from "../audit/append";
import type { Tx } from "../db";
import { queueEmail } from "../email/send";
import { AppError } from "../errors";
import { enqueue } from "../jobs/queue";
import { transitionRequest } from "../privacy/requests";
import { getSettings } from "../settings";
import { DELETION_ACTOR } from "./actors";
import { localeOf } from "../i18n/config";
import { confirmEmail } from "./emails";

const DAY_MS = 86_400_000;
/** The reminder goes out this long before erasure runs. */
export const REMINDER_BEFORE_MS = 2 * DAY_MS;

/**
 * Moves a deletion request (received, or awaiting the person's confirmation) into its cooling-off
 * period. Idempotent: a request already cooling off is left as it is.
 */
export async function beginCoolingOff(tx: Tx, requestId: string, now: Date = new Date()): Promise<void> {
  await lockRequestRow(tx, requestId);
  const request = await tx.request.findUnique({
    where: { id: requestId },
    select: {
      id: true,
      type: true,
      status: true,
      person: { select: { id: true, email: true, language: true } },
    },
  });
  if (!request || request.type !== "deletion" || !request.person) throw new AppError("not_found");
  if (request.status === "cooling_off") return;
  if (request.status === "awaiting_confirmation") await transitionRequest(tx, requestId, "received");
  else if (request.status !== "received") throw new AppError("not_allowed_now", { reason: "status" });

  const settings = await getSettings(tx);
  const endsAt = new Date(now.getTime() + settings.coolingOffDays * DAY_MS);
  await transitionRequest(tx, requestId, "cooling_off");
  await tx.request.update({ where: { id: requestId }, data: { coolingOffEndsAt: endsAt } });

  // Job data holds ids only; the handler re-checks status and time when it runs.
  await enqueue(tx, "erasure.run", { requestId }, { startAfter: endsAt });
  const remindAt = new Date(endsAt.getTime() - REMINDER_BEFORE_MS);
  // With a cooling-off period of two days or less the confirmation already is the reminder.
  if (remindAt > now)
    await enqueue(tx, "erasure.run", { requestId, phase: "reminder" }, { startAfter: remindAt });

  const person = request.person;
  const mail = confirmEmail(localeOf(person.language), endsAt, requestId);
  await queueEmail(tx, { to: person.email, kind: "deletionConfirm", personId: person.id, ...mail });
  await audit(tx, DELETION_ACTOR, {
    action: "deletion.cooling_off_started",
    personId: person.id,
    targetType: "request",
    targetId: requestId,
    meta: { coolingOffDays: settings.coolingOffDays, reminder: remindAt > now },
  });
}
