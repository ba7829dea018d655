// What import and ingest share: the record types, a row's result, and a run's summary.
import type { z } from "zod";
import type { Tx } from "../db";

export const RECORD_TYPES = ["people", "orders", "invoices", "payments", "consent", "web-events"] as const;
export type RecordType = (typeof RECORD_TYPES)[number];

export function isRecordType(value: string): value is RecordType {
  return (RECORD_TYPES as readonly string[]).includes(value);
}

export type RowOutcome = "created" | "updated" | "skipped" | "rejected";

/**
 * Why a row was skipped or rejected. Rejected: parse_error (the file could not be read there), invalid
 * (a value failed validation), erased (the person was erased: a tombstone refuses them),
 * unknown_person, unknown_topic, unknown_reference (e.g. a payment's invoice is not there), conflict
 * (the record collides with another one), failed (the
 * database refused it). Skipped: unchanged, conflict (every change was refused, see conflicts),
 * newer_in_source (a newer source value is already stored), restricted (a held or restricted record).
 */
export type RowReason =
  | "parse_error"
  | "invalid"
  | "erased"
  | "unknown_person"
  | "unknown_topic"
  | "unknown_reference"
  | "conflict"
  | "failed"
  | "unchanged"
  | "newer_in_source"
  | "restricted";

/**
 * Why one field was not written. signed_in: the sign-in email of a person who has signed in;
 * corrected_in_portal: the person corrected it after the source's timestamp; newer_in_source: a
 * newer source value is stored; taken: another person holds that email or personnummer;
 * newer_choice_in_portal: the person chose otherwise in the portal after the source's timestamp.
 */
export type ConflictReason =
  "signed_in" | "corrected_in_portal" | "newer_in_source" | "taken" | "newer_choice_in_portal";

export type RowIssue = { field: string; message: string };
export type RowConflict = { field: string; reason: ConflictReason };

/** A row's result before the pipeline adds its position in the input. */
export type ApplyResult = {
  outcome: RowOutcome;
  reason?: RowReason;
  key?: string;
  errors?: RowIssue[];
  conflicts?: RowConflict[];
};

export type RowResult = ApplyResult & { line?: number; index?: number };

export type Summary = {
  type: RecordType;
  total: number;
  created: number;
  updated: number;
  skipped: number;
  rejected: number;
  /** Rows with at least one refused field (they may still be created, updated or skipped). */
  withConflicts: number;
};

export function emptySummary(type: RecordType): Summary {
  return { type, total: 0, created: 0, updated: 0, skipped: 0, rejected: 0, withConflicts: 0 };
}

export function addToSummary(summary: Summary, result: ApplyResult): void {
  summary.total++;
  summary[result.outcome]++;
  if (result.conflicts && result.conflicts.length > 0) summary.withConflicts++;
}

/** One record read from the input: its value, or why it could not be read. */
export type SourceRecord =
  | { position: number; value: unknown; error?: undefined }
  | { position: number; value?: undefined; error: RowIssue };

export type ValidItem<T> = { position: number; data: T };

export type ApplyContext = {
  now: Date;
  /** Consent topics that exist, loaded once per run. */
  topics?: ReadonlySet<string>;
};

/** One column of a type's CSV format. */
export type CsvColumn = {
  name: string;
  kind: "string" | "int" | "consents";
  /** Part of a repeated line (an order's items): not required to match between the lines. */
  item?: boolean;
};

/** CSV columns of plain values: text, except the whole numbers named in `ints`. */
export function plainColumns(names: readonly string[], ints: readonly string[] = []): CsvColumn[] {
  return names.map((name) => ({ name, kind: ints.includes(name) ? "int" : "string" }));
}

export interface RecordHandler<T> {
  type: RecordType;
  /** The record as JSON (and as CSV after conversion). */
  schema: z.ZodType<T>;
  columns: readonly CsvColumn[];
  /** Lines that make one record in CSV (an order's item lines): the record key of a row. */
  csvGroupKey?: string;
  /** The external id (or other natural key) shown in the report. */
  keyOf(data: T): string;
  /** Keys two records of one batch may not share (they are then written one after the other). */
  uniqueKeys(data: T): string[];
  /** How much a record weighs in a batch (e.g. an order with many items); default 1. */
  weight?(data: T): number;
  /** "batch": the batch in one transaction (one per row after a failure); "row": a transaction per row. */
  mode: "batch" | "row";
  apply(tx: Tx, items: ValidItem<T>[], ctx: ApplyContext): Promise<ApplyResult[]>;
}

/** A row refused during its own transaction: thrown to roll the row back, reported as rejected. */
export class RowRejection extends Error {
  constructor(
    public readonly reason: RowReason,
    public readonly errors: RowIssue[] = [],
  ) {
    super(reason);
    this.name = "RowRejection";
  }
}
