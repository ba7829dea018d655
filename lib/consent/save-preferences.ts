// Saving the preferences page: one action for every channel and topic at once, and "withdraw
// everything" in one click. A yes by email waits for the address to confirm it (pending); a no takes
// effect at once.
import { defineUseCase, SUBJECT, parseCheckedInput } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import {
  activeTopicKeys,
  loadStates,
  lockPersonDetails,
  recordChanges,
  recordChangesAudited,
} from "./ledger";
import { issueOptIn, liveOptInCovers } from "./opt-in";
import { savePreferencesInput } from "./preferences.validation";
import { effectiveStatus, pairKey, planPreferences, planStopAll, WORDING } from "./rules";

export type SaveResult = { changed: number; confirmationSent: boolean };

export const savePreferences = defineUseCase(
  "preferences.save",
  { action: "preferences.change", callers: SUBJECT },
  async (subject, raw: unknown): Promise<SaveResult> => {
    const input = parseCheckedInput(savePreferencesInput, raw);
    return db.$transaction(async (tx) => {
      const person = await lockPersonDetails(tx, subject.personId);
      if (!person) throw new AppError("not_found");
      const topics = await activeTopicKeys(tx);
      const known = new Set(topics);
      if (input.wanted.some((w) => !known.has(w.topic))) throw new AppError("invalid_input");
      const wanted = new Set(input.wanted.map((w) => pairKey(w.channel, w.topic)));
      const rows = await loadStates(tx, person.id);
      const changes = planPreferences(rows, topics, wanted);
      const changed = await recordChanges(tx, subject, person.id, changes, {
        method: "portal",
        wordingVersion: WORDING.preferences,
      });

      // Email topics the person wants that still wait for the address to confirm: send a link, unless
      // a live one already covers them (saving twice does not send two emails).
      const waiting = topics.filter(
        (t) =>
          wanted.has(pairKey("email", t)) &&
          (changes.some((c) => c.channel === "email" && c.topic === t && c.action === "pending") ||
            effectiveStatus(rows, "email", t).status === "pending"),
      );
      const newlyPending = changes.some((c) => c.action === "pending");
      let confirmationSent = false;
      if (waiting.length > 0 && (newlyPending || !(await liveOptInCovers(tx, person.id, waiting)))) {
        await issueOptIn(tx, person, waiting);
        confirmationSent = true;
      }
      if (changed > 0 || confirmationSent) {
        await audit(tx, subject, {
          action: "consent.preferences_saved",
          personId: person.id,
          targetType: "consent",
          meta: { changes: changed, confirmationSent },
        });
      }
      return { changed, confirmationSent };
    });
  },
);

/** Withdraws every consent and objects to every "allowed until objection", in one click. */
export const withdrawAll = defineUseCase(
  "preferences.withdraw_all",
  { action: "preferences.change", callers: SUBJECT },
  async (subject): Promise<{ changed: number }> => {
    return db.$transaction(async (tx) => {
      const person = await lockPersonDetails(tx, subject.personId);
      if (!person) throw new AppError("not_found");
      const topics = await activeTopicKeys(tx);
      const changes = planStopAll(await loadStates(tx, person.id), topics);
      const changed = await recordChangesAudited(
        tx,
        subject,
        person.id,
        changes,
        { method: "portal", wordingVersion: WORDING.preferences },
        { action: "consent.withdrawn_all" },
      );
      return { changed };
    });
  },
);
