// Step-up: a fresh sign-in link to the signed-in person's own address, for the actions that need a
// recent sign-in (copy, deletion, a new email address). Only the person's own session can ask (the
// address comes from its user, never from the form), and the page shows the address masked.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import type { PersonActor } from "./actor";
import type { LinkRequestFrom } from "./link-request-context";
import { maskEmail } from "./mask-email";
import { requestSignInLink, type LinkRequestResult } from "./request-link";
import { safeNext } from "./safe-next";

async function signInAddress(actor: PersonActor): Promise<string | null> {
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  return user?.email ?? null;
}

/** The address the step-up link went to, masked for the page; nothing when the user is gone. */
export const stepUpAddress = defineUseCase(
  "auth.step_up.address",
  { action: "auth.step_up", callers: ["person"] },
  async (person): Promise<string | null> => {
    const address = await signInAddress(person);
    return address ? maskEmail(address) : null;
  },
);

export type StepUpResult = { target: string; outcome: LinkRequestResult["outcome"] | "no_address" };

/** Sends the fresh link; it brings the person back to `next` (a path on the portal) marked as stepped up. */
export const requestStepUpLink = defineUseCase(
  "auth.step_up.request",
  { action: "auth.step_up", callers: ["person"] },
  async (person, next: string, from: LinkRequestFrom): Promise<StepUpResult> => {
    const target = safeNext(next);
    const email = await signInAddress(person);
    if (!email) return { target, outcome: "no_address" };
    const url = new URL(target, "http://portal.invalid");
    url.searchParams.set("stepup", "1");
    const result = await requestSignInLink({ email, next: url.pathname + url.search + url.hash }, from);
    return { target, outcome: result.outcome };
  },
);
