// Admin settings: validated with zod, audited; "to be confirmed" stays null.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { getSettings } from "../settings";
import type { StaffActor } from "../auth/actor";
import { addStaff, setStaffActive } from "./allow-list";
import {
  categoryInput,
  saveCategory,
  saveConsentTopic,
  saveGeneralSettings,
  savePurpose,
  saveRecipient,
  settingsFromForm,
} from "./settings";
import { makeStaffActor } from "../../test/staff-support";

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

  it("an admin saves general settings, a purpose and a recipient, and adds a staff member, deactivates and reactivates them", async () => {
    const audited = (action: string, targetId?: string) =>
      db.auditEntry.count({
        where: { action, actorId: admin.staffMemberId, ...(targetId ? { targetId } : {}) },
      });

    // A general setting, changed and put back (other tests share the database; their margins
    // are wider than one month).
    const before = await getSettings();
    const months = before.webEventRetentionMonths === 60 ? 59 : before.webEventRetentionMonths + 1;
    try {
      await saveGeneralSettings(admin, { webEventRetentionMonths: months });
      expect((await getSettings()).webEventRetentionMonths).toBe(months);
    } finally {
      await saveGeneralSettings(admin, { webEventRetentionMonths: before.webEventRetentionMonths });
    }
    expect(await audited("admin.settings_saved")).toBeGreaterThanOrEqual(2);

    // A purpose's legal basis, and a recipient's transfer facts, changed and put back.
    const purpose = await db.purpose.findFirstOrThrow({ orderBy: { key: "asc" } });
    const basis = purpose.legalBasis === "contract" ? "legitimate_interest" : "contract";
    try {
      await savePurpose(admin, { key: purpose.key, legalBasis: basis });
      expect((await db.purpose.findUniqueOrThrow({ where: { key: purpose.key } })).legalBasis).toBe(basis);
    } finally {
      await db.purpose.update({ where: { key: purpose.key }, data: { legalBasis: purpose.legalBasis } });
    }
    expect(await audited("admin.datamap_purpose_saved", purpose.key)).toBe(1);

    const recipient = await db.recipient.findUniqueOrThrow({ where: { key: "paypal" } });
    try {
      await saveRecipient(admin, {
        key: "paypal",
        role: recipient.role,
        outsideEea: "yes",
        safeguard: "Standard contractual clauses (test)",
      });
      expect(await db.recipient.findUniqueOrThrow({ where: { key: "paypal" } })).toMatchObject({
        outsideEea: true,
        safeguard: "Standard contractual clauses (test)",
      });
    } finally {
      await db.recipient.update({
        where: { key: "paypal" },
        data: { outsideEea: recipient.outsideEea, safeguard: recipient.safeguard },
      });
    }
    expect(await audited("admin.datamap_recipient_saved", "paypal")).toBe(1);

    // The allow-list: a new staff member, deactivated (their sessions end), then active again.
    const email = `new-staff-${randomUUID()}@test.example`;
    const member = await addStaff(admin, { email, name: "Nya Personalsson", role: "staff" });
    expect(await db.staffMember.findUniqueOrThrow({ where: { email } })).toMatchObject({
      name: "Nya Personalsson",
      role: "staff",
      active: true,
    });
    const user = await db.user.create({ data: { email } });
    await db.session.create({
      data: { sessionToken: randomUUID(), userId: user.id, expires: new Date(Date.now() + 86_400_000) },
    });
    await setStaffActive(admin, member.id, false);
    expect((await db.staffMember.findUniqueOrThrow({ where: { id: member.id } })).active).toBe(false);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
    await setStaffActive(admin, member.id, true);
    expect((await db.staffMember.findUniqueOrThrow({ where: { id: member.id } })).active).toBe(true);
    for (const action of ["admin.staff_saved", "admin.staff_deactivated", "admin.staff_activated"]) {
      expect(await audited(action, member.id), action).toBe(1);
    }
  });
});
