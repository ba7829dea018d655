import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db } from "../db";

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
export const listActivity = defineUseCase(
  "activity.list",
  { action: "activity.view", callers: SUBJECT },
  async (actor, limit: number = 200): Promise<ActivityItem[]> => {
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
  },
);
