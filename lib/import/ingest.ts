// The ingest API's use-case: records sent by another system with an API key, through the same
// validation and upsert as the import command. The route authenticates the key; the key is the
// principal, and the policy lets it send a record type only when it holds that type's scope. The call
// is audited (counts only).
import { db } from "../db";
import type { ApiKeyActor } from "../auth/actor";
import { ingestAction } from "../auth/policy";
import { AppError } from "../errors";
import { hit } from "../auth/rate-limit";
import { defineUseCase } from "../kernel/use-case";
import { auditRun } from "./audit-run";
import { runRecords } from "./pipeline";
import { addToSummary, emptySummary, type RecordType, type RowResult, type Summary } from "./types";

/** At most this many records per request. */
export const MAX_RECORDS = 1000;
/** At most this many bytes per request body. */
export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** Requests per key per minute. */
export const REQUESTS_PER_MINUTE = 60;

export type IngestKey = { id: string; scopes: readonly string[] };

/** Counts one request against the key's allowance of REQUESTS_PER_MINUTE. */
export async function ingestAllowance(key: IngestKey, now: Date) {
  return hit(db, "ingest", key.id, REQUESTS_PER_MINUTE, 1, now);
}

/** The principal an API key acts as: named after the key's id (never its secret), with its scopes. */
export const apiKeyActor = (key: IngestKey): ApiKeyActor => ({
  kind: "system",
  name: `api-key:${key.id}`,
  keyId: key.id,
  scopes: key.scopes,
});

export const ingestRecords = defineUseCase(
  "ingest.records",
  { action: (type: RecordType) => ingestAction(type), callers: ["api_key"] },
  async (
    actor,
    type: RecordType,
    records: readonly unknown[],
  ): Promise<{ summary: Summary; results: RowResult[] }> => {
    if (records.length > MAX_RECORDS) throw new AppError("invalid_input");
    const results: RowResult[] = [];
    const summary = emptySummary(type);
    let status: "completed" | "failed" = "failed";
    try {
      await runRecords(
        type,
        records.map((value, position) => ({ position, value })),
        {
          positionKey: "index",
          onResult: (r) => {
            addToSummary(summary, r);
            results.push(r);
          },
        },
      );
      status = "completed";
    } finally {
      await db.apiKey.update({ where: { id: actor.keyId }, data: { lastUsedAt: new Date() } });
      await auditRun(actor, "ingest.call", summary, { status, apiKeyId: actor.keyId });
    }
    return { summary, results };
  },
);
