"use server";

// Thin actions over the rectification use-cases: read the form, take the actor from the session,
// call one use-case, answer with a typed state. The person's id never comes from the form; the
// use-cases parse with the same schemas as the forms.
import { confirmFromLink } from "@/app/_forms/confirm-link";
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { getLocale } from "next-intl/server";
import { getActor, systemActor } from "@/lib/auth/actor";
import { attempt, failureState, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";
import { translator } from "@/lib/i18n/messages";
import { isLocale, localeOf, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { correctDetails } from "@/lib/privacy/rectification/correct-details";
import { requestEmailChange } from "@/lib/privacy/rectification/request-email-change";
import { confirmEmailChange } from "@/lib/privacy/rectification/confirm-email-change";
import { requestIdentityCorrection } from "@/lib/privacy/rectification/request-identity-correction";
import { recipientName } from "@/lib/datamap/recipient-name";
import { toldBy, toldHow } from "@/lib/connectors/configured";
import {
  SECTION_FIELDS,
  SECTIONS,
  type DetailsSection,
} from "@/lib/privacy/rectification/details.validation";

/** The answer of a section's form; `told` lists who was told of the change, in the person's words. */
export type DetailsFormState = FormState & { told?: { lead: string; lines: string[] } };

export async function saveDetailsAction(
  _prev: DetailsFormState,
  formData: FormData,
): Promise<DetailsFormState> {
  const sectionRaw = String(formData.get("section") ?? "");
  const section = (SECTIONS as readonly string[]).includes(sectionRaw)
    ? (sectionRaw as DetailsSection)
    : undefined;
  const values: Record<string, string> = {};
  for (const name of section ? SECTION_FIELDS[section] : []) values[name] = String(formData.get(name) ?? "");
  const actor = await getActor();
  const attempted = await attempt("details", () => correctDetails(actor, { section: sectionRaw, ...values }));
  if (!attempted.ok) return failureState(attempted, values, "details");
  const r = attempted.value;
  let locale = await currentLocale();
  if (r.section === "language" && r.changed.length > 0 && actor?.kind === "person") {
    await rememberLanguage(r.values.language);
    // The answer is read on the page as it is rendered again, in the language just chosen.
    if (isLocale(r.values.language)) locale = r.values.language;
  }
  revalidatePath("/details");
  if (r.section === "language") revalidatePath("/", "layout");
  const t = translator(locale, "details");
  return {
    ok: t(r.changed.length > 0 ? "results.saved" : "results.unchanged"),
    told:
      r.told.length > 0
        ? {
            lead: t("told.afterSave"),
            // "Automatically" only while the connector is really connected; otherwise staff tell them.
            // The stored name: an admin's rename is what the person reads.
            lines: r.told.map((told) => {
              const name = recipientName(told.recipientKey, locale, told.storedName);
              // A configured connector (WIX, Microsoft 365, PayPal) passes it on in a job: "being
              // corrected automatically".
              if (told.outcomeId && told.connector) {
                const pending = { connector: told.connector, status: "pending", reason: null, at: null };
                return `${name}: ${toldHow(pending, name, locale)}`;
              }
              return `${name}: ${toldBy(told.how) === "automatic" ? t("told.automatic") : t("told.staff")}`;
            }),
          }
        : undefined,
    values: r.values,
    at: Date.now(),
  };
}

export async function requestEmailChangeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const values = { newEmail: String(formData.get("newEmail") ?? "") };
  // A sign-in older than the step-up window: a fresh link first, then back here.
  const r = await attempt("email-change", async () => requestEmailChange(await getActor(), values), {
    stepUp: "/details",
  });
  if (!r.ok) return failureState(r, values, "details");
  revalidatePath("/details");
  return { ok: (await serverTranslator("details"))("email.sent"), values: { newEmail: "" }, at: Date.now() };
}

export async function requestIdentityCorrectionAction(
  _prev: FormState,
  formData: FormData,
): Promise<FormState> {
  const values = {
    dateOfBirth: String(formData.get("dateOfBirth") ?? ""),
    personnummer: String(formData.get("personnummer") ?? ""),
    note: String(formData.get("note") ?? ""),
  };
  const r = await attempt("identity-correction", async () =>
    requestIdentityCorrection(await getActor(), values),
  );
  // While a request is open the use-case refuses another (reason identity_correction_open).
  if (!r.ok) return failureState(r, values, "details");
  revalidatePath("/details");
  revalidatePath("/requests");
  return {
    ok: (await serverTranslator("details"))("identity.requested"),
    values: { dateOfBirth: "", personnummer: "", note: "" },
    at: Date.now(),
  };
}

/** The button on the confirmation page (no session needed: the emailed token is the proof). */
export async function confirmEmailChangeAction(formData: FormData): Promise<void> {
  await confirmFromLink(String(formData.get("token") ?? ""), {
    area: "email-change",
    page: "/confirm-email",
    confirm: (token) => confirmEmailChange(systemActor("email-change-link"), token),
    ok: (r) => (r.status === "confirmed" ? "confirmed" : "already"),
    words: { expired: "expired", conflict: "taken" },
    refresh: "/details",
  });
}

async function currentLocale(): Promise<Locale> {
  return localeOf(await getLocale());
}

async function rememberLanguage(language: string | undefined): Promise<void> {
  if (!isLocale(language)) return;
  const jar = await cookies();
  jar.set(LOCALE_COOKIE, language, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.PORTAL_MODE === "production",
    maxAge: 365 * 24 * 60 * 60,
  });
}
