import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";

/** "Sign out everywhere": every session of the person's sign-in identity ends now. */
export const endAllSessions = defineUseCase(
  "sessions.end_all",
  { action: "sessions.end_all", callers: ["person"] },
  async (actor): Promise<number> => {
    return db.$transaction(async (tx) => {
      const { count } = await tx.session.deleteMany({ where: { userId: actor.userId } });
      await tx.accessEvent.create({ data: { personId: actor.personId, kind: "sign_out_everywhere" } });
      await audit(tx, actor, { action: "auth.sign_out_everywhere", meta: { sessions: count } });
      return count;
    });
  },
);
