// What staff decide on a request: assign it, note on it, resolve it (never while a recipient task is
// open), extend it (Art. 12(3): by up to two further months, only while the first month runs, the person
// told at once) or refuse it (Art. 12(4): with reasons and the person's rights to complain and go to
// court). Each in one transaction with its audit entry and its email to the person.
import { lockPerson } from "@/lib/kernel/use-case";
import type { Tx } from "../db";
import { audit } from "../audit/append";
import type { Actor } from "../auth/actor";
import { AppError } from "../errors";
import { dueDate } from "../privacy/legal-clock";
import { isOpen, transitionRequest } from "../privacy/requests";
import { getSettings } from "../settings";
import { defineRequestDecision, type LockedRequest } from "./common";
import { assertAllowed, isCopyRequest, loadRequestFacts } from "./request-actions";
import { longDate, sendStaffEmail, typeName } from "./emails";
import { assignInput, extendInput, noteInput, refuseInput, resolveInput } from "./validation";

export const assignRequest = defineRequestDecision(
  "requests.assign_request",
  assignInput,
  async (tx, staff, { requestId, staffMemberId }) => {
    if (staffMemberId) {
      const member = await tx.staffMember.findUnique({ where: { id: staffMemberId } });
      if (!member || !member.active) throw new AppError("invalid_input");
    }
    const updated = await tx.request.update({
      where: { id: requestId },
      data: { assignedToId: staffMemberId },
    });
    await audit(tx, staff, {
      action: "staff.request_assigned",
      personId: updated.personId,
      targetType: "request",
      targetId: requestId,
      meta: { assignedTo: staffMemberId },
    });
  },
);

export const addRequestNote = defineRequestDecision(
  "requests.add_request_note",
  noteInput,
  async (tx, staff, { requestId, text }, request) => {
    const note = await tx.requestNote.create({
      data: { requestId, staffMemberId: staff.staffMemberId, text },
    });
    await audit(tx, staff, {
      action: "staff.request_note_added",
      personId: request.personId,
      targetType: "request_note",
      targetId: note.id,
      meta: { requestId },
    });
  },
);

/**
 * Closes a request as done. Refused while any recipient task of it is open, while the person has not
 * confirmed it, for a deletion (the erasure job completes it) and for a copy no copy was built for.
 */
export const resolveRequest = defineRequestDecision(
  "requests.resolve_request",
  resolveInput,
  async (tx, staff, { requestId, note }, request, now) => {
    const facts = await loadRequestFacts(tx, request, now, (await getSettings()).freeCopyMonths);
    // The same guard the request page uses to offer the form.
    assertAllowed(facts, "resolve");
    if (note)
      await tx.requestNote.create({ data: { requestId, staffMemberId: staff.staffMemberId, text: note } });
    await transitionRequest(tx, requestId, "completed", { resolvedAt: now });
    if (request.person) {
      await sendStaffEmail(
        tx,
        request.person,
        "resolved",
        (locale) => ({ type: typeName(locale, request.type) }),
        {
          path: "/requests",
        },
      );
    }
    await audit(tx, staff, {
      action: "staff.request_resolved",
      personId: request.personId,
      targetType: "request",
      targetId: requestId,
      meta: { type: request.type },
    });
  },
);

/** Art. 12(3): extend by one or two further months, once, within the first month; the person is told. */
export const extendRequest = defineRequestDecision(
  "requests.extend_request",
  extendInput,
  async (tx, staff, { requestId, months, reason }, request, now) => {
    if (!isOpen(request.status) || request.status === "awaiting_confirmation") {
      throw new AppError("not_allowed_now", { reason: "status" });
    }
    if (request.extendedDueAt) throw new AppError("not_allowed_now", { reason: "already_extended" });
    if (now.getTime() > request.dueAt.getTime())
      throw new AppError("not_allowed_now", { reason: "first_month_over" });
    // Counted from receipt, not chained onto the first deadline (see legal-clock.ts dueDay).
    const extendedDueAt = dueDate(request.receivedAt, 1 + months);
    await tx.request.update({ where: { id: requestId }, data: { extendedDueAt, extensionReason: reason } });
    if (request.person) {
      await sendStaffEmail(
        tx,
        request.person,
        "extension",
        (locale) => ({
          type: typeName(locale, request.type),
          date: longDate(locale, extendedDueAt),
          firstDate: longDate(locale, request.dueAt),
          reason,
        }),
        { path: "/requests" },
      );
    }
    await audit(tx, staff, {
      action: "staff.request_extended",
      personId: request.personId,
      targetType: "request",
      targetId: requestId,
      meta: { months },
    });
    return extendedDueAt;
  },
);

/** Art. 12(4): refuse with reasons; the email names the rights to complain (Art. 77) and go to court (Art. 79). */
export const refuseRequest = defineRequestDecision(
  "requests.refuse_request",
  refuseInput,
  async (tx, staff, { reason, ground }, request) => {
    // A copy is refused only as manifestly unfounded or excessive (Art. 12(5)).
    if (isCopyRequest(request.type) && !ground) throw new AppError("invalid_input");
    // A copy request's person is locked as the copy decision and the portal's copy button lock it.
    if (isCopyRequest(request.type) && request.personId) {
      await lockPerson(tx, request.personId);
    }
    const facts = await loadRequestFacts(tx, request, new Date(), (await getSettings()).freeCopyMonths);
    assertAllowed(facts, "refuse");
    await refuseLocked(tx, staff, request, reason, ground ?? null);
  },
);

export async function refuseLocked(
  tx: Tx,
  staff: Actor,
  request: LockedRequest,
  reason: string,
  ground: string | null,
): Promise<void> {
  // Callers have checked the guard: whyNot(facts, "refuse") in request-actions.ts.
  await transitionRequest(tx, request.id, "refused", { decisionReason: reason });
  if (request.person) {
    await sendStaffEmail(
      tx,
      request.person,
      "refusal",
      (locale) => ({ type: typeName(locale, request.type), reason }),
      { path: "/requests" },
    );
  }
  await audit(tx, staff, {
    action: "staff.request_refused",
    personId: request.personId,
    targetType: "request",
    targetId: request.id,
    meta: { type: request.type, ground },
  });
}
