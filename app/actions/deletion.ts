"use server";

// Thin actions over the deletion use-cases: parse, take the actor from the session, call one use-case,
// answer with a typed state. The person id never comes from the form; the request id only says which
// of the person's own requests, and the use-case checks that it is theirs.
import { revalidatePath } from "next/cache";
import { getActor } from "@/lib/auth/actor";
import { cancelDeletion, requestDeletion } from "@/lib/erasure/request";
import { cancelDeletionInput, requestDeletionInput } from "@/lib/erasure/deletion.validation";
import { getLocale, getTimeZone } from "next-intl/server";
import { attempt, failureState, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";

export async function requestDeletionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const t = await serverTranslator("deletion");
  const parsed = requestDeletionInput.safeParse({ confirm: formData.get("confirm") === "on" });
  if (!parsed.success) return { fieldErrors: { confirm: t("errors.confirm_required") }, at: Date.now() };
  const r = await attempt("deletion", async () => requestDeletion(await getActor(), parsed.data), {
    stepUp: "/deletion",
  });
  if (!r.ok) {
    const confirm = r.fieldErrors?.confirm;
    if (confirm) {
      const text = t.has(`errors.${confirm}`) ? t(`errors.${confirm}`) : t("errors.confirm_required");
      return { fieldErrors: { confirm: text }, at: Date.now() };
    }
    return failureState(r, {}, "deletion");
  }
  revalidatePath("/deletion");
  revalidatePath("/requests");
  const endsAt = r.value.coolingOffEndsAt;
  return {
    ok:
      !r.value.existing && endsAt
        ? t("results.started", { endsAt: await longDateTime(endsAt) })
        : t("results.existing"),
    at: Date.now(),
  };
}

export async function cancelDeletionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = cancelDeletionInput.safeParse({ requestId: formData.get("requestId") ?? "" });
  if (!parsed.success) return failureState({ error: "invalid_input" }, {}, "deletion");
  const r = await attempt("deletion", async () => cancelDeletion(await getActor(), parsed.data));
  if (!r.ok) return failureState(r, {}, "deletion");
  revalidatePath("/deletion");
  revalidatePath("/requests");
  return { ok: (await serverTranslator("deletion"))("results.cancelled"), at: Date.now() };
}

/** An instant as the person reads it: their language, the portal's time zone. */
async function longDateTime(at: Date): Promise<string> {
  return new Intl.DateTimeFormat(await getLocale(), {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: await getTimeZone(),
  }).format(at);
}
