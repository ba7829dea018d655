// What staff may do with a request, in one place: the use-cases refuse what this guard refuses, and the
// request page offers exactly what it allows (both call it with facts loaded the same way).
// Decisions on a copy (grant, fee, refusal) belong to further copies: a copy request whose own copy
// has been made, or whose person still has the free copy for the period, gets none of them (its free
// copy is granted, never charged for or refused). See docs/decisions/0019-art19-notices-per-field.md.
import type { Tx } from "../db";
import { db } from "../db";
import { AppError } from "../errors";
import { countedFreeCopies } from "../privacy/copy/free-copy";

export type RequestAction = "grant" | "fee" | "refuse" | "resolve";
export const REQUEST_ACTIONS: readonly RequestAction[] = ["grant", "fee", "refuse", "resolve"];

export type RequestFacts = {
  type: string;
  status: string;
  /** Statuses of the copies made for this request. */
  copyStatuses: readonly string[];
  /** The person's free copy for the period is unused (only read for copy requests). */
  freeCopyAvailable: boolean;
  openTasks: number;
};

export type Refusal = { code: "not_allowed_now" | "copy_in_progress"; reason: string; openTasks?: number };

/** Copies that were made or are being made: the request has had its answer. */
const MADE = ["queued", "building", "ready", "expired"];
const BUILT = ["ready", "expired"];

export function isCopyRequest(type: string): boolean {
  return type === "copy" || type === "further_copy";
}

/** Why `action` is not allowed on a request in this state, or null when it is. */
export function whyNot(f: RequestFacts, action: RequestAction): Refusal | null {
  const copy = isCopyRequest(f.type);
  const made = f.copyStatuses.some((s) => MADE.includes(s));
  // A copy request while the free copy is unused is the free copy: granted, nothing else.
  const freeCopy = f.type === "copy" && f.freeCopyAvailable;
  switch (action) {
    case "grant":
    case "fee":
      if (!copy) return { code: "not_allowed_now", reason: "not_a_copy" };
      if (!["received", "in_progress", "failed"].includes(f.status)) {
        return { code: "not_allowed_now", reason: "status" };
      }
      if (made) return { code: "copy_in_progress", reason: "copy_made" };
      if (action === "fee" && freeCopy) return { code: "not_allowed_now", reason: "free_copy_due" };
      return null;
    case "refuse":
      if (!["received", "in_progress", "awaiting_fee_acceptance"].includes(f.status)) {
        return { code: "not_allowed_now", reason: "status" };
      }
      if (copy && made) return { code: "not_allowed_now", reason: "copy_made" };
      if (freeCopy) return { code: "not_allowed_now", reason: "free_copy_due" };
      return null;
    case "resolve":
      if (f.status !== "received" && f.status !== "in_progress") {
        return { code: "not_allowed_now", reason: "status" };
      }
      if (f.type === "deletion") return { code: "not_allowed_now", reason: "erasure_completes" };
      if (f.openTasks > 0) return { code: "not_allowed_now", reason: "open_tasks", openTasks: f.openTasks };
      if (copy && !f.copyStatuses.some((s) => BUILT.includes(s))) {
        return { code: "not_allowed_now", reason: "copy_not_built" };
      }
      return null;
  }
}

/** Throws the guard's refusal, if any, as the application error the use-cases answer with. */
export function assertAllowed(f: RequestFacts, action: RequestAction): void {
  const refusal = whyNot(f, action);
  if (!refusal) return;
  const { code, ...detail } = refusal;
  throw new AppError(code, detail);
}

/** Every action allowed on a request in this state. */
export function allowedActions(f: RequestFacts): Set<RequestAction> {
  return new Set(REQUEST_ACTIONS.filter((a) => whyNot(f, a) === null));
}

/**
 * The facts the guard needs, read the same way for the page and (inside its transaction, after the
 * request and person locks) for the use-case.
 */
export async function loadRequestFacts(
  client: Tx | typeof db,
  request: { id: string; type: string; status: string; personId: string | null },
  now: Date,
  freeCopyMonths: number,
): Promise<RequestFacts> {
  // One after another: a transaction's client runs one statement at a time anyway.
  const copies = await client.copy.findMany({ where: { requestId: request.id }, select: { status: true } });
  const openTasks = await client.recipientTask.count({ where: { requestId: request.id, status: "open" } });
  const counted =
    request.type === "copy" && request.personId
      ? await client.copy.count({ where: countedFreeCopies(request.personId, now, freeCopyMonths) })
      : 1;
  return {
    type: request.type,
    status: request.status,
    copyStatuses: copies.map((c) => c.status),
    freeCopyAvailable: counted === 0,
    openTasks,
  };
}
