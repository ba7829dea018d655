// Work for a recipient that has no connector: a checklist item for staff, ticked by a named person.
import type { Tx } from "../db";

export type TaskKind =
  | "search" // search and attach, or confirm nothing more is held (copy)
  | "correction_instruction" // Art. 19 to a processor
  | "correction_notice" // Art. 19 to an independent controller
  | "erasure_instruction" // to a processor
  | "erasure_notice" // Art. 19 to an independent controller
  | "connector_failed"; // an automated connector failed; staff follow up

export async function createRecipientTask(
  tx: Tx,
  input: {
    requestId?: string | null;
    personId?: string | null;
    recipientKey: string;
    kind: TaskKind;
    detail?: string;
  },
) {
  return tx.recipientTask.create({
    data: {
      requestId: input.requestId ?? null,
      personId: input.personId ?? null,
      recipientKey: input.recipientKey,
      kind: input.kind,
      detail: input.detail ?? null,
    },
  });
}
