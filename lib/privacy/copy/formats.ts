// Encoders for the copy's files: CSV (RFC 4180, UTF-8 with BOM) and JSON lines of a section (the
// readable report's values are formatted by lib/format/values.ts and escaped by lib/format/html.ts).
// Pure functions, so the benchmark's baseline can share them.
import type { Column, JsonValue, Row } from "../../connectors/types";

export const BOM = "\uFEFF";
export const CRLF = "\r\n";

/**
 * One CSV field. Quoted when it holds a separator, quote or line break. Every text that starts with
 * =, +, -, @, a tab or a carriage return gets a leading apostrophe (OWASP's rule for CSV injection),
 * so no spreadsheet runs it as a formula: `-1+HYPERLINK(…)` is a formula too. Only values that are
 * numbers in the data (JSON numbers, such as -5) are written bare; a text that looks like a number,
 * such as the phone number +46…, is text and is escaped (docs/decisions/0017-hostile-input.md).
 */
export function csvField(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (typeof value === "string") {
    s = FORMULA_START.test(value) ? `'${value}` : value;
  } else if (typeof value === "object") {
    s = JSON.stringify(value);
  } else {
    s = String(value);
  }
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]|^\s|\s$/;

export function csvLine(values: (JsonValue | undefined)[]): string {
  let line = "";
  for (let i = 0; i < values.length; i++) {
    if (i > 0) line += ",";
    line += csvField(values[i]);
  }
  return line + CRLF;
}

/** Parses RFC 4180 CSV (for tests and the benchmark's checks). */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  let i = text.startsWith(BOM) ? 1 : 0;
  for (; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += c;
    } else if (c === '"') {
      if (field.length > 0) throw new Error(`stray quote at ${i}`);
      quoted = true;
    } else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i++;
    } else if (c === "\n") {
      throw new Error(`bare line feed at ${i}`);
    } else field += c;
  }
  if (quoted) throw new Error("unterminated quote");
  if (field.length > 0 || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** Only the section's own columns, in its order. */
export function project(row: Row, columns: readonly Column[]): Row {
  const out: Row = {};
  for (const c of columns) out[c.key] = row[c.key] ?? null;
  return out;
}
