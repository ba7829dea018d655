// One interface for every place personal data lives: the portal's own database, the newsletter
// partner, and recipients with no API (staff search by hand). Each connector lists what it holds on a
// person by data-map category; correction and erasure are optional methods other use-cases implement.
//
// Large histories are never loaded whole: a feed is read as an async iterable in pages, so the copy
// streams with flat memory and the "my data" page reads one page at a time.
import type { Locale } from "../i18n/config";

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };

/** One record. Dates are ISO 8601 strings; amounts in öre (hundredths of the currency) as integers. */
export type Row = Record<string, JsonValue>;

export type ColumnType = "string" | "integer" | "boolean" | "datetime" | "date" | "money_ore" | "json";

/**
 * What a column's values are, beyond their type, so they are shown in the reader's language: a code
 * from a known set (an order's status, a consent's method), a language or country code, a currency (shown
 * with the amount beside it, not as a column of its own), a recipient's key, or an identifier (shown as it is).
 */
export type ValueDomain =
  | "order_status"
  | "invoice_status"
  | "payment_method"
  | "provider"
  | "credit_outcome"
  | "web_event_kind"
  | "platform"
  | "social_kind"
  | "support_channel"
  | "consent_channel"
  | "consent_status"
  | "consent_basis"
  | "consent_method"
  | "consent_by"
  | "topic"
  | "legal_basis"
  | "recipient"
  | "language"
  | "country"
  | "time_zone"
  | "screen"
  | "currency"
  | "id";

export type Column = { key: string; type: ColumnType; values?: ValueDomain };

/** A kind of record within one data-map category (e.g. "invoices" within "history"). */
export type SectionSpec = {
  category: string;
  key: string;
  columns: readonly Column[];
  /** Where the records are held, shown with them (a connector key or recipient key). */
  heldBy: string;
  /** One record per person (e.g. personal details): shown as a list of fields, not a table. */
  single?: boolean;
};

/**
 * Records read in one pass that feed one or more sections. Each row carries every column of every
 * section; a section shows its own columns. (Web events feed three categories: web usage, device
 * and geography, so they are read once for the copy.)
 */
export type Feed = {
  sections: readonly SectionSpec[];
  count(): Promise<number>;
  /** Newest first. `offset`/`limit` serve the paginated page; the copy reads everything. */
  rows(opts?: { offset?: number; limit?: number }): AsyncIterable<Row>;
};

export type Subject = {
  personId: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
};

export type ListPurpose =
  /** The "my data" page: identity numbers masked, no staff tasks, no calls to partners. */
  | "view"
  /** The copy for the person themself: full values, staff tasks for recipients without an API. */
  | "copy";

export type ListContext = {
  purpose: ListPurpose;
  locale: Locale;
  /** The request a staff task belongs to (copy). */
  requestId: string | null;
  /** Aborted when the connector's time is up. */
  signal: AbortSignal;
};

export type Listing =
  | { status: "ok"; feeds: Feed[] }
  /** The recipient was asked and holds nothing on the person. */
  | { status: "nothing_held" }
  /** No credentials or endpoint configured: nothing could be asked automatically. */
  | { status: "not_configured" }
  /** A staff member searches by hand (task created) for these recipients. */
  | { status: "staff_task"; recipients: string[]; taskIds: string[] }
  /**
   * The system keeps data on people but has no way to export one person's (Google Analytics): nothing
   * to copy and nothing for staff to search; an erasure asks it to delete instead.
   */
  | { status: "no_export" };

export type ActionOutcome =
  /** `count`: records or requests acted on; `at`: when the system says it acted (ISO 8601). */
  | { status: "done"; detail?: string; count?: number; at?: string }
  | { status: "staff_task"; taskIds: string[] }
  | { status: "not_configured" }
  | { status: "nothing_held" }
  /**
   * The system refused, for a reason it states (a code, never its message): e.g. Wix keeps a contact
   * that is a site member ("site_member") or has an active subscription ("billing_subscription").
   */
  | { status: "refused"; reason: string }
  /**
   * Found, and left for staff to confirm before anything is deleted: `count` records of the kind `what`
   * (Microsoft 365 "messages": a search by address also finds mail that only mentions it, or that must be
   * kept). `erased`: records the same call deleted automatically (list items).
   */
  | { status: "needs_confirmation"; what: string; count: number; erased?: number };

export type FieldChange = {
  category: string;
  field: string;
  /** The value before the change, given only where a system finds the person by it (an email address). */
  previous?: string | null;
};

export interface Connector {
  /** Stable key, e.g. "portal", "newsletter", "manual". */
  readonly key: string;
  /** The data-map recipients this connector covers (none for the portal's own database). */
  recipients(): Promise<string[]>;
  list(subject: Subject, ctx: ListContext): Promise<Listing>;
  /** Art. 16/19: tell the place that holds the data about a correction. */
  correct?(
    subject: Subject,
    change: FieldChange,
    ctx: { requestId: string | null; signal: AbortSignal },
  ): Promise<ActionOutcome>;
  /** Art. 17: erase (or instruct erasure of) what the place holds on the person. */
  erase?(subject: Subject, ctx: { requestId: string | null; signal: AbortSignal }): Promise<ActionOutcome>;
}

/** What each connector did for one copy, kept on Copy.connectorReport (ids and counts only). */
export type ConnectorReport = {
  connector: string;
  recipients: string[];
  status: "ok" | "nothing_held" | "not_configured" | "staff_task" | "no_export" | "failed";
  /** failed: the kind of failure ("timeout", "error"), never a message that could hold personal data */
  failure?: string;
  sections?: { category: string; key: string; rows: number; complete: boolean }[];
  taskIds?: string[];
};
