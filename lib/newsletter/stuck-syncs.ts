// For the staff console: people whose latest change has not reached the newsletter partner, why
// (the kind of the last error, or "restricted") and for how long. Ids and error kinds only.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { NEWSLETTER_CONNECTOR } from "./partner-sync-state";

export type StuckSync = {
  personId: string;
  pendingSince: Date;
  attempts: number;
  lastError: string | null;
  syncedAt: Date | null;
};

export const listStuckSyncs = defineUseCase(
  "newsletter.stuck_syncs",
  { action: "staff.tasks.manage", callers: ["staff"] },
  async (
    actor,
    opts: { olderThanMinutes?: number; limit?: number; now?: Date } = {},
  ): Promise<StuckSync[]> => {
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
  },
);
