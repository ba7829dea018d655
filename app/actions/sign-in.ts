"use server";

import { headers } from "next/headers";
import { redirect } from "next/navigation";
import { CHECK_EMAIL_PATH, RATE_LIMITED_PATH } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/actor";
import { linkRequestFrom } from "@/lib/auth/link-request-context";
import { requestSignInLink, type LinkRequestResult } from "@/lib/auth/request-link";
import { requestStepUpLink } from "@/lib/auth/step-up";
import { attempt, runPlainForm, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";

export async function requestLinkAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const raw = { email: String(formData.get("email") ?? ""), next: String(formData.get("next") ?? "") };
  const values = { email: raw.email };
  const r = await attempt("sign-in", async () => requestSignInLink(raw, linkRequestFrom(await headers())));
  const t = await serverTranslator("auth");
  if (!r.ok) return { error: t("errors.failed"), values, at: Date.now() };
  const result: LinkRequestResult = r.value;
  if (result.outcome === "invalid") {
    return { fieldErrors: { email: t(`errors.${result.error}`) }, values, at: Date.now() };
  }
  redirect(landingFor(result));
}

/** Known and unknown addresses land on the same page; only the rate limit answers differently. */
function landingFor(result: LinkRequestResult): string {
  return result.outcome === "limited" ? RATE_LIMITED_PATH : CHECK_EMAIL_PATH;
}

/**
 * Step-up: a fresh link to the signed-in person's own address, back to where they were. The person is
 * known, so the answer can say plainly that the link went to their address (shown masked on the
 * step-up page), instead of the sign-in form's "if we know this address" text.
 */
export async function requestStepUpAction(formData: FormData): Promise<void> {
  const actor = await getActor();
  if (actor?.kind !== "person") return;
  const next = String(formData.get("next") ?? "");
  let answer: Awaited<ReturnType<typeof requestStepUpLink>> | undefined;
  await runPlainForm(
    "step-up",
    () => "/step-up",
    async () => {
      answer = await requestStepUpLink(actor, next, linkRequestFrom(await headers()));
    },
  );
  if (!answer || answer.outcome === "no_address") return;
  if (answer.outcome === "invalid") redirect("/sign-in");
  const back = new URLSearchParams({ next: answer.target, link: answer.outcome });
  redirect(`/step-up?${back.toString()}`);
}
