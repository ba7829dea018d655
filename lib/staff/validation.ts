// The zod schemas of the staff console's forms, shared by the server actions (field errors) and the
// use-cases (which parse again: they are called by other code too). Messages are error codes,
// translated in messages/<locale>/staffconsole.json under "errors".
import { z } from "zod";
import { stockholmDay } from "../privacy/legal-clock";

const id = z.string().trim().min(1, "invalid").max(64, "invalid");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .optional()
    .transform((v) => (v ? v : undefined));

/** A real calendar date as YYYY-MM-DD. */
export const isoDate = z
  .string()
  .trim()
  .regex(/^\d{4}-\d{2}-\d{2}$/, "date_invalid")
  .refine((v) => {
    const d = new Date(`${v}T12:00:00Z`);
    return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(v) && v >= "1900-01-01";
  }, "date_invalid");

export const REQUEST_TYPES = [
  "copy",
  "further_copy",
  "correction",
  "deletion",
  "objection",
  "restriction",
] as const;
export const INTAKE_CHANNELS = ["email", "phone", "letter"] as const;

export const intakeInput = z.object({
  personId: id,
  type: z.enum(REQUEST_TYPES, { error: "type_invalid" }),
  channel: z.enum(INTAKE_CHANNELS, { error: "channel_invalid" }),
  receivedDate: isoDate
    .refine((v) => v <= stockholmDay(new Date()), "date_in_future")
    .refine((v) => v >= "2000-01-01", "date_invalid"),
  details: optionalText(2000),
});
export type IntakeInput = z.infer<typeof intakeInput>;

export const extendInput = z.object({
  requestId: id,
  months: z.coerce
    .number({ error: "months_invalid" })
    .int("months_invalid")
    .min(1, "months_invalid")
    .max(2, "months_invalid"),
  reason: z.string().trim().min(10, "reason_too_short").max(1000, "too_long"),
});
export type ExtendInput = z.infer<typeof extendInput>;

export const REFUSAL_GROUNDS = ["manifestly_unfounded", "excessive"] as const;

export const refuseInput = z.object({
  requestId: id,
  reason: z.string().trim().min(10, "reason_too_short").max(2000, "too_long"),
  ground: z.enum(REFUSAL_GROUNDS, { error: "ground_invalid" }).optional(),
});
export type RefuseInput = z.infer<typeof refuseInput>;

export const copyDecisionInput = z.discriminatedUnion(
  "decision",
  [
    z.object({ requestId: id, decision: z.literal("free") }),
    z.object({
      requestId: id,
      decision: z.literal("fee"),
      // Kronor as typed ("150" or "150,50"), stored in öre.
      feeSek: z
        .string()
        .trim()
        .regex(/^\d{1,5}([.,]\d{1,2})?$/, "fee_invalid")
        .transform((v) => Math.round(Number(v.replace(",", ".")) * 100))
        .refine((ore) => ore > 0 && ore <= 1_000_000, "fee_invalid"),
      basis: z.string().trim().min(10, "basis_too_short").max(1000, "too_long"),
    }),
    z.object({
      requestId: id,
      decision: z.literal("refuse"),
      ground: z.enum(REFUSAL_GROUNDS, { error: "ground_invalid" }),
      reason: z.string().trim().min(10, "reason_too_short").max(2000, "too_long"),
    }),
  ],
  { error: "decision_invalid" },
);
export type CopyDecisionInput = z.input<typeof copyDecisionInput>;

export const noteInput = z.object({
  requestId: id,
  text: z.string().trim().min(1, "note_required").max(2000, "too_long"),
});

export const assignInput = z.object({
  requestId: id,
  staffMemberId: z
    .string()
    .trim()
    .max(64, "invalid")
    .transform((v) => (v ? v : null)),
});

export const resolveInput = z.object({ requestId: id, note: optionalText(1000) });

export const taskDoneInput = z.object({ taskId: id, note: optionalText(1000) });

export const RESTRICTION_GROUNDS = [
  "accuracy_contested",
  "unlawful_processing",
  "legal_claims",
  "objection_pending",
] as const;

/** The person's own form: a restriction (Art. 18) or an objection (Art. 21(1)). */
export const personRequestInput = z.discriminatedUnion(
  "type",
  [
    z.object({
      type: z.literal("restriction"),
      ground: z.enum(RESTRICTION_GROUNDS, { error: "ground_required" }),
      details: optionalText(2000),
    }),
    z.object({
      type: z.literal("objection"),
      details: z.string().trim().min(10, "details_too_short").max(2000, "too_long"),
    }),
  ],
  { error: "type_invalid" },
);
export type PersonRequestInput = z.infer<typeof personRequestInput>;

export const liftInput = z.object({
  personId: id,
  reason: z.string().trim().min(10, "reason_too_short").max(1000, "too_long"),
});

/** Control characters (a NUL above all, which PostgreSQL cannot store) are never typed text. */
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;
const plainText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .refine((v) => !CONTROL.test(v), "invalid");

export const searchInput = plainText(200).pipe(z.string().min(2, "query_too_short"));

export const auditFilterInput = z.object({
  action: plainText(100).optional(),
  personId: plainText(64).optional(),
  from: isoDate.optional(),
  to: isoDate.optional(),
  before: z
    .string()
    .regex(/^\d{1,19}$/)
    .optional(),
});
export type AuditFilter = z.infer<typeof auditFilterInput>;

/** Field errors from a zod error, one per field (the first), keyed by the field's name. */
export function fieldErrors(error: z.ZodError): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = String(issue.path[0] ?? "_form");
    out[key] ??= issue.message;
  }
  return out;
}
