// One-click unsubscribe (RFC 8058) without signing in: the signed token names the person (and
// optionally one topic); email marketing stops at once. Idempotent: a second POST finds nothing on
// and records nothing.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { AppError } from "../errors";
import { verifyUnsubscribeToken } from "../newsletter/unsubscribe-token";
import { activeTopicKeys, loadStates, lockPersonDetails, recordChangesAudited } from "./ledger";
import { planStopAll, planStopTopic, WORDING } from "./rules";

export type OneClickResult = { changed: number; known: boolean };

export const oneClickUnsubscribe = defineUseCase(
  "consent.unsubscribe_by_link",
  { action: "consent.unsubscribe_by_link", callers: ["system"] },
  async (actor, token: unknown): Promise<OneClickResult> => {
    const target = verifyUnsubscribeToken(token);
    if (!target) throw new AppError("invalid_input");
    return db.$transaction(async (tx) => {
      const person = await lockPersonDetails(tx, target.personId);
      // Erased since the email was sent: there is nobody left to send to, which is what was asked.
      if (!person) return { changed: 0, known: false };
      const rows = await loadStates(tx, person.id);
      const changes = target.topic
        ? planStopTopic(rows, "email", target.topic)
        : planStopAll(rows, await activeTopicKeys(tx), ["email"]);
      const changed = await recordChangesAudited(
        tx,
        actor,
        person.id,
        changes,
        { method: "one_click", wordingVersion: WORDING.oneClick },
        { action: "consent.one_click_unsubscribe", meta: { topic: target.topic || null } },
      );
      return { changed, known: true };
    });
  },
);
