// One erasure step: optional idempotent work outside the database (a partner's API, files on disk),
// then its database work in one transaction together with its ErasureStep row, so a step is either
// wholly done and recorded or not at all, and a resumed run skips what is recorded.
import type { Connector } from "../../connectors/types";
import type { Tx } from "../../db";

// The receipt comes after the partners have been asked (newsletter, connectors) and staff given their
// tasks, so it says per system what was done; it still comes before portal_data erases the address.
export const STEP_NAMES = [
  "newsletter",
  "connectors",
  "recipient_tasks",
  "receipt",
  "holds",
  "portal_data",
  "tombstone",
  "data_key",
] as const;
export type StepName = (typeof STEP_NAMES)[number];

/** After the receipt has been delivered: its row keeps only id and status. */
export const RECEIPT_CLEANUP = "receipt_cleanup";
/** The reminder two days before erasure (recorded so it is sent once). */
export const REMINDER = "reminder";

/** What a step records: ids and counts only, never personal data. */
export type Detail = Record<string, string | number | boolean | null>;

export type StepContext = {
  requestId: string;
  personId: string;
  /** A request made by the system (routine retention), not by the person: no receipt email. */
  system: boolean;
  now: Date;
  /** What earlier steps recorded. */
  done: ReadonlyMap<string, Detail>;
  /** The automated connectors asked to erase (default: the configured ones; tests: built against fakes). */
  connectors: () => Promise<readonly Connector[]>;
  /** Each connector's time limit for one erasure call. */
  connectorTimeoutMs: number;
};

export type ErasureStepDef = {
  name: StepName;
  outside?: (ctx: StepContext) => Promise<Detail>;
  inside: (tx: Tx, ctx: StepContext, outside: Detail) => Promise<Detail>;
};
