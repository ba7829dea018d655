import { db } from "../db";
import { audit } from "../audit/append";
import { assertCan, type Actor } from "./actor";

/** "Sign out everywhere": every session of the person's sign-in identity ends now. */
export async function endAllSessions(actor: Actor | null): Promise<number> {
  assertCan(actor, "sessions.end_all");
  if (actor.kind !== "person") return 0;
  return db.$transaction(async (tx) => {
    const { count } = await tx.session.deleteMany({ where: { userId: actor.userId } });
    await tx.accessEvent.create({ data: { personId: actor.personId, kind: "sign_out_everywhere" } });
    await audit(tx, actor, { action: "auth.sign_out_everywhere", meta: { sessions: count } });
    return count;
  });
}
