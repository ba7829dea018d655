// The upsert step of the record types keyed by the source's externalId (invoices, payments, web
// events, orders): each record's person is resolved for the whole batch; a record whose stored copy
// is restricted is skipped, one whose person is unknown or erased is rejected, as is one the type
// refuses (a number another record holds, a reference to nothing); the rest are written. A record the
// portal does not hold yet is created (all of a batch's new records in one statement at the end), one
// already as the source says is skipped as unchanged (so a re-import writes nothing), and one that
// differs is updated. Results come back in row order.
import type { Tx } from "../db";
import type { PersonRefFields } from "./fields";
import { withPeople } from "./person-ref";
import type { ApplyResult, RecordHandler, RowIssue, RowReason } from "./types";

export type SourceKeyed = PersonRefFields & { externalId: string };

/** Why a type refuses a record before writing it (reported as rejected). */
export type Refusal = { reason: RowReason; errors: RowIssue[] };

export type UpsertStep<D, Stored, Row> = {
  /** The stored records of the batch, by externalId. */
  stored: ReadonlyMap<string, Stored>;
  /** A stored record held after its person's erasure: never touched again by an import. */
  restricted?: (stored: Stored) => boolean;
  refuse?: (record: D) => Refusal | null;
  row: (record: D, personId: string) => Row;
  same: (stored: Stored, row: Row) => boolean;
  update: (stored: Stored, row: Row) => Promise<unknown>;
  createMany: (rows: (Row & { externalId: string })[]) => Promise<unknown>;
};

export async function upsertRecords<D extends SourceKeyed, Stored, Row>(
  tx: Tx,
  records: readonly D[],
  how: UpsertStep<D, Stored, Row>,
): Promise<ApplyResult[]> {
  const results: ApplyResult[] = [];
  const creates: (Row & { externalId: string })[] = [];
  for (const [d, found] of await withPeople(tx, records)) {
    const key = d.externalId;
    const stored = how.stored.get(key);
    if (stored && how.restricted?.(stored)) {
      results.push({ outcome: "skipped", reason: "restricted", key });
      continue;
    }
    if ("missing" in found) {
      results.push({ outcome: "rejected", reason: found.missing, key });
      continue;
    }
    const refusal = how.refuse?.(d);
    if (refusal) {
      results.push({ outcome: "rejected", reason: refusal.reason, key, errors: refusal.errors });
      continue;
    }
    const row = how.row(d, found.person.id);
    if (!stored) {
      creates.push({ ...row, externalId: key });
      results.push({ outcome: "created", key });
    } else if (how.same(stored, row)) {
      results.push({ outcome: "skipped", reason: "unchanged", key });
    } else {
      await how.update(stored, row);
      results.push({ outcome: "updated", key });
    }
  }
  if (creates.length > 0) await how.createMany(creates);
  return results;
}

/** A conflict when another stored record (a different externalId) already holds a unique value. */
export function heldByAnother(
  holder: { externalId: string | null } | undefined,
  record: SourceKeyed,
  field: string,
  message: string,
): Refusal | null {
  if (!holder || holder.externalId === record.externalId) return null;
  return { reason: "conflict", errors: [{ field, message }] };
}

/**
 * A record type keyed by the source's externalId, written a batch per transaction: reported by its
 * externalId, and never two records with the same externalId in one batch.
 */
export function sourceKeyedHandler<T extends SourceKeyed>(
  handler: Omit<RecordHandler<T>, "mode" | "keyOf" | "uniqueKeys"> & {
    /** Unique values besides the externalId (e.g. an invoice number). */
    alsoUnique?: (data: T) => string[];
  },
): RecordHandler<T> {
  const { alsoUnique, ...rest } = handler;
  return {
    ...rest,
    mode: "batch",
    keyOf: (r) => r.externalId,
    uniqueKeys: (r) => [`ext:${r.externalId}`, ...(alsoUnique?.(r) ?? [])],
  };
}
