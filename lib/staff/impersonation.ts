// Staff see the portal as a person, with a reason, for a limited time; every step is audited with
// both identities, and the person sees it in their activity log.
import { z } from "zod";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { assertCan, type Actor } from "../auth/actor";
import { getSettings } from "../settings";

export const startImpersonationInput = z.object({
  personId: z.string().min(1).max(64),
  reason: z.string().trim().min(3, "reason_too_short").max(500, "reason_too_long"),
});
export type StartImpersonationInput = z.infer<typeof startImpersonationInput>;

export async function startImpersonation(actor: Actor | null, raw: unknown, now = new Date()) {
  assertCan(actor, "staff.impersonate");
  if (actor.kind !== "staff") throw new AppError("forbidden");
  const parsed = startImpersonationInput.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid_input");
  const { personId, reason } = parsed.data;
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
}

export async function stopImpersonation(actor: Actor | null, now = new Date()): Promise<void> {
  if (!actor || actor.kind !== "impersonation") return;
  await db.$transaction(async (tx) => {
    await tx.impersonation.update({ where: { id: actor.impersonationId }, data: { endedAt: now } });
    await tx.accessEvent.create({
      data: { personId: actor.personId, kind: "impersonation_end", staffMemberId: actor.staffMemberId, at: now },
    });
    await audit(tx, actor, {
      action: "staff.impersonation_stop",
      personId: actor.personId,
      targetType: "impersonation",
      targetId: actor.impersonationId,
    });
  });
}
