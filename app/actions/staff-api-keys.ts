"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireStaff } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { attempt, runPlainForm, type Problem } from "@/lib/http/action";
import { createApiKey, createApiKeyInput, revokeApiKey } from "@/lib/staff/api-keys";

export type ApiKeyFormState = {
  /** The new key: in this one response only, never stored in clear. */
  created?: { key: string; name: string };
  fieldErrors?: Partial<Record<"name" | "scopes", string>>;
  error?: Problem;
  values?: { name: string; scopes: string[] };
};

export async function createApiKeyAction(
  _prev: ApiKeyFormState,
  formData: FormData,
): Promise<ApiKeyFormState> {
  const values = {
    name: String(formData.get("name") ?? ""),
    scopes: formData.getAll("scopes").map(String),
  };
  const parsed = createApiKeyInput.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: ApiKeyFormState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as "name" | "scopes";
      fieldErrors[key] ??= issue.message;
    }
    return { fieldErrors, values };
  }
  const r = await attempt("api-keys", async () =>
    createApiKey(await requireStaff("admin.settings"), parsed.data),
  );
  if (!r.ok) return { error: r.error, values };
  revalidatePath("/staff/settings/api-keys");
  return { created: { key: r.value.key, name: parsed.data.name } };
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
