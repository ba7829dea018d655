import { db } from "../db";
import { assertCan, type Actor } from "../auth/actor";
import { AppError } from "../errors";

export type ActivityItem = {
  id: string;
  at: Date;
  kind: string;
  device: string | null;
  language: string | null;
  staffName: string | null;
  reason: string | null;
};

/** Every access to the account, including each time staff viewed it as the person, with reason. */
export async function listActivity(actor: Actor | null, limit = 200): Promise<ActivityItem[]> {
  assertCan(actor, "activity.view");
  if (actor.kind !== "person" && actor.kind !== "impersonation") throw new AppError("forbidden");
  const events = await db.accessEvent.findMany({
    where: { personId: actor.personId },
    orderBy: { at: "desc" },
    take: limit,
  });
  const staffIds = [...new Set(events.map((e) => e.staffMemberId).filter((x): x is string => !!x))];
  const staff = staffIds.length
    ? await db.staffMember.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })
    : [];
  const names = new Map(staff.map((s) => [s.id, s.name]));
  return events.map((e) => ({
    id: e.id,
    at: e.at,
    kind: e.kind,
    device: e.device,
    language: e.language,
    staffName: e.staffMemberId ? (names.get(e.staffMemberId) ?? null) : null,
    reason: e.reason,
  }));
}
