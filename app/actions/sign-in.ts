"use server";

import { redirect } from "next/navigation";
import { CHECK_EMAIL_PATH, RATE_LIMITED_PATH, signIn } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { requestLinkInput, safeNext } from "@/lib/auth/sign-in.validation";

export type SignInFormState = { error?: "email_required" | "email_invalid" | "failed"; email?: string };

export async function requestLinkAction(
  _prev: SignInFormState,
  formData: FormData,
): Promise<SignInFormState> {
  const raw = { email: String(formData.get("email") ?? ""), next: String(formData.get("next") ?? "") };
  const parsed = requestLinkInput.safeParse(raw);
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message === "email_required" ? "email_required" : "email_invalid";
    return { error: code, email: raw.email };
  }
  let outcome: string;
  try {
    outcome = await signIn("email", {
      email: parsed.data.email,
      redirectTo: safeNext(parsed.data.next),
      redirect: false,
    });
  } catch (err) {
    console.error("[sign-in] link request failed", (err as Error).name);
    return { error: "failed", email: raw.email };
  }
  redirect(landingFor(outcome));
}

/** Known and unknown addresses land on the same page; only the rate limit answers differently. */
function landingFor(authJsUrl: string | undefined): string {
  return authJsUrl?.includes("rate_limited") ? RATE_LIMITED_PATH : CHECK_EMAIL_PATH;
}

/** Step-up: a fresh link to the signed-in person's own address, back to where they were. */
export async function requestStepUpAction(formData: FormData): Promise<void> {
  const actor = await getActor();
  if (actor?.kind !== "person") return;
  const user = await db.user.findUnique({ where: { id: actor.userId }, select: { email: true } });
  if (!user) return;
  const next = safeNext(String(formData.get("next") ?? ""));
  const url = new URL(next, "http://x");
  url.searchParams.set("stepup", "1");
  const outcome = await signIn("email", {
    email: user.email,
    redirectTo: url.pathname + url.search,
    redirect: false,
  });
  redirect(landingFor(outcome));
}
