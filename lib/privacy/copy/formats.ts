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

/**
 * Formats values for people: date-times as `YYYY-MM-DD HH:MM` in Stockholm time (the Swedish standard
 * form, unambiguous in English too), öre as amounts with the currency, structured values as
 * key: value. Fast enough for a hundred thousand rows: the Stockholm offset is looked up once per
 * hour (Swedish clock changes happen on the hour) instead of running Intl for every value.
 */
export function cellFormatter(locale: "sv" | "en") {
  const yes = locale === "sv" ? "Ja" : "Yes";
  const no = locale === "sv" ? "Nej" : "No";
  const decimal = locale === "sv" ? "," : ".";
  const group = locale === "sv" ? "\u00a0" : ",";
  const format = (column: Column, value: JsonValue | undefined, currency?: JsonValue): string => {
    if (value === null || value === undefined || value === "") return "";
    switch (column.type) {
      case "datetime":
        return typeof value === "string" ? stockholmDateTime(value) : String(value);
      case "boolean":
        return value ? yes : no;
      case "money_ore":
        return typeof value === "number"
          ? `${amount(value, decimal, group)} ${typeof currency === "string" ? currency : "SEK"}`
          : String(value);
      case "json":
        return describeJson(value);
      default:
        return typeof value === "object" ? describeJson(value) : String(value);
    }
  };
  return format;
}

const HOUR_MS = 3_600_000;
const offsets = new Map<number, number>();
const wallClock = new Intl.DateTimeFormat("en-US", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});

/** An ISO 8601 instant as `YYYY-MM-DD HH:MM` Stockholm time. */
export function stockholmDateTime(isoInstant: string): string {
  const ms = Date.parse(isoInstant);
  if (Number.isNaN(ms)) return isoInstant;
  const hour = Math.floor(ms / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = hour * HOUR_MS;
    const p: Record<string, number> = {};
    for (const part of wallClock.formatToParts(at)) p[part.type] = Number(part.value);
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - at;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(hour, offset);
  }
  const local = new Date(ms + offset).toISOString();
  return `${local.slice(0, 10)} ${local.slice(11, 16)}`;
}

function amount(ore: number, decimal: string, group: string): string {
  const negative = ore < 0;
  const abs = Math.abs(Math.round(ore));
  const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, group);
  const cents = String(abs % 100).padStart(2, "0");
  return `${negative ? "-" : ""}${whole}${decimal}${cents}`;
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
