"use server";

import { isRedirectError } from "next/dist/client/components/redirect-error";
import { signIn } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/actor";
import { db } from "@/lib/db";
import { requestLinkInput, safeNext } from "@/lib/auth/sign-in.validation";

export type SignInFormState = { error?: "email_required" | "email_invalid" | "failed"; email?: string };

export async function requestLinkAction(_prev: SignInFormState, formData: FormData): Promise<SignInFormState> {
  const raw = { email: String(formData.get("email") ?? ""), next: String(formData.get("next") ?? "") };
  const parsed = requestLinkInput.safeParse(raw);
  if (!parsed.success) {
    const code = parsed.error.issues[0]?.message === "email_required" ? "email_required" : "email_invalid";
    return { error: code, email: raw.email };
  }
  try {
    await signIn("email", { email: parsed.data.email, redirectTo: safeNext(parsed.data.next) });
  } catch (err) {
    if (isRedirectError(err)) throw err;
    console.error("[sign-in] link request failed", (err as Error).name);
    return { error: "failed", email: raw.email };
  }
  return {};
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
  await signIn("email", { email: user.email, redirectTo: url.pathname + url.search });
}
