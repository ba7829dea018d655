"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { addStaff, addStaffInput, setStaffActive } from "@/lib/staff/allow-list";
import { AppError } from "@/lib/errors";
import { runForm, runPlainForm, type FormState as FormState2 } from "@/lib/http/action";
import {
  categoryInput,
  generalSettingsInput,
  purposeInput,
  recipientInput,
  saveCategory,
  saveConsentTopic,
  saveGeneralSettings,
  savePurpose,
  saveRecipient,
  settingsFromForm,
  topicInput,
} from "@/lib/staff/settings";

export async function addStaffAction(_prev: FormState2, formData: FormData): Promise<FormState2> {
  return runForm(
    formData,
    addStaffInput,
    async (input) => {
      await addStaff(await getActor(), input);
      revalidatePath("/staff/settings");
      return "saved";
    },
    { area: "staff-settings", messages: "staff.settings" },
  );
}

const toggleInput = z.object({ staffId: z.string().min(1).max(64), active: z.enum(["true", "false"]) });

export async function setStaffActiveAction(formData: FormData): Promise<void> {
  // A refusal is shown where the staff member can see it: the settings page is for admins only.
  await runPlainForm(
    "staff-settings",
    (problem) => (problem === "forbidden" || problem === "unauthenticated" ? "/staff" : "/staff/settings"),
    async () => {
      const parsed = toggleInput.safeParse({
        staffId: formData.get("staffId"),
        active: formData.get("active"),
      });
      if (!parsed.success) throw new AppError("invalid_input");
      await setStaffActive(await getActor(), parsed.data.staffId, parsed.data.active === "true");
      revalidatePath("/staff/settings");
    },
  );
}

// ---------------------------------------------------------------- settings and the data map

export async function saveGeneralSettingsAction(_prev: FormState2, formData: FormData): Promise<FormState2> {
  return runForm(
    formData,
    settingsFormSchema,
    async (input) => {
      await saveGeneralSettings(await getActor(), input);
      revalidatePath("/staff/settings");
      return "settingsSaved";
    },
    { area: "settings", keepValues: true },
  );
}

export async function saveCategoryAction(_prev: FormState2, formData: FormData): Promise<FormState2> {
  return runForm(
    formData,
    categoryInput,
    async (_input, values) => {
      await saveCategory(await getActor(), values);
      revalidatePath("/staff/settings");
      return "datamapSaved";
    },
    { area: "settings", keepValues: true },
  );
}

export async function savePurposeAction(_prev: FormState2, formData: FormData): Promise<FormState2> {
  return runForm(
    formData,
    purposeInput,
    async (input) => {
      await savePurpose(await getActor(), input);
      revalidatePath("/staff/settings");
      return "datamapSaved";
    },
    { area: "settings", keepValues: true },
  );
}

export async function saveRecipientAction(_prev: FormState2, formData: FormData): Promise<FormState2> {
  return runForm(
    formData,
    recipientInput,
    async (_input, values) => {
      await saveRecipient(await getActor(), values);
      revalidatePath("/staff/settings");
      return "datamapSaved";
    },
    { area: "settings", keepValues: true },
  );
}

export async function saveTopicAction(_prev: FormState2, formData: FormData): Promise<FormState2> {
  return runForm(
    formData,
    topicInput,
    async (_input, values) => {
      await saveConsentTopic(await getActor(), values);
      revalidatePath("/staff/settings");
      return "topicSaved";
    },
    { area: "settings", keepValues: false },
  );
}

/** The numeric settings arrive as strings: a number that is not whole is out of range. */
const settingsFormSchema = z.preprocess(
  (raw) => settingsFromForm(raw as Record<string, string>),
  generalSettingsInput,
);
