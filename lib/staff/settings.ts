// Admin settings: the portal's numbers (cooling-off, link lifetime, rate limits, impersonation length,
// financial-year end, retention), consent topics and the data map (legal bases, automated decisions,
// retention, recipients' role, transfers and safeguards). Every value validated with zod; every save
// audited (keys and counts only). "To be confirmed" is stored as null: the portal never invents a basis.
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { z } from "zod";
import { db, type Tx } from "../db";
import { audit } from "../audit/append";
import type { AuditAction } from "../audit/actions";
import { LEGAL_HOLDS } from "../datamap/policy-map";
import { AppError } from "../errors";
import { getSettings, saveSettings, settingsSchema, type Settings } from "../settings";

export const LEGAL_BASES = ["consent", "contract", "legal_obligation", "legitimate_interest"] as const;
const TBC = "tbc";
const basisField = z.enum([...LEGAL_BASES, TBC], { error: "basis_invalid" });
const yesNoTbc = z.enum(["yes", "no", TBC], { error: "choice_invalid" });
const key = z.string().trim().min(1, "invalid").max(64, "invalid");
const text = (min: number, max: number) =>
  z
    .string()
    .trim()
    .min(min, min > 0 ? "required" : "invalid")
    .max(max, "too_long");
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, "too_long")
    .transform((v) => (v ? v : null));

export const SETTING_KEYS = Object.keys(settingsSchema.shape) as (keyof Settings)[];

/** The allowed range of a numeric setting, read from the schema itself. */
export function settingRange(k: keyof Settings): { min: number | null; max: number | null } | null {
  const s = settingsSchema.shape[k] as unknown as {
    minValue?: number | null;
    maxValue?: number | null;
    type?: string;
  };
  if (typeof s.minValue === "undefined" && typeof s.maxValue === "undefined") return null;
  return { min: s.minValue ?? null, max: s.maxValue ?? null };
}

/** Form values (strings) to settings: numbers for the numeric ones. Unknown keys are ignored. */
export function settingsFromForm(form: Record<string, string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of SETTING_KEYS) {
    const v = form[k];
    if (v === undefined) continue;
    out[k] = settingRange(k) ? (/^-?\d+$/.test(v.trim()) ? Number(v.trim()) : Number.NaN) : v.trim();
  }
  return out;
}

export const generalSettingsInput = settingsSchema.partial();

export const categoryInput = z
  .object({
    key,
    legalBasis: basisField,
    legalHold: z.enum(["none", ...Object.keys(LEGAL_HOLDS)] as [string, ...string[]], {
      error: "choice_invalid",
    }),
    automatedDecision: yesNoTbc,
    automatedLogicSv: optionalText(2000),
    automatedLogicEn: optionalText(2000),
    retentionSv: text(1, 500),
    retentionEn: text(1, 500),
    retentionMonths: z
      .string()
      .trim()
      .regex(/^\d{0,4}$/, "months_invalid")
      .transform((v) => (v ? Number(v) : null))
      .refine((v) => v === null || (v >= 1 && v <= 1200), "months_invalid"),
  })
  .superRefine((v, ctx) => {
    // An automated decision is explained in plain words, in both languages.
    if (v.automatedDecision === "yes") {
      if (!v.automatedLogicSv)
        ctx.addIssue({ code: "custom", path: ["automatedLogicSv"], message: "logic_required" });
      if (!v.automatedLogicEn)
        ctx.addIssue({ code: "custom", path: ["automatedLogicEn"], message: "logic_required" });
    }
  });

export const purposeInput = z.object({ key, legalBasis: basisField });

export const recipientInput = z.object({
  key,
  role: z.enum(["processor", "controller"], { error: "choice_invalid" }),
  outsideEea: yesNoTbc,
  safeguard: optionalText(500),
});

export const topicInput = z.object({
  key: z
    .string()
    .trim()
    .regex(/^[a-z][a-z0-9_]{1,39}$/, "topic_key_invalid"),
  nameSv: text(1, 80),
  nameEn: text(1, 80),
  active: z.enum(["on", "off"]).default("off"),
  sortOrder: z
    .string()
    .trim()
    .regex(/^\d{1,4}$/, "sort_invalid")
    .transform(Number),
  // The newsletter partner's topic id (Resend: a UUID); empty: the topic is not synced to a partner topic.
  partnerTopicId: z
    .string()
    .trim()
    .regex(/^$|^[0-9A-Za-z][0-9A-Za-z_-]{0,99}$/, "partner_topic_invalid")
    .default("")
    .transform((v) => (v === "" ? null : v)),
});

const fromTbc = (v: string) => (v === TBC ? null : v);
const boolFromTbc = (v: "yes" | "no" | "tbc") => (v === TBC ? null : v === "yes");

export const getSettingsView = defineUseCase(
  "settings.get_settings_view",
  { action: "admin.settings", callers: ["staff"] },
  async (_actor) => {
    const [settings, categories, purposes, recipients, topics] = await Promise.all([
      getSettings(),
      db.dataCategory.findMany({
        orderBy: { sortOrder: "asc" },
        include: {
          purposes: { select: { purposeKey: true } },
          recipients: { select: { recipientKey: true } },
        },
      }),
      db.purpose.findMany({ orderBy: { key: "asc" } }),
      db.recipient.findMany({ orderBy: { name: "asc" } }),
      db.consentTopic.findMany({ orderBy: [{ sortOrder: "asc" }, { key: "asc" }] }),
    ]);
    return { settings, categories, purposes, recipients, topics };
  },
);

export const saveGeneralSettings = defineUseCase(
  "settings.save_general_settings",
  { action: "admin.settings", callers: ["staff"] },
  async (admin, raw: unknown): Promise<Settings> => {
    const input = parseCheckedInput(generalSettingsInput, raw);
    return db.$transaction(async (tx) => {
      const before = await getSettings(tx);
      const changed = Object.fromEntries(
        Object.entries(input).filter(([k, v]) => v !== undefined && before[k as keyof Settings] !== v),
      ) as Partial<Settings>;
      const next = await saveSettings(tx, changed);
      await audit(tx, admin, {
        action: "admin.settings_saved",
        targetType: "settings",
        meta: { keys: Object.keys(changed).sort().join(",") },
      });
      return next;
    });
  },
);

export const saveCategory = defineDataMapSave(
  "settings.save_category",
  categoryInput,
  { action: "admin.datamap_category_saved", targetType: "data_category" },
  (tx, v) => {
    const automated = boolFromTbc(v.automatedDecision);
    return tx.dataCategory.updateMany({
      where: { key: v.key },
      data: {
        legalBasis: fromTbc(v.legalBasis),
        legalHold: v.legalHold === "none" ? null : v.legalHold,
        automatedDecision: automated,
        // Logic is only shown for an automated decision; "no" keeps none.
        automatedLogicSv: automated === false ? null : v.automatedLogicSv,
        automatedLogicEn: automated === false ? null : v.automatedLogicEn,
        retentionSv: v.retentionSv,
        retentionEn: v.retentionEn,
        retentionMonths: v.retentionMonths,
      },
    });
  },
);

export const savePurpose = defineDataMapSave(
  "settings.save_purpose",
  purposeInput,
  { action: "admin.datamap_purpose_saved", targetType: "purpose" },
  (tx, v) => tx.purpose.updateMany({ where: { key: v.key }, data: { legalBasis: fromTbc(v.legalBasis) } }),
);

export const saveRecipient = defineDataMapSave(
  "settings.save_recipient",
  recipientInput,
  { action: "admin.datamap_recipient_saved", targetType: "recipient" },
  (tx, v) => {
    const outside = boolFromTbc(v.outsideEea);
    return tx.recipient.updateMany({
      where: { key: v.key },
      // A recipient inside the EU/EEA needs no transfer safeguard.
      data: { role: v.role, outsideEea: outside, safeguard: outside === false ? null : v.safeguard },
    });
  },
);

export const saveConsentTopic = defineUseCase(
  "settings.save_consent_topic",
  { action: "admin.settings", callers: ["staff"] },
  async (admin, raw: unknown): Promise<void> => {
    const v = parseCheckedInput(topicInput, raw);
    await db.$transaction(async (tx) => {
      const data = {
        nameSv: v.nameSv,
        nameEn: v.nameEn,
        active: v.active === "on",
        sortOrder: v.sortOrder,
        partnerTopicId: v.partnerTopicId,
      };
      if (v.partnerTopicId) {
        // One partner topic is one portal topic, or choices would sync to the wrong one.
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('consent-topic-partner'))`;
        const taken = await tx.consentTopic.findFirst({
          where: { partnerTopicId: v.partnerTopicId, key: { not: v.key } },
          select: { key: true },
        });
        if (taken) throw new AppError("invalid_input", { partnerTopicId: "partner_topic_taken" });
      }
      await tx.consentTopic.upsert({ where: { key: v.key }, create: { key: v.key, ...data }, update: data });
      await audit(tx, admin, {
        action: "admin.consent_topic_saved",
        targetType: "consent_topic",
        targetId: v.key,
        meta: { active: data.active, partnerTopic: data.partnerTopicId !== null },
      });
    });
  },
);

/** An admin's save of one existing data-map row, found by its key (not found: refused), audited. */
function defineDataMapSave<S extends z.ZodType<{ key: string }>>(
  name: string,
  schema: S,
  target: { action: AuditAction; targetType: string },
  update: (tx: Tx, input: z.infer<S>) => Promise<{ count: number }>,
) {
  return defineUseCase(
    name,
    { action: "admin.settings", callers: ["staff"] },
    async (admin, raw: unknown): Promise<void> => {
      const input = parseCheckedInput(schema, raw);
      await db.$transaction(async (tx) => {
        if ((await update(tx, input)).count === 0) throw new AppError("not_found");
        await audit(tx, admin, { ...target, targetId: input.key });
      });
    },
  );
}
