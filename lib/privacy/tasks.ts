// Work for a recipient that has no connector: a checklist item for staff, ticked by a named person.
// What to do follows from the kind; what it concerns is stored as data (TaskFacts), never as a
// sentence, so the console says it in the page's language.
import type { Tx } from "../db";

export const TASK_KINDS = [
  "search", // search and attach, or confirm nothing more is held (copy)
  "correction_instruction", // Art. 19 to a processor
  "correction_notice", // Art. 19 to an independent controller
  "erasure_instruction", // to a processor
  "erasure_notice", // Art. 19 to an independent controller
  "connector_failed", // an automated connector failed; staff follow up
  "erasure_confirmation", // a connector found records it leaves for staff to confirm before deleting
  "restriction_notice", // Art. 18/19: the data is restricted (storage only) until lifted
] as const;

export type TaskKind = (typeof TASK_KINDS)[number];

/**
 * What a task concerns. Categories are data map keys and fields the correction's field names
 * (lib/privacy/rectification/fields.ts); references are the ones the recipient knows the person by
 * (never a name, address or personnummer). `more`: the lists were cut short.
 */
export type TaskFacts = {
  categories?: string[];
  fields?: string[];
  customer?: string | null;
  invoices?: string[];
  payments?: string[];
  shipments?: string[];
  more?: boolean;
  /** connector_failed: which connector, and how it failed (a diagnostic code for admins). */
  connector?: string;
  failure?: string;
  /** A connector refused to erase, for this reason (a code, e.g. WIX "site_member"). */
  refusal?: string;
  /** erasure_confirmation: how many records of the kind `what` ("messages") staff confirm. */
  toConfirm?: number;
  what?: string;
};

export async function createRecipientTask(
  tx: Tx,
  input: {
    requestId?: string | null;
    personId?: string | null;
    recipientKey: string;
    kind: TaskKind;
    facts?: TaskFacts;
  },
) {
  return tx.recipientTask.create({
    data: {
      requestId: input.requestId ?? null,
      personId: input.personId ?? null,
      recipientKey: input.recipientKey,
      kind: input.kind,
      ...(input.facts ? { facts: input.facts } : {}),
    },
  });
}

/** The stored facts, read defensively (the column is JSON). */
export function readTaskFacts(value: unknown): TaskFacts {
  if (!value || typeof value !== "object" || Array.isArray(value)) return {};
  const v = value as Record<string, unknown>;
  const list = (x: unknown) =>
    Array.isArray(x) ? x.filter((s): s is string => typeof s === "string") : undefined;
  return {
    categories: list(v.categories),
    fields: list(v.fields),
    customer: typeof v.customer === "string" ? v.customer : null,
    invoices: list(v.invoices),
    payments: list(v.payments),
    shipments: list(v.shipments),
    more: v.more === true,
    connector: typeof v.connector === "string" ? v.connector : undefined,
    failure: typeof v.failure === "string" ? v.failure : undefined,
    refusal: typeof v.refusal === "string" ? v.refusal : undefined,
    toConfirm: typeof v.toConfirm === "number" ? v.toConfirm : undefined,
    what: typeof v.what === "string" ? v.what : undefined,
  };
}

/**
 * Art. 19 work for one recipient about one person: one open task per (recipient, person, kind). A
 * later change joins the open task (its fields are added to the ones changed since it opened) until
 * staff mark it done; after that a change opens a new task. The caller holds the person's row lock,
 * so two saves at once cannot both open one. A task ticked by staff at the same moment is not joined
 * (the update only matches an open task): the change then opens a new one.
 */
export async function joinOrOpenFieldTask(
  tx: Tx,
  input: {
    requestId?: string | null;
    personId: string;
    recipientKey: string;
    kind: TaskKind;
    fields: readonly string[];
  },
): Promise<{ id: string; joined: boolean; fields: string[] }> {
  const open = await tx.recipientTask.findFirst({
    where: { personId: input.personId, recipientKey: input.recipientKey, kind: input.kind, status: "open" },
    orderBy: { createdAt: "asc" },
    select: { id: true, fields: true },
  });
  if (open) {
    const fields = [...new Set([...open.fields, ...input.fields])].sort();
    const joined = await tx.recipientTask.updateMany({
      where: { id: open.id, status: "open" },
      data: { fields },
    });
    if (joined.count === 1) return { id: open.id, joined: true, fields };
  }
  const fields = [...new Set(input.fields)].sort();
  const task = await tx.recipientTask.create({
    data: {
      requestId: input.requestId ?? null,
      personId: input.personId,
      recipientKey: input.recipientKey,
      kind: input.kind,
      fields,
    },
  });
  return { id: task.id, joined: false, fields };
}
