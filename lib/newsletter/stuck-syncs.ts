// For the staff console: people whose latest change has not reached the newsletter partner, why
// (the kind of the last error, or "restricted") and for how long. Ids and error kinds only.
import { db } from "../db";
import { assertCan, type Actor } from "../auth/actor";
import { NEWSLETTER_CONNECTOR } from "./partner-sync-state";

export type StuckSync = {
  personId: string;
  pendingSince: Date;
  attempts: number;
  lastError: string | null;
  syncedAt: Date | null;
};

export async function listStuckSyncs(
  actor: Actor | null,
  opts: { olderThanMinutes?: number; limit?: number; now?: Date } = {},
): Promise<StuckSync[]> {
  assertCan(actor, "staff.tasks.manage");
  const now = opts.now ?? new Date();
  const cutoff = new Date(now.getTime() - (opts.olderThanMinutes ?? 10) * 60_000);
  const rows = await db.partnerSync.findMany({
    where: {
      connector: NEWSLETTER_CONNECTOR,
      pendingSince: { not: null },
      OR: [{ pendingSince: { lte: cutoff } }, { lastError: { not: null } }],
    },
    orderBy: { pendingSince: "asc" },
    take: opts.limit ?? 200,
  });
  return rows.map((r) => ({
    personId: r.personId,
    pendingSince: r.pendingSince!,
    attempts: r.attempts,
    lastError: r.lastError,
    syncedAt: r.syncedAt,
  }));
}
