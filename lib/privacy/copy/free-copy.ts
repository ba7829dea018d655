// One free copy per rolling window (settings.freeCopyMonths, default 12). A copy counts while it is
// queued, being built or ready, and once downloaded; a failed build or a copy that expired unread
// does not use up the free copy.
import type { Prisma } from "../../generated/prisma/client";
import type { Tx } from "../../db";

/** Calendar months later (or earlier), clamped to the month's last day, time of day kept (UTC). */
export function addMonths(date: Date, months: number): Date {
  const d = new Date(date.getTime());
  const day = d.getUTCDate();
  d.setUTCDate(1);
  d.setUTCMonth(d.getUTCMonth() + months);
  const last = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate();
  d.setUTCDate(Math.min(day, last));
  return d;
}

export function countedFreeCopies(personId: string, now: Date, months: number): Prisma.CopyWhereInput {
  return {
    personId,
    free: true,
    createdAt: { gt: addMonths(now, -months) },
    OR: [
      { status: { in: ["queued", "building"] } },
      { status: "ready", downloadedAt: { not: null } },
      // Ready and not yet past its expiry (the expiry job runs every 15 minutes).
      { status: "ready", OR: [{ expiresAt: null }, { expiresAt: { gt: now } }] },
      { status: "expired", downloadedAt: { not: null } },
    ],
  };
}

export type FreeCopyStatus = {
  available: boolean;
  /** When the latest counted free copy was made. */
  lastFreeAt: Date | null;
  /** When the next free copy can be made (null: now). */
  nextFreeAt: Date | null;
};

export async function freeCopyStatus(
  tx: Tx,
  personId: string,
  now: Date,
  months: number,
): Promise<FreeCopyStatus> {
  const counted = await tx.copy.findMany({
    where: countedFreeCopies(personId, now, months),
    select: { createdAt: true },
    orderBy: { createdAt: "asc" },
  });
  const last = counted[counted.length - 1];
  if (!last) return { available: true, lastFreeAt: null, nextFreeAt: null };
  // Free again once no counted copy is left in the window: the latest one leaves it last.
  return { available: false, lastFreeAt: last.createdAt, nextFreeAt: addMonths(last.createdAt, months) };
}
