// The ingest API's use-case: records sent by another system with an API key, through the same
// validation and upsert as the import command. The route authenticates the key; this checks again
// that the caller is a system actor holding the type's scope, and audits the call (counts only).
import { db } from "../db";
import type { Actor, SystemActor } from "../auth/actor";
import { AppError } from "../errors";
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

/** The actor an API key acts as: a system actor named after the key's id (never its secret). */
export const apiKeyActor = (keyId: string): SystemActor => ({ kind: "system", name: `api-key:${keyId}` });

export async function ingestRecords(
  actor: Actor | null,
  key: IngestKey,
  type: RecordType,
  records: readonly unknown[],
): Promise<{ summary: Summary; results: RowResult[] }> {
  if (!actor || actor.kind !== "system" || actor.name !== `api-key:${key.id}`)
    throw new AppError("forbidden");
  if (!key.scopes.includes(`ingest:${type}`)) throw new AppError("forbidden");
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
    await db.apiKey.update({ where: { id: key.id }, data: { lastUsedAt: new Date() } });
    await auditRun(actor, "ingest.call", summary, { status, apiKeyId: key.id });
  }
  return { summary, results };
}
