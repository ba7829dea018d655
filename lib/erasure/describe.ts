// Words for a held record, shared by the deletion page and the receipt email, so both name a
// record the same way ("Faktura 1001 (2023-04-02): sparas till och med 2030-12-31"). Values are
// formatted by lib/format/values.ts.
import { valueFormatter, type ValueFormatter } from "../format/values";
import type { Locale } from "../i18n/config";
import type { HeldRecord } from "./plan";

type T = (key: string, values?: Record<string, string | number>) => string;

/** "Faktura 1001" / "Betalning 1 250,00 kr (PayPal)". `t` is the "deletion" namespace. */
export function recordName(
  t: T,
  locale: Locale,
  r: HeldRecord,
  format: ValueFormatter = valueFormatter(locale),
): string {
  if (r.kind === "invoice") return t("records.invoice", { number: r.number ?? "—" });
  return t("records.payment", {
    amount: format.money(r.amountOre, r.currency),
    provider: r.provider ? format.code("provider", r.provider) : "—",
  });
}

/** "Faktura 1001 (2023-04-02): sparas till och med 2030-12-31" */
export function keptLine(
  t: T,
  locale: Locale,
  r: HeldRecord,
  format: ValueFormatter = valueFormatter(locale),
): string {
  return t("records.keptLine", {
    record: recordName(t, locale, r, format),
    date: format.date(r.date),
    until: format.date(r.keepThrough),
  });
}

export type KeepGroup = { keepThrough: string; deleteFrom: string; invoices: number; payments: number };

/** Held records by the day they are kept through, earliest first: the summary of a long history. */
export function groupByKeepThrough(records: readonly HeldRecord[]): KeepGroup[] {
  const groups = new Map<string, KeepGroup>();
  for (const r of records) {
    const g = groups.get(r.keepThrough) ?? {
      keepThrough: r.keepThrough,
      deleteFrom: r.deleteFrom,
      invoices: 0,
      payments: 0,
    };
    if (r.kind === "invoice") g.invoices += 1;
    else g.payments += 1;
    groups.set(r.keepThrough, g);
  }
  return [...groups.values()].sort((a, b) => (a.keepThrough < b.keepThrough ? -1 : 1));
}
