// The step-up page's facts about the signed-in person: the address a fresh link goes to. Only the
// person's own session can ask (the user id comes from it), and the page shows the address masked.
import { db } from "../db";
import type { PersonActor } from "./actor";
import { maskEmail } from "./mask-email";

export async function signInAddress(actor: PersonActor): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  return user?.email ?? null;
}

export async function maskedSignInAddress(actor: PersonActor): Promise<string | null> {
  const address = await signInAddress(actor);
  return address ? maskEmail(address) : null;
}
