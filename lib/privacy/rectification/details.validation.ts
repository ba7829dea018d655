// The details forms' schemas: the forms check with these in the browser (loaded on the first submit)
// and the server use-case parses with the same schemas. Messages are error codes; the text is in messages/<locale>/details.json (errors.*),
// so the person reads it in their own language. Written with zod/mini, whose functions are shaken out
// of the browser's bundle when unused (docs/decisions/0012-client-javascript-budget.md).
import * as z from "zod/mini";
import { emailSchema } from "@/lib/auth/sign-in.validation";
import { birthDateOf, normalisePersonnummer, parseOrgNumber } from "@/lib/validation/personnummer";
import { checkPhone } from "@/lib/validation/phone";
import { normalisePostcode } from "@/lib/validation/postcode";

export const SECTIONS = ["name", "billing", "delivery", "phone", "company", "language"] as const;
export type DetailsSection = (typeof SECTIONS)[number];

/** The form fields of each section, in the order the page shows them. */
export const SECTION_FIELDS = {
  name: ["firstName", "lastName"],
  billing: ["billingStreet", "billingPostcode", "billingCity", "billingCountry"],
  delivery: ["deliveryStreet", "deliveryPostcode", "deliveryCity", "deliveryCountry"],
  phone: ["phone"],
  company: ["companyName", "orgNumber", "contactPerson"],
  language: ["language"],
} as const satisfies Record<DetailsSection, readonly string[]>;

// EU/EEA, the Nordic neighbours and the countries customers most often ship to. Names come from
// Intl.DisplayNames in the person's language.
export const COUNTRIES = [
  "SE",
  "NO",
  "DK",
  "FI",
  "IS",
  "AT",
  "BE",
  "BG",
  "CH",
  "CY",
  "CZ",
  "DE",
  "EE",
  "ES",
  "FR",
  "GB",
  "GR",
  "HR",
  "HU",
  "IE",
  "IT",
  "LI",
  "LT",
  "LU",
  "LV",
  "MT",
  "NL",
  "PL",
  "PT",
  "RO",
  "SI",
  "SK",
  "US",
] as const;

const NAME_CHARS = /^[\p{L}\p{M}'’ .\-]*$/u;
const NO_CONTROL = /^[^\p{Cc}<>]*$/u;

const personName = z
  .string({ error: "name_invalid" })
  .check(z.trim(), z.maxLength(100, "name_too_long"), z.regex(NAME_CHARS, "name_invalid"));

// ---------------------------------------------------------------- name

export const nameInput = z.object({ firstName: personName, lastName: personName });

// ---------------------------------------------------------------- addresses

type AddressParts = { street: string; postcode: string; city: string; country: string };

const street = z
  .string({ error: "street_invalid" })
  .check(z.trim(), z.maxLength(200, "street_too_long"), z.regex(NO_CONTROL, "street_invalid"));
const city = z
  .string({ error: "city_invalid" })
  .check(z.trim(), z.maxLength(100, "city_too_long"), z.regex(NAME_CHARS, "city_invalid"));
const postcode = z.string({ error: "postcode_invalid" }).check(z.trim(), z.maxLength(20, "postcode_invalid"));
const country = z.enum(COUNTRIES, { error: "country_invalid" });

/** An address is either complete or empty (removed); the postcode is checked for its country. */
function checkAddress(
  a: AddressParts,
  names: Record<keyof AddressParts, string>,
  ctx: z.core.$RefinementCtx,
) {
  if (!a.street && !a.postcode && !a.city) return;
  if (!a.street) ctx.addIssue({ code: "custom", path: [names.street], message: "street_required" });
  if (!a.city) ctx.addIssue({ code: "custom", path: [names.city], message: "city_required" });
  if (!a.postcode) ctx.addIssue({ code: "custom", path: [names.postcode], message: "postcode_required" });
  else if (!normalisePostcode(a.postcode, a.country))
    ctx.addIssue({
      code: "custom",
      path: [names.postcode],
      message: a.country === "SE" ? "postcode_invalid_se" : "postcode_invalid",
    });
}

function normaliseAddress(a: AddressParts) {
  const empty = !a.street && !a.postcode && !a.city;
  return {
    street: empty ? null : a.street,
    postcode: empty ? null : normalisePostcode(a.postcode, a.country),
    city: empty ? null : a.city,
    country: empty ? null : a.country,
  };
}

/** A billing or delivery address: its four fields, named by the prefix, checked and normalised together. */
function addressInput<P extends "billing" | "delivery">(prefix: P) {
  type Names = { [K in keyof AddressParts]: `${P}${Capitalize<K>}` };
  const names = {
    street: `${prefix}Street`,
    postcode: `${prefix}Postcode`,
    city: `${prefix}City`,
    country: `${prefix}Country`,
  } as Names;
  const shape = {
    [names.street]: street,
    [names.postcode]: postcode,
    [names.city]: city,
    [names.country]: country,
  } as { [K in keyof AddressParts as Names[K]]: K extends "country" ? typeof country : typeof street };
  const partsOf = (input: object): AddressParts => {
    const v = input as Record<string, string>;
    return {
      street: v[names.street]!,
      postcode: v[names.postcode]!,
      city: v[names.city]!,
      country: v[names.country]!,
    };
  };
  return z.pipe(
    z.object(shape).check(z.superRefine((v, ctx) => checkAddress(partsOf(v), names, ctx))),
    z.transform((v) => {
      const a = normaliseAddress(partsOf(v));
      return {
        [names.street]: a.street,
        [names.postcode]: a.postcode,
        [names.city]: a.city,
        [names.country]: a.country,
      } as { [K in keyof AddressParts as Names[K]]: ReturnType<typeof normaliseAddress>[K] };
    }),
  );
}

export const billingInput = addressInput("billing");

export const deliveryInput = addressInput("delivery");

// ---------------------------------------------------------------- phone

export const phoneInput = z.object({
  phone: z.pipe(
    z.string({ error: "phone_invalid" }).check(
      z.trim(),
      z.maxLength(40, "phone_too_long"),
      z.superRefine((v: string, ctx) => {
        if (!v) return; // empty: the number is removed
        const r = checkPhone(v);
        if (!r.ok) ctx.addIssue({ code: "custom", message: r.error });
      }),
    ),
    z.transform((v) => {
      const r = v ? checkPhone(v) : null;
      return r && r.ok ? r.value : null;
    }),
  ),
});

// ---------------------------------------------------------------- company

export const companyInput = z.pipe(
  z
    .object({
      companyName: z
        .string({ error: "company_name_invalid" })
        .check(
          z.trim(),
          z.maxLength(200, "company_name_too_long"),
          z.regex(NO_CONTROL, "company_name_invalid"),
        ),
      // Empty keeps a sole trader's number (which is never shown in full, so cannot be prefilled).
      orgNumber: z
        .string({ error: "org_number_invalid" })
        .check(z.trim(), z.maxLength(20, "org_number_invalid")),
      contactPerson: personName,
    })
    .check(
      z.superRefine((v, ctx) => {
        if (v.orgNumber && !parseOrgNumber(v.orgNumber))
          ctx.addIssue({ code: "custom", path: ["orgNumber"], message: "org_number_invalid" });
        if (!v.companyName && (v.orgNumber || v.contactPerson))
          ctx.addIssue({ code: "custom", path: ["companyName"], message: "company_name_required" });
      }),
    ),
  z.transform((v) => ({
    companyName: v.companyName || null,
    orgNumber: v.orgNumber ? parseOrgNumber(v.orgNumber) : null,
    contactPerson: v.contactPerson || null,
  })),
);

// ---------------------------------------------------------------- language

export const LANGUAGES = ["sv", "en"] as const;
export const languageInput = z.object({ language: z.enum(LANGUAGES, { error: "language_invalid" }) });

export const SECTION_SCHEMAS = {
  name: nameInput,
  billing: billingInput,
  delivery: deliveryInput,
  phone: phoneInput,
  company: companyInput,
  language: languageInput,
} as const;

export type NameInput = z.output<typeof nameInput>;
export type BillingInput = z.output<typeof billingInput>;
export type DeliveryInput = z.output<typeof deliveryInput>;
export type PhoneInput = z.output<typeof phoneInput>;
export type CompanyInput = z.output<typeof companyInput>;
export type LanguageInput = z.output<typeof languageInput>;

export type CorrectDetailsInput =
  | ({ section: "name" } & NameInput)
  | ({ section: "billing" } & BillingInput)
  | ({ section: "delivery" } & DeliveryInput)
  | ({ section: "phone" } & PhoneInput)
  | ({ section: "company" } & CompanyInput)
  | ({ section: "language" } & LanguageInput);

export type FieldErrors = Record<string, string>;
export type ParseResult<T> = { ok: true; data: T } | { ok: false; fieldErrors: FieldErrors };

const sectionInput = z.object({ section: z.enum(SECTIONS) });

/** The server's parse: which section, then that section's own schema (the one the form used). */
export function parseCorrectDetails(raw: unknown): ParseResult<CorrectDetailsInput> {
  const s = sectionInput.safeParse(raw);
  if (!s.success) return { ok: false, fieldErrors: { section: "section_invalid" } };
  const section = s.data.section;
  const parsed = SECTION_SCHEMAS[section].safeParse(raw);
  if (!parsed.success) return { ok: false, fieldErrors: fieldErrorsOf(parsed.error) };
  return { ok: true, data: { section, ...parsed.data } as CorrectDetailsInput };
}

// ---------------------------------------------------------------- email change

export const emailChangeInput = z.object({ newEmail: emailSchema });
export type EmailChangeInput = z.output<typeof emailChangeInput>;

// ---------------------------------------------------------------- identity correction

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

export const identityCorrectionInput = z.pipe(
  z
    .object({
      dateOfBirth: z.string({ error: "date_invalid" }).check(z.trim(), z.maxLength(10, "date_invalid")),
      personnummer: z
        .string({ error: "personnummer_invalid" })
        .check(z.trim(), z.maxLength(20, "personnummer_invalid")),
      note: z
        .string({ error: "note_too_long" })
        .check(z.trim(), z.maxLength(1000, "note_too_long"), z.regex(NO_CONTROL, "note_invalid")),
    })
    .check(
      z.superRefine((v, ctx) => {
        if (!v.dateOfBirth && !v.personnummer) {
          ctx.addIssue({ code: "custom", path: ["personnummer"], message: "identity_nothing_asked" });
          return;
        }
        const dob = v.dateOfBirth ? validDate(v.dateOfBirth) : null;
        if (v.dateOfBirth && !dob)
          ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "date_invalid" });
        const pnr = v.personnummer ? normalisePersonnummer(v.personnummer) : null;
        if (v.personnummer && !pnr)
          ctx.addIssue({ code: "custom", path: ["personnummer"], message: "personnummer_invalid" });
        if (dob && pnr && birthDateOf(pnr) !== dob)
          ctx.addIssue({ code: "custom", path: ["dateOfBirth"], message: "date_mismatch" });
      }),
    ),
  z.transform((v) => ({
    dateOfBirth: v.dateOfBirth ? validDate(v.dateOfBirth) : null,
    personnummer: v.personnummer ? normalisePersonnummer(v.personnummer) : null,
    note: v.note || null,
  })),
);
export type IdentityCorrectionInput = z.output<typeof identityCorrectionInput>;

export const identityDecisionInput = z
  .object({
    requestId: z.string().check(z.minLength(1), z.maxLength(64)),
    decision: z.enum(["confirm", "decline"], { error: "decision_invalid" }),
    reason: z.optional(z.string().check(z.trim(), z.maxLength(2000, "reason_too_long"))),
  })
  .check(
    z.superRefine((v, ctx) => {
      if (v.decision === "decline" && !v.reason)
        ctx.addIssue({ code: "custom", path: ["reason"], message: "reason_required" });
    }),
  );

/** The first error code per field, keyed by the field's name. */
export function fieldErrorsOf(error: z.core.$ZodError): FieldErrors {
  const out: FieldErrors = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "form");
    out[key] ??= issue.message;
  }
  return out;
}

/** YYYY-MM-DD for a real calendar date between 1900 and today, else null. */
function validDate(value: string): string | null {
  if (!ISO_DATE.test(value)) return null;
  const d = new Date(`${value}T00:00:00.000Z`);
  if (Number.isNaN(d.getTime()) || d.toISOString().slice(0, 10) !== value) return null;
  if (d.getUTCFullYear() < 1900 || d.getTime() > Date.now()) return null;
  return value;
}
