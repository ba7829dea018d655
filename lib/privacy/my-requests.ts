// The "My requests" page: every request of the person with its status, dates and the legal clock.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db } from "../db";
import { dueStatus, type DueStatus } from "./legal-clock";
import { effectiveDueAt, isOpen, type RequestStatus, type RequestType } from "./requests";

export type MyRequest = {
  id: string;
  type: RequestType;
  status: RequestStatus;
  channel: string;
  receivedAt: Date;
  dueAt: Date;
  extendedDueAt: Date | null;
  /** The deadline in force (the extended one when extended). */
  effectiveDueAt: Date;
  /** Only for open requests: a closed request has no deadline left to keep. */
  dueStatus: DueStatus | null;
  resolvedAt: Date | null;
  feeOre: number | null;
};

/** The person's own requests, newest first, with the legal clock. */
export const listMyRequests = defineUseCase(
  "requests.list",
  { action: "requests.view", callers: SUBJECT },
  async (actor, now: Date = new Date()): Promise<MyRequest[]> => {
    const rows = await db.request.findMany({
      where: { personId: actor.personId },
      orderBy: [{ receivedAt: "desc" }, { createdAt: "desc" }],
      take: 500,
    });
    return rows.map((r) => {
      const effective = effectiveDueAt(r);
      return {
        id: r.id,
        type: r.type,
        status: r.status,
        channel: r.channel,
        receivedAt: r.receivedAt,
        dueAt: r.dueAt,
        extendedDueAt: r.extendedDueAt,
        effectiveDueAt: effective,
        dueStatus: isOpen(r.status) ? dueStatus(effective, now) : null,
        resolvedAt: r.resolvedAt,
        feeOre: r.feeOre,
      };
    });
  },
);
