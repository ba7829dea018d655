"use server";

// Thin actions over lib/newsletter/send-newsletter.ts: parse the form, take the actor from the
// session, call one use-case, answer with texts translated on the server. The preview hands out the
// send key; sending with the same key twice (a double-click) sends once.
import { randomUUID } from "node:crypto";
import { revalidatePath } from "next/cache";
import { getLocale, getTranslations } from "next-intl/server";
import { getActor } from "@/lib/auth/actor";
import { attempt, failureState, formValues, type FormState } from "@/lib/http/action";
import { fieldErrors } from "@/lib/staff/validation";
import { previewNewsletter, sendNewsletter } from "@/lib/newsletter/send-newsletter";
import { newsletterInput, sendNewsletterInput } from "@/lib/newsletter/newsletter.validation";

export type NewsletterPreviewState = {
  subject: string;
  text: string;
};

/** The staff console's form answer, with the preview the send form carries on. */
export type NewsletterFormState = FormState & {
  preview?: {
    reachText: string;
    sendLabel: string;
    sendKey: string;
    sv: NewsletterPreviewState;
    en: NewsletterPreviewState;
  };
};

const FIELDS = ["topic", "subjectSv", "bodySv", "subjectEn", "bodyEn"] as const;

export async function previewNewsletterAction(
  _prev: NewsletterFormState,
  formData: FormData,
): Promise<NewsletterFormState> {
  const t = await getTranslations("newsletter");
  const values = pick(formValues(formData));
  const parsed = newsletterInput.safeParse(values);
  if (!parsed.success) return invalid(t, parsed.error, values);
  const r = await attempt("newsletter", async () => previewNewsletter(await getActor(), parsed.data));
  if (!r.ok) return failureState(r, values, "newsletter");
  const preview = r.value;
  const topic = (await getLocale()) === "en" ? preview.topicName.en : preview.topicName.sv;
  return {
    values,
    at: Date.now(),
    preview: {
      reachText: t("previewReach", { count: preview.reach, topic }),
      sendLabel: t("sendButton", { count: preview.reach }),
      sendKey: randomUUID(),
      sv: { subject: preview.sv.subject, text: preview.sv.text },
      en: { subject: preview.en.subject, text: preview.en.text },
    },
  };
}

export async function sendNewsletterAction(
  _prev: NewsletterFormState,
  formData: FormData,
): Promise<NewsletterFormState> {
  const t = await getTranslations("newsletter");
  const all = formValues(formData);
  const values = pick(all);
  const parsed = sendNewsletterInput.safeParse({ ...values, sendKey: all.sendKey ?? "" });
  if (!parsed.success) return invalid(t, parsed.error, values);
  const r = await attempt("newsletter", async () => sendNewsletter(await getActor(), parsed.data));
  if (!r.ok) return failureState(r, values, "newsletter");
  const result = r.value;
  revalidatePath("/staff/newsletter");
  const ok = result.duplicate
    ? t("sentAlready")
    : result.expected === 0
      ? t("sentNobody")
      : t("sent", { count: result.expected });
  return { ok, at: Date.now() };
}

type T = Awaited<ReturnType<typeof getTranslations<"newsletter">>>;

function pick(all: Record<string, string>): Record<string, string> {
  return Object.fromEntries(FIELDS.map((k) => [k, all[k] ?? ""]));
}

function message(t: T, code: string): string {
  const key = `errors.${code}`;
  return t.has(key as never) ? t(key as never) : t("errors.failed");
}

function invalid(
  t: T,
  error: Parameters<typeof fieldErrors>[0],
  values: Record<string, string>,
): NewsletterFormState {
  const codes = fieldErrors(error);
  const errors = Object.fromEntries(Object.entries(codes).map(([k, code]) => [k, message(t, code)]));
  // Only the send key is wrong: the form's own fields are fine, so say what to do.
  const onlyKey = Object.keys(codes).every((k) => k === "sendKey");
  return {
    fieldErrors: errors,
    error: onlyKey ? message(t, "send_key_invalid") : t("errors.checkFields"),
    values,
    at: Date.now(),
  };
}
