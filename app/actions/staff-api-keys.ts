"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { requireStaff } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { createApiKey, createApiKeyInput, revokeApiKey } from "@/lib/staff/api-keys";

export type ApiKeyFormState = {
  /** The new key: in this one response only, never stored in clear. */
  created?: { key: string; name: string };
  fieldErrors?: Partial<Record<"name" | "scopes", string>>;
  error?: string;
  values?: { name: string; scopes: string[] };
};

export async function createApiKeyAction(
  _prev: ApiKeyFormState,
  formData: FormData,
): Promise<ApiKeyFormState> {
  const actor = await requireStaff("admin.settings");
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
  try {
    const { key } = await createApiKey(actor, parsed.data);
    revalidatePath("/staff/settings/api-keys");
    return { created: { key, name: parsed.data.name } };
  } catch (err) {
    if (!isAppError(err)) console.error("[api-keys] create failed", (err as Error).name);
    return { error: isAppError(err) ? err.code : "failed", values };
  }
}

const revokeInput = z.object({ keyId: z.string().min(1).max(64) });

export async function revokeApiKeyAction(formData: FormData): Promise<void> {
  const actor = await requireStaff("admin.settings");
  const parsed = revokeInput.safeParse({ keyId: formData.get("keyId") });
  if (!parsed.success) return;
  await revokeApiKey(actor, parsed.data.keyId);
  revalidatePath("/staff/settings/api-keys");
}
