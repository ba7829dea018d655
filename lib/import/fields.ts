// Field schemas shared by every record type. Messages are plain English for the report; they name
// the rule, never the value (the report must not repeat personal data).
import { z } from "zod";
import { normaliseEmail } from "../auth/people";
import { normalisePersonnummer } from "../validation/personnummer";

/** A required text, trimmed. */
export const text = (max: number) =>
  z
    .string({ error: "required (text)" })
    .trim()
    .min(1, "must not be empty")
    .max(max, `at most ${max} characters`);

/** An optional text: absent, null or "" means "not given" (the stored value is kept). */
export const optText = (max: number) =>
  z
    .string({ error: "must be text" })
    .trim()
    .max(max, `at most ${max} characters`)
    .nullish()
    .transform((v) => (v ? v : undefined));

/** An optional value: absent or null means "not given". */
export const opt = <T extends z.ZodType>(schema: T) => schema.nullish().transform((v) => v ?? undefined);

/** A text, trimmed and read by `read`, which gives null for a text it cannot read: `message` says why. */
export function readText<T>(read: (text: string) => T | null, message: string) {
  return z
    .string({ error: "must be text" })
    .trim()
    .transform((v, ctx) => {
      const value = read(v);
      if (value === null) {
        ctx.addIssue({ code: "custom", message });
        return z.NEVER;
      }
      return value;
    });
}

/** An external id from the source system: printable, no spaces. */
export const externalId = z
  .string({ error: "required (text)" })
  .trim()
  .min(1, "must not be empty")
  .max(100, "at most 100 characters")
  .regex(/^[\x21-\x7e]+$/, "only printable ASCII characters without spaces")
  .describe("The source system's stable id: decides whether a record is created or updated.");

export const int = (min: number, max: number) =>
  z
    .number({ error: "must be a whole number" })
    .int("must be a whole number")
    .min(min, `at least ${min}`)
    .max(max, `at most ${max}`);

/**
 * Amounts in öre (hundredths of a krona): a whole number, so no rounding ever happens. The columns
 * are 32-bit: up to 21 474 836,47 kr either way (negative for credit notes and refunds).
 */
export const ore = int(-2_147_483_647, 2_147_483_647).describe(
  "An amount in öre (1/100 SEK): 14880 = 148,80 kr.",
);

export const currency = z
  .string({ error: "must be text" })
  .regex(/^[A-Z]{3}$/, "a three-letter ISO 4217 code such as SEK")
  .nullish()
  .transform((v) => v ?? "SEK");

/** An ISO 8601 timestamp with a time zone (2026-03-01T10:15:00+01:00) or a date (2026-03-01, UTC). */
export const timestamp = z
  .union([z.iso.datetime({ offset: true }), z.iso.date()], {
    error: "an ISO 8601 date or timestamp with a time zone, e.g. 2026-03-01T10:15:00+01:00",
  })
  .transform((v) => new Date(v))
  .describe("ISO 8601 with a time zone (2026-03-01T10:15:00+01:00) or a date (2026-03-01, UTC).");

export const optTimestamp = timestamp.nullish().transform((v) => v ?? undefined);

/** Lowercased and trimmed the same way sign-in does, so an imported person can sign in at once. */
export const email = z
  .string({ error: "required (email address)" })
  .trim()
  .min(1, "must not be empty")
  .max(254, "at most 254 characters")
  .pipe(z.email("not a valid email address"))
  .transform(normaliseEmail)
  .describe("An email address; stored trimmed and lowercased.");

export const optEmail = email.nullish().transform((v) => v ?? undefined);

/** YYYYMMDD-NNNN after validation (date and Luhn checksum). */
export const personnummer = readText(
  normalisePersonnummer,
  "not a valid personnummer (format YYYYMMDD-NNNN; the date or the checksum is wrong)",
).describe("Swedish personnummer, YYYYMMDD-NNNN (checksum checked); stored only encrypted.");

/**
 * A phone number, stored as +<country><number>. Swedish numbers may be written 070-174 06 05: a
 * leading 0 becomes +46, a leading 00 becomes +.
 */
export const phone = readText((v) => {
  const compact = v.replace(/[\s().-]/g, "");
  const intl = compact.startsWith("+")
    ? compact
    : compact.startsWith("00")
      ? `+${compact.slice(2)}`
      : compact.startsWith("0")
        ? `+46${compact.slice(1)}`
        : null;
  return intl && /^\+[1-9]\d{6,14}$/.test(intl) ? intl : null;
}, "not a valid phone number (e.g. +46701740605 or 070-174 06 05)");

export const country = z
  .string({ error: "must be text" })
  .trim()
  .toUpperCase()
  .regex(/^[A-Z]{2}$/, "a two-letter ISO 3166 country code such as SE");

/** How a record names its person: the source's customer id, or else the email address. */
export const personRef = {
  customerExternalId: externalId.optional(),
  customerEmail: optEmail,
};

export type PersonRefFields = { customerExternalId?: string; customerEmail?: string };

export function refineRef(value: PersonRefFields, ctx: z.RefinementCtx): void {
  if (!value.customerExternalId && !value.customerEmail) {
    ctx.addIssue({
      code: "custom",
      path: ["customerExternalId"],
      message: "give customerExternalId or customerEmail",
    });
  }
}

/** "email:news" style key of a person reference, for batching and reports. */
export function refKey(value: PersonRefFields): string {
  return value.customerExternalId ? `ext:${value.customerExternalId}` : `email:${value.customerEmail}`;
}

/** Zod issues as report errors: the path joined with dots, the message (no values). */
export function issuesOf(error: z.ZodError): { field: string; message: string }[] {
  return error.issues.map((i) => ({
    field: i.path.length > 0 ? i.path.map(String).join(".") : "(record)",
    message: i.message,
  }));
}
