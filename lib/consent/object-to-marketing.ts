// An objection to direct marketing (GDPR Art. 21(2)): absolute, no balancing, so it stops every
// channel and topic at once and is recorded as an objection request that is already completed.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { createRequest } from "../privacy/requests";
import { loadStates, lockPersonDetails, recordChanges } from "./ledger";
import { planObjection, WORDING } from "./rules";

export const objectToMarketing = defineUseCase(
  "consent.object",
  // An objection is the person's own act, never one made on their behalf.
  { action: "objection.file", callers: ["person"] },
  async (actor, now: Date = new Date()): Promise<{ changed: number; requestId: string }> => {
    const personId = actor.personId;
    return db.$transaction(async (tx) => {
      const person = await lockPersonDetails(tx, personId);
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
  },
);
