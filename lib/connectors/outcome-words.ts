// What one system did for a request, in words the person (and staff) read: "WIX: erased automatically,
// 7 December 2026", "PayPal: keeps its invoices as bookkeeping records; ask PayPal at …". One place for
// every ConnectorOutcome (copy, correction, erasure), so the receipt, the staff console and the person's
// pages say the same thing. Messages live in messages/<locale>/outcomes.json, keyed by action, status and
// then the connector or the refusal's reason, with a default per status.
import { valueFormatter } from "../format/values";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";
import { PAYPAL_PRIVACY_URL } from "./paypal";

export type OutcomeFacts = {
  /** The connector's key ("wix", "microsoft_365", "paypal", "google_analytics", "newsletter"). */
  connector: string;
  /** "copy", "correct" or "erase". */
  action: string;
  /** An ActionOutcome's or Listing's status, or "failed" / "pending". */
  status: string;
  /** refused: the system's reason code; failed: the failure's kind (not shown to the person). */
  reason?: string | null;
  count?: number | null;
  erased?: number | null;
  /** When the system says it acted (or when it was asked). */
  at?: Date | string | null;
};

/** Where the person asks a system about what it holds itself, by connector. */
const ASK_URLS: Record<string, string> = { paypal: PAYPAL_PRIVACY_URL };

/** The system's name in this language: the connector's own, or `name` when the caller has one. */
export function systemName(connector: string, locale: Locale): string {
  const t = translator(locale, "outcomes");
  return t.has(`systems.${connector}`) ? t(`systems.${connector}`) : connector;
}

/** The heading over a list of outcomes ("What each system did:"). */
export function outcomesHeading(action: string, locale: Locale): string {
  const t = translator(locale, "outcomes");
  return t.has(`heading.${action}`) ? t(`heading.${action}`) : t("heading.erase");
}

/** One outcome as one sentence, in the reader's language. */
export function outcomeWords(o: OutcomeFacts, locale: Locale, name?: string): string {
  const t = translator(locale, "outcomes");
  const format = valueFormatter(locale);
  const values = {
    system: name ?? systemName(o.connector, locale),
    count: o.count ?? 0,
    erased: o.erased ?? 0,
    when: o.at ? format.dateLong(o.at) : "none",
    url: ASK_URLS[o.connector] ?? "",
    status: o.status,
  };
  const action = ["copy", "correct", "erase"].includes(o.action) ? o.action : "erase";
  const candidates =
    o.status === "refused"
      ? [`${action}.refused.${o.reason ?? ""}`, `${action}.refused.default`]
      : [`${action}.${o.status}.${o.connector}`, `${action}.${o.status}.default`];
  for (const key of candidates) if (t.has(key)) return t(key, values);
  return t("unknown", values);
}
