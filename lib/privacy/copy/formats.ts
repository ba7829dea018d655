// Encoders for the copy's files: CSV (RFC 4180, UTF-8 with BOM), JSON lines of a section, and HTML
// cells for the readable report. Pure functions, so the benchmark's baseline can share them.
import type { Column, JsonValue, Row } from "../../connectors/types";

export const BOM = "\uFEFF";
export const CRLF = "\r\n";

/**
 * One CSV field. Quoted when it holds a separator, quote or line break. A text that a spreadsheet
 * would run as a formula (starting with =, @, or + / - not followed by a digit, or a tab/CR) gets a
 * leading apostrophe; numbers and phone numbers such as +46… stay as they are.
 */
export function csvField(value: JsonValue | undefined): string {
  if (value === null || value === undefined) return "";
  let s: string;
  if (typeof value === "string") {
    s = FORMULA.test(value) ? `'${value}` : value;
  } else if (typeof value === "object") {
    s = JSON.stringify(value);
  } else {
    s = String(value);
  }
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const FORMULA = /^(?:[=@\t\r]|[+-](?![\d\s]))/;
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

export function escapeHtml(s: string): string {
  return s.replace(HTML_SPECIALS, (c) => HTML_ENTITIES[c]!);
}

const HTML_SPECIALS = /[&<>"']/g;
const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};

/** Formats values for people: dates in Stockholm time, öre as kronor, structured values as key: value. */
export function cellFormatter(locale: "sv" | "en") {
  const dateTime = new Intl.DateTimeFormat(locale === "sv" ? "sv-SE" : "en-GB", {
    timeZone: "Europe/Stockholm",
    dateStyle: "medium",
    timeStyle: "short",
  });
  const money = new Intl.NumberFormat(locale === "sv" ? "sv-SE" : "en-GB", {
    minimumFractionDigits: 2,
    maximumFractionDigits: 2,
  });
  const yes = locale === "sv" ? "Ja" : "Yes";
  const no = locale === "sv" ? "Nej" : "No";
  const format = (column: Column, value: JsonValue | undefined, currency?: JsonValue): string => {
    if (value === null || value === undefined || value === "") return "";
    switch (column.type) {
      case "datetime":
        return typeof value === "string" ? dateTime.format(new Date(value)) : String(value);
      case "boolean":
        return value ? yes : no;
      case "money_ore":
        return typeof value === "number"
          ? `${money.format(value / 100)} ${typeof currency === "string" ? currency : "SEK"}`
          : String(value);
      case "json":
        return describeJson(value);
      default:
        return typeof value === "object" ? describeJson(value) : String(value);
    }
  };
  return format;
}

function describeJson(value: JsonValue): string {
  if (value === null) return "";
  if (Array.isArray(value)) return value.map(describeJson).join("; ");
  if (typeof value === "object") {
    return Object.entries(value)
      .filter(([, v]) => v !== null && v !== "")
      .map(([k, v]) => `${k}: ${describeJson(v)}`)
      .join("; ");
  }
  return String(value);
}

/** Only the section's own columns, in its order. */
export function project(row: Row, columns: readonly Column[]): Row {
  const out: Row = {};
  for (const c of columns) out[c.key] = row[c.key] ?? null;
  return out;
}
