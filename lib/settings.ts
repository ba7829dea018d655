// Admin-editable settings, stored as rows of `Setting`; every value validated, with defaults.
import { z } from "zod";
import { db, type Tx } from "./db";

export const settingsSchema = z.object({
  coolingOffDays: z.number().int().min(0).max(14),
  linkLifetimeMinutes: z.number().int().min(5).max(60),
  stepUpMinutes: z.number().int().min(1).max(60),
  signInLimitPerAddress: z.number().int().min(1).max(10_000),
  signInLimitPerClient: z.number().int().min(1).max(100_000),
  signInLimitWindowMinutes: z
    .number()
    .int()
    .min(1)
    .max(24 * 60),
  impersonationMinutes: z.number().int().min(5).max(240),
  copyLinkDays: z.number().int().min(1).max(30),
  freeCopyMonths: z.number().int().min(1).max(24),
  // The end of the company's financial year as MM-DD (Bokföringslagen counts from it).
  financialYearEnd: z.string().regex(/^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/),
  bookkeepingRetentionYears: z.number().int().min(7).max(20),
  inactiveAccountMonths: z.number().int().min(6).max(120),
  webEventRetentionMonths: z.number().int().min(1).max(60),
});

export type Settings = z.infer<typeof settingsSchema>;

export const DEFAULT_SETTINGS: Settings = {
  coolingOffDays: 14,
  linkLifetimeMinutes: 15,
  stepUpMinutes: 15,
  signInLimitPerAddress: 5,
  signInLimitPerClient: 30,
  signInLimitWindowMinutes: 15,
  impersonationMinutes: 30,
  copyLinkDays: 7,
  freeCopyMonths: 12,
  financialYearEnd: "12-31",
  bookkeepingRetentionYears: 7,
  inactiveAccountMonths: 36,
  webEventRetentionMonths: 26,
};

export async function getSettings(tx: Tx = db): Promise<Settings> {
  const rows = await tx.setting.findMany();
  const stored = Object.fromEntries(rows.map((r) => [r.key, r.value]));
  const merged = { ...DEFAULT_SETTINGS, ...stored };
  const parsed = settingsSchema.safeParse(merged);
  return parsed.success ? parsed.data : DEFAULT_SETTINGS;
}

export async function saveSettings(tx: Tx, values: Partial<Settings>): Promise<Settings> {
  const next = settingsSchema.parse({ ...(await getSettings(tx)), ...values });
  for (const [key, value] of Object.entries(values)) {
    await tx.setting.upsert({
      where: { key },
      create: { key, value: value as never },
      update: { value: value as never },
    });
  }
  return next;
}
