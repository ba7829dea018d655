// Staff see the portal as a person, with a reason, for a limited time; every step is audited with
// both identities, and the person sees it in their activity log.
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { systemActor, type Actor } from "../auth/actor";
import { z } from "zod";
import { db, type Tx } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { getSettings } from "../settings";
import { displayName, namesOf } from "./queue";
import { impersonationState } from "./person";

export const startImpersonationInput = z.object({
  personId: z.string().min(1).max(64),
  reason: z.string().trim().min(3, "reason_required").max(500, "too_long"),
});
export type StartImpersonationInput = z.infer<typeof startImpersonationInput>;

export const startImpersonation = defineUseCase(
  "impersonation.start",
  { action: "staff.impersonate", callers: ["staff"] },
  async (actor, raw: unknown, now: Date = new Date()) => {
    const { personId, reason } = parseCheckedInput(startImpersonationInput, raw);
    const settings = await getSettings();
    return db.$transaction(async (tx) => {
      const person = await tx.person.findUnique({ where: { id: personId }, select: { id: true } });
      if (!person) throw new AppError("not_found");
      await tx.impersonation.updateMany({
        where: { sessionId: actor.sessionId, endedAt: null },
        data: { endedAt: now },
      });
      const imp = await tx.impersonation.create({
        data: {
          staffMemberId: actor.staffMemberId,
          sessionId: actor.sessionId,
          personId,
          reason,
          startedAt: now,
          expiresAt: new Date(now.getTime() + settings.impersonationMinutes * 60_000),
        },
      });
      await tx.accessEvent.create({
        data: { personId, kind: "impersonation_start", staffMemberId: actor.staffMemberId, reason, at: now },
      });
      await audit(tx, actor, {
        action: "staff.impersonation_start",
        personId,
        targetType: "impersonation",
        targetId: imp.id,
      });
      return imp;
    });
  },
);

/** Staff end their impersonation: the person's activity log shows when. */
export const stopImpersonation = defineUseCase(
  "impersonation.stop",
  { action: "impersonation.stop", callers: ["impersonation"] },
  async (actor, now: Date = new Date()): Promise<void> => {
    await db.$transaction(async (tx) => {
      await tx.impersonation.update({ where: { id: actor.impersonationId }, data: { endedAt: now } });
      const ended = {
        id: actor.impersonationId,
        personId: actor.personId,
        staffMemberId: actor.staffMemberId,
      };
      await recordEnd(tx, actor, ended, now, "staff.impersonation_stop");
    });
  },
);

/**
 * An impersonation that ran out ends without a click: a job every minute closes it as of its expiry,
 * and the person's activity log shows the end. (The session already acts as the staff member again
 * from the moment it expired; nothing is written while a page renders.)
 */
export async function closeExpiredImpersonations(now: Date = new Date()): Promise<number> {
  const actor = systemActor("impersonation-expiry");
  const expired = await db.impersonation.findMany({
    where: { endedAt: null, expiresAt: { lte: now } },
    take: 500,
  });
  let closedNow = 0;
  for (const imp of expired) {
    await db.$transaction(async (tx) => {
      const closed = await tx.impersonation.updateMany({
        where: { id: imp.id, endedAt: null },
        data: { endedAt: imp.expiresAt },
      });
      if (closed.count === 0) return;
      closedNow += 1;
      await recordEnd(tx, actor, imp, imp.expiresAt, "staff.impersonation_expired");
    });
  }
  return closedNow;
}

/** Every impersonation, newest first (admins). */
export const listImpersonations = defineUseCase(
  "impersonation.list_impersonations",
  { action: "admin.settings", callers: ["staff"] },
  async (actor, filter: { personId?: string } = {}, now: Date = new Date()) => {
    const rows = await db.impersonation.findMany({
      where: filter.personId ? { personId: filter.personId.slice(0, 64) } : {},
      orderBy: { startedAt: "desc" },
      take: 300,
    });
    const staffNames = await namesOf(rows.map((r) => r.staffMemberId));
    const people = await db.person.findMany({
      where: { id: { in: [...new Set(rows.map((r) => r.personId))] } },
      select: { id: true, firstName: true, lastName: true, email: true },
    });
    const personNames = new Map(people.map((p) => [p.id, displayName(p)]));
    return rows.map((r) => ({
      ...r,
      staffName: staffNames.get(r.staffMemberId) ?? "—",
      personName: personNames.get(r.personId) ?? null,
      state: impersonationState(r, now),
    }));
  },
);

/** The banner's name for the person being viewed: their name, or their address when they gave none. */
export const impersonatedPerson = defineUseCase(
  "impersonation.banner",
  { action: "data.view", callers: ["impersonation"] },
  async (actor): Promise<string | null> => {
    const person = await db.person.findUnique({
      where: { id: actor.personId },
      select: { firstName: true, lastName: true, email: true },
    });
    if (!person) return null;
    return [person.firstName, person.lastName].filter(Boolean).join(" ") || person.email;
  },
);

/** The end of an impersonation, in the person's activity log and the audit trail. */
async function recordEnd(
  tx: Tx,
  actor: Actor,
  imp: { id: string; personId: string; staffMemberId: string },
  at: Date,
  action: "staff.impersonation_stop" | "staff.impersonation_expired",
): Promise<void> {
  await tx.accessEvent.create({
    data: { personId: imp.personId, kind: "impersonation_end", staffMemberId: imp.staffMemberId, at },
  });
  await audit(tx, actor, { action, personId: imp.personId, targetType: "impersonation", targetId: imp.id });
}
