// An objection to direct marketing (GDPR Art. 21(2)): absolute, no balancing, so it stops every
// channel and topic at once and is recorded as an objection request that is already completed.
import { db } from "../db";
import { assertCan, type Actor } from "../auth/actor";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { createRequest } from "../privacy/requests";
import { loadStates, lockPerson, recordChanges } from "./ledger";
import { planObjection, WORDING } from "./rules";

export async function objectToMarketing(
  actor: Actor | null,
  now = new Date(),
): Promise<{ changed: number; requestId: string }> {
  assertCan(actor, "objection.file");
  if (actor.kind !== "person" && actor.kind !== "impersonation") throw new AppError("forbidden");
  const personId = actor.personId;
  return db.$transaction(async (tx) => {
    const person = await lockPerson(tx, personId);
    if (!person) throw new AppError("not_found");
    const changes = planObjection(await loadStates(tx, personId));
    const changed = await recordChanges(tx, actor, personId, changes, {
      method: "portal",
      wordingVersion: WORDING.objection,
      at: now,
    });
    const request = await createRequest(tx, {
      personId,
      type: "objection",
      status: "completed",
      channel: "portal",
      receivedAt: now,
      resolvedAt: now,
    });
    await audit(tx, actor, {
      action: "consent.objection",
      personId,
      targetType: "request",
      targetId: request.id,
      meta: { changes: changed },
    });
    return { changed, requestId: request.id };
  });
}
