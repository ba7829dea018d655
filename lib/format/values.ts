// How a stored value reads for a person, in one language: dates and times (Stockholm), numbers, money
// (formatted once with its currency), yes/no, codes from known sets (an order's status, a consent's
// method), language and country codes as names, structured values as labelled parts, a device
// description and a recipient's name. The portal's pages, the copy's report.html and README, and the
// emails all format through here, so a value reads the same everywhere (docs/decisions/0024-values-in-words.md).
//
// Fast enough for a copy of a hundred thousand rows: Intl objects are made once per formatter, the
// Stockholm offset is looked up once per hour (Swedish clock changes happen on the hour), and names of
// codes are remembered once looked up.
import type { Column, JsonValue, Row, ValueDomain } from "../connectors/types";
import { recipientName } from "../datamap/recipient-name";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";
import { wallClockAsUtc } from "../privacy/legal-clock";

/** One labelled part of a structured value (an invoice's counterparty: its name, address, number). */
export type Part = { label: string; value: string };

/** A cell: plain text, or labelled parts for a structured value. */
export type Cell = string | Part[];

export type ValueFormatter = {
  locale: Locale;
  /** A calendar date (`YYYY-MM-DD`, or an instant's Stockholm date). */
  date(value: string | Date): string;
  /** A date in words, for sentences ("1 november 2026", "1 November 2026"). */
  dateLong(value: string | Date): string;
  /** An instant as Stockholm date and time (tables). */
  dateTime(value: string | Date): string;
  /** An instant as Stockholm date and time in words, for sentences. */
  dateTimeLong(value: string | Date): string;
  number(value: number): string;
  /** An amount in öre (hundredths), with its currency, as one value ("1 234,50 kr", "SEK 1,234.50"). */
  money(ore: number, currency?: string | null): string;
  boolean(value: boolean): string;
  /** A language code ("sv", "sv-SE") as its name in this language ("svenska (Sverige)"). */
  language(code: string): string;
  /** A country code ("SE") as its name in this language ("Sverige", "Sweden"). */
  country(code: string): string;
  /** A code from a known set, in words; an unknown code is shown as it is. */
  code(domain: ValueDomain, value: string): string;
  /** A recipient's name in this language (an admin's rename wins). */
  recipient(key: string, storedName?: string | null): string;
  /** The activity log's rough device description ("Chrome on Linux") in this language. */
  device(stored: string | null | undefined): string;
  /** A structured value as labelled parts. */
  parts(value: JsonValue): Part[];
  /** One column of a row: text, or parts for a structured value. Empty when there is no value. */
  cell(column: Column, value: JsonValue | undefined, row?: Row): Cell;
  /** The same as text (parts joined), for places without markup. */
  text(column: Column, value: JsonValue | undefined, row?: Row): string;
};

const formatters = new Map<Locale, ValueFormatter>();

/** The formatter of one language; made once per language in production. */
export function valueFormatter(locale: Locale): ValueFormatter {
  const kept = formatters.get(locale);
  if (kept) return kept;
  const made = makeFormatter(locale);
  if (process.env.NODE_ENV === "production") formatters.set(locale, made);
  return made;
}

/** Parts as one line of text: "Name: Andersson Konsult AB, Address: Storgatan 12, …". */
export function partsText(parts: readonly Part[]): string {
  return parts.map((p) => (p.label ? `${p.label}: ${p.value}` : p.value)).join(", ");
}

function makeFormatter(locale: Locale): ValueFormatter {
  const t = translator(locale, "values");
  const copyT = translator(locale, "copy");
  const tag = locale === "sv" ? "sv-SE" : "en-GB";
  const numbers = new Intl.NumberFormat(tag);
  const currencies = new Map<string, Intl.NumberFormat>();
  const languages = new Intl.DisplayNames([locale], { type: "language", fallback: "code" });
  const regions = new Intl.DisplayNames([locale], { type: "region", fallback: "code" });
  const months = Array.from({ length: 12 }, (_, m) =>
    new Intl.DateTimeFormat(tag, { month: "short", timeZone: "UTC" }).format(Date.UTC(2026, m, 15)),
  );
  const yes = t("yes");
  const no = t("no");
  const names = new Map<string, string>();
  const remembered = (key: string, make: () => string): string => {
    let v = names.get(key);
    if (v === undefined) {
      v = make();
      if (names.size > 10_000) names.clear();
      names.set(key, v);
    }
    return v;
  };

  const ymd = (y: string, m: string, d: string) =>
    locale === "sv" ? `${y}-${m}-${d}` : `${Number(d)} ${months[Number(m) - 1]} ${y}`;

  const date = (value: string | Date): string => {
    if (typeof value === "string") {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
      if (m) return ymd(m[1]!, m[2]!, m[3]!);
    }
    const local = stockholmWallClock(value);
    return local ? ymd(local.slice(0, 4), local.slice(5, 7), local.slice(8, 10)) : String(value);
  };

  const longInstant = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "Europe/Stockholm" });
  const longCalendar = new Intl.DateTimeFormat(tag, { dateStyle: "long", timeZone: "UTC" });
  const dateLong = (value: string | Date): string => {
    if (typeof value === "string" && /^\d{4}-\d{2}-\d{2}$/.test(value)) {
      return longCalendar.format(Date.parse(`${value}T00:00:00Z`));
    }
    const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
    return Number.isNaN(ms) ? String(value) : longInstant.format(ms);
  };

  const longDateTime = new Intl.DateTimeFormat(tag, {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "Europe/Stockholm",
  });
  const dateTimeLong = (value: string | Date): string => {
    const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
    return Number.isNaN(ms) ? String(value) : longDateTime.format(ms);
  };

  const dateTime = (value: string | Date): string => {
    const local = stockholmWallClock(value);
    if (!local) return String(value);
    const day = ymd(local.slice(0, 4), local.slice(5, 7), local.slice(8, 10));
    return locale === "sv" ? `${day} ${local.slice(11, 16)}` : `${day}, ${local.slice(11, 16)}`;
  };

  const money = (ore: number, currency?: string | null): string => {
    const code = currency && /^[A-Z]{3}$/.test(currency) ? currency : "SEK";
    let f = currencies.get(code);
    if (!f) {
      f = new Intl.NumberFormat(tag, { style: "currency", currency: code });
      currencies.set(code, f);
    }
    return f.format(ore / 100);
  };

  const language = (code: string) =>
    remembered(`l:${code}`, () => {
      try {
        return languages.of(code) ?? code;
      } catch {
        return code;
      }
    });
  const country = (code: string) =>
    remembered(`c:${code}`, () => {
      try {
        return /^[A-Za-z]{2}$|^\d{3}$/.test(code) ? (regions.of(code.toUpperCase()) ?? code) : code;
      } catch {
        return code;
      }
    });
  const timeZone = (zone: string) =>
    remembered(`z:${zone}`, () => {
      try {
        const name = new Intl.DateTimeFormat(tag, { timeZone: zone, timeZoneName: "longGeneric" })
          .formatToParts(Date.UTC(2026, 0, 15))
          .find((p) => p.type === "timeZoneName")?.value;
        return name ? `${name} (${zone})` : zone;
      } catch {
        return zone;
      }
    });
  const recipient = (key: string, storedName?: string | null) => recipientName(key, locale, storedName);

  const code = (domain: ValueDomain, value: string): string => {
    switch (domain) {
      case "language":
        return language(value);
      case "country":
        return country(value);
      case "time_zone":
        return timeZone(value);
      case "recipient":
        return recipient(value);
      case "screen":
        return value.replace(/^(\d+)\s*x\s*(\d+)$/i, "$1 × $2");
      case "id":
      case "currency":
        return value;
      default:
        return remembered(`${domain}:${value}`, () => {
          const key = `${domain}.${value}`;
          if (t.has(key)) return t(key);
          const lower = `${domain}.${value.toLowerCase()}`;
          return t.has(lower) ? t(lower) : value;
        });
    }
  };

  const device = (stored: string | null | undefined): string => {
    if (!stored || stored === "Unknown device") return t("device.unknown");
    const m = /^(.+) on (.+)$/.exec(stored);
    if (!m) return stored;
    const browser = m[1] === "Browser" ? t("device.browser") : m[1]!;
    const os = m[2] === "another system" ? t("device.otherOs") : m[2]!;
    return t("device.on", { browser, os });
  };

  const scalar = (value: JsonValue): string => {
    if (value === null) return "";
    if (typeof value === "boolean") return value ? yes : no;
    if (typeof value === "number") return numbers.format(value);
    if (typeof value === "string") return /^\d{4}-\d{2}-\d{2}T/.test(value) ? dateTime(value) : value;
    return partsText(parts(value));
  };

  const partLabel = (key: string) =>
    remembered(`p:${key}`, () => {
      if (t.has(`parts.${key}`)) return t(`parts.${key}`);
      if (copyT.has(`columns.${key}`)) return copyT(`columns.${key}`);
      return key;
    });

  const parts = (value: JsonValue): Part[] => {
    if (value === null || value === "") return [];
    if (Array.isArray(value)) {
      return value.flatMap((v, i) =>
        v !== null && typeof v === "object" && !Array.isArray(v)
          ? parts(v)
          : [{ label: String(i + 1), value: scalar(v) }],
      );
    }
    if (typeof value === "object") {
      return Object.entries(value)
        .filter(([, v]) => v !== null && v !== "")
        .map(([k, v]) => ({ label: partLabel(k), value: scalar(v) }));
    }
    return [{ label: "", value: scalar(value) }];
  };

  const cell = (column: Column, value: JsonValue | undefined, row?: Row): Cell => {
    if (value === null || value === undefined || value === "") return "";
    switch (column.type) {
      case "datetime":
        return typeof value === "string" ? dateTime(value) : String(value);
      case "date":
        return typeof value === "string" ? date(value) : String(value);
      case "boolean":
        return value ? yes : no;
      case "money_ore": {
        const currency = row?.currency;
        return typeof value === "number"
          ? money(value, typeof currency === "string" ? currency : null)
          : String(value);
      }
      case "integer":
        if (typeof value !== "number") return String(value);
        return column.values === "id" ? String(value) : numbers.format(value);
      case "json":
        return typeof value === "object" ? parts(value) : scalar(value);
      default:
        if (typeof value === "object") return parts(value);
        if (typeof value !== "string") return scalar(value);
        return column.values ? code(column.values, value) : value;
    }
  };

  return {
    locale,
    date,
    dateLong,
    dateTime,
    dateTimeLong,
    number: (n) => numbers.format(n),
    money,
    boolean: (b) => (b ? yes : no),
    language,
    country,
    code,
    recipient,
    device,
    parts,
    cell,
    text(column, value, row) {
      const c = cell(column, value, row);
      return typeof c === "string" ? c : partsText(c);
    },
  };
}

/** An instant as Stockholm's wall clock, `YYYY-MM-DDTHH:MM…`, or null when it is no instant. */
function stockholmWallClock(value: string | Date): string | null {
  const ms = typeof value === "string" ? Date.parse(value) : value.getTime();
  if (Number.isNaN(ms)) return null;
  return new Date(wallClockAsUtc(ms)).toISOString();
}
