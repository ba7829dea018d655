// What each automated connector (WIX, Microsoft 365, PayPal, Google Analytics) gave a copy, kept as a
// ConnectorOutcome row (action "copy") with the copy's request, so the staff request page shows it
// beside the erasure's and correction's outcomes. Codes and counts only, as Copy.connectorReport.
import type { Tx } from "../db";
import { isConfigurable } from "./config";
import type { ConnectorReport } from "./types";

export const COPY_ACTION = "copy";

/** A copy's per-connector status as an outcome's: a read that worked is "done". */
function outcomeStatus(status: ConnectorReport["status"]): string {
  return status === "ok" ? "done" : status;
}

/**
 * Replaces the request's copy outcomes with this build's (a retried build records once), in the
 * transaction that makes the copy ready.
 */
export async function recordCopyOutcomes(
  tx: Tx,
  input: { requestId: string; personId: string; report: readonly ConnectorReport[]; at: Date },
): Promise<number> {
  const rows = input.report
    .filter((r) => isConfigurable(r.connector))
    .map((r) => ({
      requestId: input.requestId,
      personId: input.personId,
      connector: r.connector,
      recipientKey: r.recipients[0] ?? null,
      action: COPY_ACTION,
      status: outcomeStatus(r.status),
      reason: r.failure ?? null,
      count: r.sections ? r.sections.reduce((a, s) => a + s.rows, 0) : null,
      at: input.at,
      attempts: 1,
      taskId: r.taskIds?.[0] ?? null,
    }));
  await tx.connectorOutcome.deleteMany({ where: { requestId: input.requestId, action: COPY_ACTION } });
  if (rows.length > 0) await tx.connectorOutcome.createMany({ data: rows });
  return rows.length;
}
