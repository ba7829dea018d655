// Starting a copy that staff granted or whose fee the person accepted: the request is in progress and
// the copy is queued for the builder, in the caller's transaction.
import type { Tx } from "../../db";
import { enqueue } from "../../jobs/queue";
import { transitionRequest } from "../requests";

export async function startCopy(
  tx: Tx,
  input: { requestId: string; personId: string; free: boolean; now: Date },
) {
  await transitionRequest(tx, input.requestId, "in_progress");
  const copy = await tx.copy.create({
    data: {
      personId: input.personId,
      requestId: input.requestId,
      free: input.free,
      status: "queued",
      createdAt: input.now,
    },
  });
  await enqueue(tx, "copy.build", { copyId: copy.id });
  return copy.id;
}
