// The "My requests" page: every request of the person with its status, dates and the legal clock.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db } from "../db";
import { requestRow, type RequestRow } from "./request-row";

export type MyRequest = RequestRow & {
  dueAt: Date;
  extendedDueAt: Date | null;
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
    return rows.map((r) => ({
      ...requestRow(r, now),
      dueAt: r.dueAt,
      extendedDueAt: r.extendedDueAt,
      resolvedAt: r.resolvedAt,
      feeOre: r.feeOre,
    }));
  },
);
