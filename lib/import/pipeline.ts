// The one path every record takes, from the import command and the ingest API alike: validate with
// the type's zod schema, collect a batch (records that share a key go to separate batches, so they
// are applied one after the other), write it, report each row in input order. A batch type writes
// its batch in one transaction; if that fails, each row is retried in its own transaction, so one
// bad row never takes the others down and a rejected row writes nothing. Memory stays bounded by the
// batch, however long the input.
import { db, type Tx } from "../db";
import { issuesOf } from "./fields";
import { HANDLERS } from "./handlers";
import { loadTopics } from "./consent";
import {
  addToSummary,
  emptySummary,
  RowRejection,
  type ApplyContext,
  type ApplyResult,
  type RecordHandler,
  type RecordType,
  type RowResult,
  type SourceRecord,
  type Summary,
  type ValidItem,
} from "./types";

export type RunOptions = {
  /** Records per batch (default 500). */
  batchSize?: number;
  /** Rows of one transaction-per-row type applied at the same time (default 4). */
  concurrency?: number;
  /** Whether a row's position is a line of a file or an index in a request body. */
  positionKey: "line" | "index";
  onResult: (result: RowResult) => void | Promise<void>;
  now?: Date;
};

const TX_OPTIONS = { maxWait: 30_000, timeout: 120_000 } as const;

export async function runRecords(
  type: RecordType,
  records: AsyncIterable<SourceRecord> | Iterable<SourceRecord>,
  options: RunOptions,
): Promise<Summary> {
  const handler = HANDLERS[type];
  const batchSize = options.batchSize ?? 500;
  const summary = emptySummary(type);
  const ctx: ApplyContext = {
    now: options.now ?? new Date(),
    topics: type === "people" || type === "consent" ? await loadTopics(db) : undefined,
  };

  type Pending = { position: number; result?: ApplyResult; data?: unknown };
  let pending: Pending[] = [];
  let keys = new Set<string>();
  let weight = 0;

  // One batch is written while the next one is read and validated; a batch starts only when the one
  // before it has finished, so rows still apply in input order.
  let inflight: Promise<void> | null = null;
  const applyAndEmit = async (batch: Pending[]) => {
    const valid = batch.filter((p) => p.result === undefined);
    if (valid.length > 0) {
      const results = await applyValid(
        handler,
        valid.map((p) => ({ position: p.position, data: p.data })),
        ctx,
        options.concurrency ?? 4,
      );
      valid.forEach((p, i) => (p.result = results[i]));
    }
    for (const p of batch) {
      const result = p.result!;
      addToSummary(summary, result);
      await options.onResult({ [options.positionKey]: p.position, ...result });
    }
  };
  const flush = async () => {
    if (pending.length === 0) return;
    const batch = pending;
    pending = [];
    keys = new Set();
    weight = 0;
    if (inflight) await inflight;
    inflight = applyAndEmit(batch);
    // Awaited before the next batch or at the end; this only keeps a failure from going unhandled meanwhile.
    inflight.catch(() => {});
  };

  for await (const rec of records) {
    if (rec.error) {
      pending.push({
        position: rec.position,
        result: { outcome: "rejected", reason: "parse_error", errors: [rec.error] },
      });
    } else {
      const parsed = handler.schema.safeParse(rec.value);
      if (!parsed.success) {
        pending.push({
          position: rec.position,
          result: {
            outcome: "rejected",
            reason: "invalid",
            ...keyOfInvalid(rec.value),
            errors: issuesOf(parsed.error),
          },
        });
      } else {
        const unique = handler.uniqueKeys(parsed.data);
        if (unique.some((k) => keys.has(k))) await flush();
        for (const k of unique) keys.add(k);
        weight += handler.weight?.(parsed.data) ?? 1;
        pending.push({ position: rec.position, data: parsed.data });
      }
    }
    if (pending.length >= batchSize || weight >= batchSize) await flush();
  }
  await flush();
  if (inflight) await inflight;
  return summary;
}

async function applyValid(
  handler: RecordHandler<unknown>,
  items: ValidItem<unknown>[],
  ctx: ApplyContext,
  concurrency: number,
): Promise<ApplyResult[]> {
  if (handler.mode === "batch") {
    try {
      return await db.$transaction(async (tx) => {
        await keyedLookupsOnly(tx);
        return handler.apply(tx, items, ctx);
      }, TX_OPTIONS);
    } catch {
      // One row spoiled the batch (or another writer raced it): each row on its own.
      const out: ApplyResult[] = [];
      for (const item of items) out.push(await applyOne(handler, item, ctx));
      return out;
    }
  }
  const out = new Array<ApplyResult>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await applyOne(handler, items[i]!, ctx);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return out;
}

/**
 * A batch reads only by key: its records' stored copies and people, by external id, number or email
 * ("= ANY(two thousand values)"). While a big import fills a table, the planner has no statistics for
 * it yet (autovacuum analyses it later) and takes such a lookup for the whole table, scanning all of it
 * once per batch: measured on 100,000 orders, 7 s of a 30 s import. The indexes are always right here;
 * the setting ends with the batch's transaction.
 */
async function keyedLookupsOnly(tx: Tx): Promise<void> {
  await tx.$executeRaw`SET LOCAL enable_seqscan = off`;
}

/** One row in its own transaction; a unique-key race with another writer is retried once. */
async function applyOne(
  handler: RecordHandler<unknown>,
  item: ValidItem<unknown>,
  ctx: ApplyContext,
): Promise<ApplyResult> {
  const key = handler.keyOf(item.data);
  for (let attempt = 0; ; attempt++) {
    try {
      const [result] = await db.$transaction((tx) => handler.apply(tx, [item], ctx), TX_OPTIONS);
      return result!;
    } catch (err) {
      if (err instanceof RowRejection) {
        return { outcome: "rejected", reason: err.reason, key, errors: err.errors };
      }
      const code = errorCode(err);
      if (code === "P2002" && attempt === 0) continue;
      // The error kind only: messages may quote values.
      console.error(`[import] ${handler.type} row failed`, code);
      return {
        outcome: "rejected",
        reason: "failed",
        key,
        errors: [{ field: "(record)", message: `the database refused the record (${code})` }],
      };
    }
  }
}

function errorCode(err: unknown): string {
  const e = err as { code?: unknown; name?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === "string") return e.code;
  if (typeof e?.cause?.code === "string") return e.cause.code;
  return typeof e?.name === "string" ? e.name : "unknown";
}

/** The external id of a record that failed validation, when it has a usable one. */
function keyOfInvalid(value: unknown): { key?: string } {
  if (value && typeof value === "object" && "externalId" in value) {
    const v = (value as { externalId: unknown }).externalId;
    if (typeof v === "string" && v.length > 0 && v.length <= 100) return { key: v };
  }
  return {};
}

export type { Summary };
