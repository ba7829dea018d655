// PartnerSync: one row per person and connector, so staff can see what has not reached the partner
// yet (pendingSince), how often it failed (attempts, lastError: a kind, never personal data) and when
// it last matched (syncedAt).
import type { Tx } from "../db";

export const NEWSLETTER_CONNECTOR = "newsletter";

/** Marks the person as waiting for a sync; keeps the oldest pending time. */
export async function markPartnerPending(tx: Tx, personId: string, at = new Date()): Promise<void> {
  await tx.$executeRaw`
    INSERT INTO "PartnerSync" ("personId", connector, "pendingSince", attempts)
    VALUES (${personId}, ${NEWSLETTER_CONNECTOR}, ${at}, 0)
    ON CONFLICT ("personId", connector)
    DO UPDATE SET "pendingSince" = COALESCE("PartnerSync"."pendingSince", EXCLUDED."pendingSince")`;
}
