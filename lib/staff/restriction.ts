// Restriction of processing (GDPR Art. 18) and objection (Art. 21(1)) requests.
//
// A restriction marks the person (Person.restrictedAt, restrictionReason = the Art. 18(1) ground) so
// that their data is only stored: no marketing, no sync to recipients (the newsletter.sync handler
// skips restricted people), no other use, until staff lift it. Every recipient is told (Art. 19) by a
// task on the request. Before it is lifted the person is told (Art. 18(3)): lifting is refused until
// that email has gone out.
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { db, type Tx } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { enqueue } from "../jobs/queue";
import type { TaskKind } from "../privacy/tasks";
import { longDate, sendStaffEmail } from "./emails";
import { liftInput } from "./validation";

export const RESTRICTION_TASK = "restriction_notice" satisfies TaskKind;
export const LIFT_NOTICE_KIND = "restrictionLiftNotice";

/** Marks the person restricted (kept from the first restriction) and tells every recipient by a task. */
export async function applyRestriction(
  tx: Tx,
  input: { personId: string; requestId: string; ground: string },
  now = new Date(),
): Promise<void> {
  const person = await tx.person.findUnique({
    where: { id: input.personId },
    select: { restrictedAt: true },
  });
  if (!person) throw new AppError("not_found");
  if (!person.restrictedAt) {
    await tx.person.update({
      where: { id: input.personId },
      data: { restrictedAt: now, restrictionReason: input.ground },
    });
  }
  const recipients = await tx.recipient.findMany({ select: { key: true }, orderBy: { key: "asc" } });
  for (const r of recipients) {
    await tx.recipientTask.create({
      data: {
        requestId: input.requestId,
        personId: input.personId,
        recipientKey: r.key,
        kind: RESTRICTION_TASK,
      },
    });
  }
}

/** Staff tell the person the restriction will be lifted (Art. 18(3)); lifting needs this first. */
export const announceLift = defineUseCase(
  "restriction.announce_lift",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, raw: unknown): Promise<void> => {
    const { personId, reason } = parseCheckedInput(liftInput, raw);
    await db.$transaction(async (tx) => {
      const person = await restrictedPerson(tx, personId);
      const since = person.restrictedAt;
      const emailId = await sendStaffEmail(tx, person, LIFT_NOTICE_KIND, (locale) => ({
        since: longDate(locale, since),
        reason,
      }));
      await audit(tx, staff, {
        action: "staff.restriction_lift_announced",
        personId,
        targetType: "email",
        targetId: emailId,
      });
    });
  },
);

/** Lifts the restriction, once the person has been told (the notice was delivered). */
export const liftRestriction = defineUseCase(
  "restriction.lift",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, personId: string): Promise<void> => {
    await db.$transaction(async (tx) => {
      const person = await restrictedPerson(tx, personId);
      const told = await liftNoticeDelivered(tx, personId, person.restrictedAt);
      if (!told) throw new AppError("not_allowed_now", { reason: "not_told" });
      await tx.person.update({
        where: { id: personId },
        data: { restrictedAt: null, restrictionReason: null },
      });
      // The newsletter partner catches up with what the person chose meanwhile.
      await enqueue(tx, "newsletter.sync", { personId });
      await audit(tx, staff, {
        action: "staff.restriction_lifted",
        personId,
        targetType: "person",
        targetId: personId,
      });
    });
  },
);

export type LiftState = "not_restricted" | "not_told" | "telling" | "told";

/** Where the lifting stands: the notice must be delivered (sent, or in the demo outbox) first. */
export async function liftState(tx: Tx, personId: string): Promise<LiftState> {
  const person = await tx.person.findUnique({ where: { id: personId }, select: { restrictedAt: true } });
  if (!person?.restrictedAt) return "not_restricted";
  if (await liftNoticeDelivered(tx, personId, person.restrictedAt)) return "told";
  const pending = await tx.emailMessage.count({
    where: { personId, kind: LIFT_NOTICE_KIND, createdAt: { gte: person.restrictedAt } },
  });
  return pending > 0 ? "telling" : "not_told";
}

async function liftNoticeDelivered(tx: Tx, personId: string, since: Date): Promise<boolean> {
  const n = await tx.emailMessage.count({
    where: {
      personId,
      kind: LIFT_NOTICE_KIND,
      createdAt: { gte: since },
      status: { in: ["sent", "outbox"] },
    },
  });
  return n > 0;
}

/** The person, whose processing must be restricted now (otherwise refused). */
async function restrictedPerson(tx: Tx, personId: string) {
  const person = await tx.person.findUnique({ where: { id: personId } });
  if (!person) throw new AppError("not_found");
  const { restrictedAt } = person;
  if (!restrictedAt) throw new AppError("not_allowed_now", { reason: "not_restricted" });
  return { ...person, restrictedAt };
}
