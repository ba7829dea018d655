// The button on the confirmation page: the address has proved it wants email marketing, so each
// topic still pending from that request becomes a given consent. A topic withdrawn in the meantime
// stays withdrawn. Pressing twice changes nothing the second time.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { loadStates, lockPersonDetails, recordChanges } from "./ledger";
import { optInHash } from "./opt-in";
import { effectiveStatus, WORDING, type PlannedChange } from "./rules";

export type ConfirmResult = { status: "confirmed" | "already_confirmed"; topics: string[] };

export const confirmOptIn = defineUseCase(
  "consent.confirm_by_link",
  { action: "consent.confirm_by_link", callers: ["system"] },
  async (actor, rawToken: unknown, now: Date = new Date()): Promise<ConfirmResult> => {
    if (typeof rawToken !== "string" || !/^[A-Za-z0-9_-]{20,100}$/.test(rawToken))
      throw new AppError("invalid_input");
    const hash = optInHash(rawToken);
    return db.$transaction(async (tx) => {
      const found = await tx.optInToken.findUnique({ where: { tokenHash: hash } });
      if (!found) throw new AppError("not_found");
      const person = await lockPersonDetails(tx, found.personId);
      if (!person) throw new AppError("not_found");
      // Re-read under the person's lock: a double press waits here and then sees the first one.
      const token = await tx.optInToken.findUniqueOrThrow({ where: { id: found.id } });
      if (token.confirmedAt) return { status: "already_confirmed", topics: [] };
      if (token.expiresAt <= now) throw new AppError("expired");
      const rows = await loadStates(tx, person.id);
      const changes: PlannedChange[] = token.topics
        .filter((t) => effectiveStatus(rows, "email", t).status === "pending")
        .map((topic) => ({ channel: "email", topic, action: "given", legalBasis: "consent" }));
      await recordChanges(tx, actor, person.id, changes, {
        method: "portal",
        wordingVersion: WORDING.optIn,
        at: now,
      });
      await tx.optInToken.update({ where: { id: token.id }, data: { confirmedAt: now } });
      await audit(tx, actor, {
        action: "consent.opt_in_confirmed",
        personId: person.id,
        targetType: "opt_in",
        targetId: token.id,
        meta: { topics: changes.length },
      });
      return { status: "confirmed", topics: changes.map((c) => c.topic) };
    });
  },
);
