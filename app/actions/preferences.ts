"use server";

// Thin actions over the consent use-cases: parse, take the actor from the session, call one use-case,
// answer with a typed state. Person ids never come from the form.
import { confirmFromLink } from "@/app/_forms/confirm-link";
import { revalidatePath } from "next/cache";
import { getActor, systemActor } from "@/lib/auth/actor";
import { attempt, failureState, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";
import { savePreferences, withdrawAll } from "@/lib/consent/save-preferences";
import { objectToMarketing } from "@/lib/consent/object-to-marketing";
import { confirmOptIn } from "@/lib/consent/confirm-opt-in";
import { wantedFromForm } from "@/lib/consent/preferences.validation";

type Result = "saved" | "saved_confirm" | "unchanged" | "withdrawn" | "nothing_on" | "objected";

export async function savePreferencesAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return run(async () => {
    const r = await savePreferences(await getActor(), { wanted: wantedFromForm(formData) });
    return r.confirmationSent ? "saved_confirm" : r.changed > 0 ? "saved" : "unchanged";
  });
}

export async function withdrawAllAction(_prev: FormState): Promise<FormState> {
  return run(async () => ((await withdrawAll(await getActor())).changed > 0 ? "withdrawn" : "nothing_on"));
}

export async function objectToMarketingAction(_prev: FormState): Promise<FormState> {
  return run(async () => {
    await objectToMarketing(await getActor());
    return "objected";
  });
}

/** The button on the confirmation page (no session needed: the emailed token is the proof). */
export async function confirmOptInAction(formData: FormData): Promise<void> {
  await confirmFromLink(String(formData.get("token") ?? ""), {
    area: "opt-in",
    page: "/confirm-subscription",
    confirm: (token) => confirmOptIn(systemActor("opt-in-link"), token),
    ok: (r) => (r.status === "confirmed" ? "confirmed" : "already"),
    words: { expired: "expired" },
    refresh: "/preferences",
  });
}

/** Runs the work and answers with its result's text (`preferences.results.<result>`) or the failure's. */
async function run(work: () => Promise<Result>): Promise<FormState> {
  const r = await attempt("preferences", work, { stepUp: "/preferences" });
  if (!r.ok) return failureState(r, {}, "preferences");
  revalidatePath("/preferences");
  return { ok: (await serverTranslator("preferences"))(`results.${r.value}`), at: Date.now() };
}
