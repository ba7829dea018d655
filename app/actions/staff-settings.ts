"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor, type Actor } from "@/lib/auth/actor";
import { addStaff, addStaffInput, setStaffActive } from "@/lib/staff/allow-list";
import { AppError } from "@/lib/errors";
import { runForm, runPlainForm, type FormState } from "@/lib/http/action";
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

export async function addStaffAction(_prev: FormState, formData: FormData): Promise<FormState> {
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

export async function saveGeneralSettingsAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveSettingsForm(formData, settingsFormSchema, "settingsSaved", (actor, input) =>
    saveGeneralSettings(actor, input),
  );
}

export async function saveCategoryAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveSettingsForm(formData, categoryInput, "datamapSaved", (actor, _input, values) =>
    saveCategory(actor, values),
  );
}

export async function savePurposeAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveSettingsForm(formData, purposeInput, "datamapSaved", (actor, input) =>
    savePurpose(actor, input),
  );
}

export async function saveRecipientAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveSettingsForm(formData, recipientInput, "datamapSaved", (actor, _input, values) =>
    saveRecipient(actor, values),
  );
}

export async function saveTopicAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return saveSettingsForm(
    formData,
    topicInput,
    "topicSaved",
    (actor, _input, values) => saveConsentTopic(actor, values),
    { keepValues: false },
  );
}

/**
 * A settings or data-map form: parsed with `schema`, saved by `save` as the signed-in staff member,
 * answered with the `ok` message; the form stays filled in unless `keepValues` is false.
 */
async function saveSettingsForm<S extends z.ZodType>(
  formData: FormData,
  schema: S,
  ok: string,
  save: (actor: Actor | null, input: z.output<S>, values: Record<string, string>) => Promise<unknown>,
  { keepValues = true }: { keepValues?: boolean } = {},
): Promise<FormState> {
  return runForm(
    formData,
    schema,
    async (input, values) => {
      await save(await getActor(), input, values);
      revalidatePath("/staff/settings");
      return ok;
    },
    { area: "settings", keepValues },
  );
}

/** The numeric settings arrive as strings: a number that is not whole is out of range. */
const settingsFormSchema = z.preprocess(
  (raw) => settingsFromForm(raw as Record<string, string>),
  generalSettingsInput,
);
