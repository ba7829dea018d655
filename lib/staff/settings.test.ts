// Admin settings: validated with zod, audited; "to be confirmed" stays null.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { getSettings } from "../settings";
import type { StaffActor } from "../auth/actor";
import {
  categoryInput,
  saveCategory,
  saveConsentTopic,
  saveGeneralSettings,
  settingsFromForm,
} from "./settings";
import { makeStaffActor } from "./test-support";

let admin: StaffActor;
beforeAll(async () => {
  admin = await makeStaffActor("admin");
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

describe("settings", () => {
  it("refuses values outside their range and changes nothing", async () => {
    const before = await getSettings();
    for (const bad of [{ coolingOffDays: 15 }, { impersonationMinutes: 2 }, { financialYearEnd: "13-01" }]) {
      await expect(saveGeneralSettings(admin, bad)).rejects.toMatchObject({ code: "invalid_input" });
    }
    expect(settingsFromForm({ coolingOffDays: "7.5", financialYearEnd: " 06-30 " })).toEqual({
      coolingOffDays: Number.NaN,
      financialYearEnd: "06-30",
    });
    expect(await getSettings()).toEqual(before);
    // Saving the values as they are is accepted and audited (the shared test database keeps its values).
    await saveGeneralSettings(admin, { coolingOffDays: before.coolingOffDays });
    expect(
      await db.auditEntry.count({ where: { action: "admin.settings_saved", actorId: admin.staffMemberId } }),
    ).toBe(1);
  });

  it("an automated decision needs its logic in both languages; 'to be confirmed' is stored as null", () => {
    const base = {
      key: "contact",
      legalBasis: "tbc",
      legalHold: "none",
      automatedDecision: "yes",
      automatedLogicSv: "",
      automatedLogicEn: "",
      retentionSv: "Så länge du är kund",
      retentionEn: "As long as you are a customer",
      retentionMonths: "",
    };
    const r = categoryInput.safeParse(base);
    expect(r.success).toBe(false);
    expect(r.error?.issues.map((i) => i.path[0])).toEqual(["automatedLogicSv", "automatedLogicEn"]);
    expect(categoryInput.safeParse({ ...base, legalBasis: "vibes" }).success).toBe(false);
    expect(categoryInput.parse({ ...base, automatedDecision: "tbc" })).toMatchObject({
      retentionMonths: null,
    });
  });

  it("a category saved by an admin is audited by key", async () => {
    const category = await db.dataCategory.findUniqueOrThrow({ where: { key: "social" } });
    await saveCategory(admin, {
      key: "social",
      legalBasis: category.legalBasis ?? "tbc",
      legalHold: category.legalHold ?? "none",
      automatedDecision:
        category.automatedDecision === null ? "tbc" : category.automatedDecision ? "yes" : "no",
      automatedLogicSv: category.automatedLogicSv ?? "",
      automatedLogicEn: category.automatedLogicEn ?? "",
      retentionSv: category.retentionSv,
      retentionEn: category.retentionEn,
      retentionMonths: category.retentionMonths === null ? "" : String(category.retentionMonths),
    });
    const after = await db.dataCategory.findUniqueOrThrow({ where: { key: "social" } });
    expect({ ...after, updatedAt: null }).toEqual({ ...category, updatedAt: null });
    expect(
      await db.auditEntry.count({
        where: { action: "admin.datamap_category_saved", targetId: "social", actorId: admin.staffMemberId },
      }),
    ).toBe(1);
  });

  it("a new consent topic (not offered yet) is saved", async () => {
    const key = `t_${randomUUID().replace(/-/g, "").slice(0, 10)}`;
    await expect(
      saveConsentTopic(admin, { key: "Bad Key", nameSv: "x", nameEn: "x", sortOrder: "1" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await saveConsentTopic(admin, { key, nameSv: "Provämne", nameEn: "Test topic", sortOrder: "900" });
    expect(await db.consentTopic.findUniqueOrThrow({ where: { key } })).toMatchObject({
      active: false,
      sortOrder: 900,
    });
    await db.consentTopic.delete({ where: { key } });
  });
});
