"use server";

// Thin actions over the rectification use-cases: read the form, take the actor from the session,
// call one use-case, answer with a typed state. The person's id never comes from the form; the
// use-cases parse with the same schemas as the forms.
import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getLocale } from "next-intl/server";
import { getActor, systemActor } from "@/lib/auth/actor";
import { attempt, outcomeOf, type Failure, type Problem } from "@/lib/http/action";
import { isLocale, localeOf, LOCALE_COOKIE, type Locale } from "@/lib/i18n/config";
import { correctDetails } from "@/lib/privacy/rectification/correct-details";
import { requestEmailChange } from "@/lib/privacy/rectification/request-email-change";
import { confirmEmailChange } from "@/lib/privacy/rectification/confirm-email-change";
import { requestIdentityCorrection } from "@/lib/privacy/rectification/request-identity-correction";
import { recipientName } from "@/lib/datamap/recipient-name";
import { toldBy } from "@/lib/connectors/configured";
import {
  SECTION_FIELDS,
  SECTIONS,
  type DetailsSection,
} from "@/lib/privacy/rectification/details.validation";

/** What the forms explain: an error code, or "failed" (lib/http/action.ts). */
export type FormError = Problem;

export type DetailsFormState = {
  section?: DetailsSection;
  result?: "saved" | "unchanged";
  told?: { name: string; how: "connector" | "staff_task" }[];
  /** Saved: the values as now stored. Refused: what was typed, so nothing is lost. */
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  error?: FormError;
  at?: number;
};

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
  if (!attempted.ok) return { section, values, ...formFailure(attempted), at: Date.now() };
  const r = attempted.value;
  const locale = await currentLocale();
  if (r.section === "language" && r.changed.length > 0 && actor?.kind === "person") {
    await rememberLanguage(r.values.language);
  }
  revalidatePath("/details");
  if (r.section === "language") revalidatePath("/", "layout");
  return {
    section: r.section,
    result: r.changed.length > 0 ? "saved" : "unchanged",
    // "Automatically" only while the connector is really connected; otherwise staff tell them.
    told: r.told.map((t) => ({
      // The stored name: an admin's rename is what the person reads.
      name: recipientName(t.recipientKey, locale, t.storedName),
      how: toldBy(t.how) === "automatic" ? ("connector" as const) : ("staff_task" as const),
    })),
    values: r.values,
    at: Date.now(),
  };
}

export type EmailChangeFormState = {
  result?: "sent";
  values?: { newEmail: string };
  fieldErrors?: Record<string, string>;
  error?: FormError;
  at?: number;
};

export async function requestEmailChangeAction(
  _prev: EmailChangeFormState,
  formData: FormData,
): Promise<EmailChangeFormState> {
  const values = { newEmail: String(formData.get("newEmail") ?? "") };
  // A sign-in older than the step-up window: a fresh link first, then back here.
  const r = await attempt("email-change", async () => requestEmailChange(await getActor(), values), {
    stepUp: "/details",
  });
  if (!r.ok) return { values, ...formFailure(r), at: Date.now() };
  revalidatePath("/details");
  return { result: "sent", values: { newEmail: "" }, at: Date.now() };
}

export type IdentityCorrectionFormState = {
  result?: "requested";
  values?: Record<string, string>;
  fieldErrors?: Record<string, string>;
  error?: FormError;
  at?: number;
};

export async function requestIdentityCorrectionAction(
  _prev: IdentityCorrectionFormState,
  formData: FormData,
): Promise<IdentityCorrectionFormState> {
  const values = {
    dateOfBirth: String(formData.get("dateOfBirth") ?? ""),
    personnummer: String(formData.get("personnummer") ?? ""),
    note: String(formData.get("note") ?? ""),
  };
  const r = await attempt("identity-correction", async () =>
    requestIdentityCorrection(await getActor(), values),
  );
  if (!r.ok) return { values, ...formFailure(r), at: Date.now() };
  revalidatePath("/details");
  revalidatePath("/requests");
  return { result: "requested", values: { dateOfBirth: "", personnummer: "", note: "" }, at: Date.now() };
}

/** The button on the confirmation page (no session needed: the emailed token is the proof). */
export async function confirmEmailChangeAction(formData: FormData): Promise<void> {
  const token = String(formData.get("token") ?? "");
  const outcome = await outcomeOf(
    "email-change",
    () => confirmEmailChange(systemActor("email-change-link"), token),
    (r) => (r.status === "confirmed" ? "confirmed" : "already"),
    { expired: "expired", conflict: "taken" },
    "invalid",
  );
  revalidatePath("/details");
  redirect(`/confirm-email?result=${outcome}`);
}

/** The form's part of a failure: the code, and the field errors of invalid input. */
function formFailure(f: Failure): { error: FormError; fieldErrors?: Record<string, string> } {
  return f.fieldErrors ? { error: f.error, fieldErrors: f.fieldErrors } : { error: f.error };
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
