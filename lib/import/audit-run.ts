// One audit entry per import run and per ingest call: counts, who and when; never personal data.
import { db } from "../db";
import { audit } from "../audit/append";
import type { Actor } from "../auth/actor";
import type { Summary } from "./types";

export async function auditRun(
  actor: Actor,
  action: "import.file" | "ingest.call",
  summary: Summary,
  extra: { status: "completed" | "failed"; format?: string; apiKeyId?: string },
): Promise<void> {
  await db.$transaction((tx) =>
    audit(tx, actor, {
      action,
      targetType: extra.apiKeyId ? "api_key" : "import",
      targetId: extra.apiKeyId,
      meta: {
        status: extra.status,
        type: summary.type,
        ...(extra.format ? { format: extra.format } : {}),
        total: summary.total,
        created: summary.created,
        updated: summary.updated,
        skipped: summary.skipped,
        rejected: summary.rejected,
        withConflicts: summary.withConflicts,
      },
    }),
  );
}
