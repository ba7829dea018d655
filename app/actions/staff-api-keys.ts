"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireStaff } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { runForm, runPlainForm, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";
import { createApiKey, createApiKeyInput, revokeApiKey } from "@/lib/staff/api-keys";

export type ApiKeyFormState = FormState & {
  /** The new key: in this one answer only, never stored in clear. */
  created?: { key: string; name: string };
};

/** The form's fields: the record types come comma-separated (a group of checkboxes). */
const createApiKeyForm = z.preprocess((raw) => {
  const values = raw as Record<string, string>;
  return { name: values.name, scopes: values.scopes ? values.scopes.split(",") : [] };
}, createApiKeyInput);

export async function createApiKeyAction(
  _prev: ApiKeyFormState,
  formData: FormData,
): Promise<ApiKeyFormState> {
  let created: ApiKeyFormState["created"];
  const state = await runForm(
    formData,
    createApiKeyForm,
    async (input) => {
      const r = await createApiKey(await requireStaff("admin.settings"), input);
      created = { key: r.key, name: input.name };
      revalidatePath("/staff/settings/api-keys");
      return "created";
    },
    { area: "api-keys", messages: "import.apiKeys" },
  );
  if (!created) return state;
  const t = await serverTranslator("import.apiKeys");
  return { ...state, ok: t("createdTitle", { name: created.name }), created };
}

const revokeInput = z.object({ keyId: z.string().min(1).max(64) });

export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  await runPlainForm(
    "api-keys",
    (problem) =>
      problem === "forbidden" || problem === "unauthenticated" ? "/staff" : "/staff/settings/api-keys",
    async () => {
      const parsed = revokeInput.safeParse({ keyId: formData.get("keyId") });
      if (!parsed.success) throw new AppError("invalid_input");
      await revokeApiKey(await requireStaff("admin.settings"), parsed.data.keyId);
      revalidatePath("/staff/settings/api-keys");
    },
  );
}
