// Reading an input file into records: the type and format from the file name, CSV rows turned into
// the same shape as JSON records (one documented format per type), an order's item lines grouped.
import path from "node:path";
import { parseCsv } from "./csv";
import { parseConsentsCell } from "./consent";
import { parseJsonRecords } from "./json-stream";
import {
  RECORD_TYPES,
  type CsvColumn,
  type RecordHandler,
  type RecordType,
  type SourceRecord,
} from "./types";

/** A problem with the file as a whole (no rows are imported). */
export class ImportFileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "ImportFileError";
  }
}

export type Format = "csv" | "json";

const TYPE_ALIASES: Record<string, RecordType> = {
  people: "people",
  persons: "people",
  customers: "people",
  subscribers: "people",
  contacts: "people",
  orders: "orders",
  invoices: "invoices",
  payments: "payments",
  consent: "consent",
  consents: "consent",
  marketing: "consent",
  "web-events": "web-events",
  web_events: "web-events",
  webevents: "web-events",
};

/** The type named at the start of the file name: people.csv, orders-2026-03.jsonl, web-events.json. */
export function typeFromFileName(file: string): RecordType | null {
  const base = path.basename(file).toLowerCase();
  const names = Object.keys(TYPE_ALIASES).sort((a, b) => b.length - a.length);
  for (const name of names) {
    if (
      base === name ||
      base.startsWith(`${name}.`) ||
      base.startsWith(`${name}-`) ||
      base.startsWith(`${name}_`)
    )
      return TYPE_ALIASES[name]!;
  }
  return null;
}

export function parseTypeOption(value: string): RecordType {
  const t = TYPE_ALIASES[value.toLowerCase()];
  if (!t) throw new ImportFileError(`unknown type "${value}" (one of ${RECORD_TYPES.join(", ")})`);
  return t;
}

export function formatFromFileName(file: string): Format {
  const ext = path.extname(file).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".json" || ext === ".jsonl" || ext === ".ndjson") return "json";
  throw new ImportFileError(`unknown file format "${ext || "(none)"}": use .csv, .json, .jsonl or .ndjson`);
}

export async function* jsonSource(input: AsyncIterable<string | Uint8Array>): AsyncGenerator<SourceRecord> {
  for await (const ev of parseJsonRecords(input)) {
    if (ev.kind === "record") yield { position: ev.line, value: ev.value };
    else yield { position: ev.line, error: { field: "(record)", message: ev.message } };
  }
}

type Converted = { line: number; value: Record<string, unknown>; itemValue: Record<string, unknown> | null };

/** CSV rows as records of the handler's type; a header naming an unknown column stops the file. */
export async function* csvSource(
  input: AsyncIterable<string | Uint8Array>,
  handler: RecordHandler<unknown>,
): AsyncGenerator<SourceRecord> {
  const known = new Map(handler.columns.map((c) => [c.name, c]));
  let header: CsvColumn[] | null = null;
  const grouped = handler.csvGroupKey !== undefined;
  let group: {
    key: string;
    first: Converted;
    items: Record<string, unknown>[];
    error: string | null;
  } | null = null;

  const closeGroup = (): SourceRecord | null => {
    if (!group) return null;
    const g = group;
    group = null;
    if (g.error) return { position: g.first.line, error: { field: "(record)", message: g.error } };
    return { position: g.first.line, value: { ...g.first.value, items: g.items } };
  };

  for await (const ev of parseCsv(input)) {
    if (!header) {
      if (ev.kind === "error") throw new ImportFileError(`the header line cannot be read: ${ev.message}`);
      header = readHeader(ev.fields, known, handler.type);
      continue;
    }
    if (ev.kind === "error") {
      // A line that cannot be read may belong to the open order: that order is not imported half.
      if (group) {
        group.error ??= `line ${ev.line} could not be read (${ev.message}); it may belong to this order`;
        const closed = closeGroup();
        if (closed) yield closed;
      }
      yield { position: ev.line, error: { field: "(record)", message: ev.message } };
      continue;
    }
    if (ev.fields.length !== header.length) {
      const message = `expected ${header.length} fields as in the header, found ${ev.fields.length}`;
      if (group) {
        group.error ??= `line ${ev.line} is malformed (${message}); it may belong to this order`;
        const closed = closeGroup();
        if (closed) yield closed;
      }
      yield { position: ev.line, error: { field: "(record)", message } };
      continue;
    }
    const converted = convertRow(header, ev.fields, ev.line);
    if ("error" in converted) {
      if (group) {
        const closed = closeGroup();
        if (closed) yield closed;
      }
      yield { position: ev.line, error: converted.error };
      continue;
    }
    if (!grouped) {
      yield { position: ev.line, value: converted.value };
      continue;
    }
    const key = String(converted.value[handler.csvGroupKey!] ?? "");
    if (group && key !== "" && key === group.key) {
      if (JSON.stringify(converted.value) !== JSON.stringify(group.first.value)) {
        group.error ??= `line ${ev.line} repeats this order with different order columns`;
      }
      if (converted.itemValue) group.items.push(converted.itemValue);
      continue;
    }
    const closed = closeGroup();
    if (closed) yield closed;
    group = { key, first: converted, items: converted.itemValue ? [converted.itemValue] : [], error: null };
  }
  if (!header) throw new ImportFileError("the file is empty: a CSV file starts with a header line");
  const closed = closeGroup();
  if (closed) yield closed;
}

function readHeader(fields: string[], known: Map<string, CsvColumn>, type: RecordType): CsvColumn[] {
  const names = fields.map((f) => f.trim());
  const unknown = names.filter((n) => !known.has(n));
  if (unknown.length > 0) {
    throw new ImportFileError(
      `unknown column${unknown.length > 1 ? "s" : ""} ${unknown.map((u) => `"${u}"`).join(", ")} for ${type} ` +
        `(known: ${[...known.keys()].join(", ")})`,
    );
  }
  const seen = new Set<string>();
  for (const n of names) {
    if (seen.has(n)) throw new ImportFileError(`the column "${n}" appears twice in the header`);
    seen.add(n);
  }
  return names.map((n) => known.get(n)!);
}

const ITEM_FIELD = (name: string) => name.charAt(4).toLowerCase() + name.slice(5);

function convertRow(
  header: CsvColumn[],
  fields: string[],
  line: number,
): Converted | { error: { field: string; message: string } } {
  const value: Record<string, unknown> = {};
  const item: Record<string, unknown> = {};
  for (const [i, col] of header.entries()) {
    const raw = fields[i]!;
    if (raw.trim() === "") continue;
    let v: unknown = raw;
    if (col.kind === "int") v = /^\s*-?\d+\s*$/.test(raw) ? Number(raw) : raw;
    if (col.kind === "consents") {
      const parsed = parseConsentsCell(raw);
      if ("error" in parsed) return { error: { field: col.name, message: parsed.error } };
      v = parsed.value;
    }
    // itemSku -> sku: the columns of one item line.
    if (col.item) item[ITEM_FIELD(col.name)] = v;
    else value[col.name] = v;
  }
  return { line, value, itemValue: Object.keys(item).length > 0 ? item : null };
}
