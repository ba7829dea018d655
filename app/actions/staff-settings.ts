"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { addStaff, addStaffInput, setStaffActive } from "@/lib/staff/allow-list";
import { isAppError } from "@/lib/errors";

export type StaffFormState = {
  ok?: boolean;
  fieldErrors?: Partial<Record<"email" | "name" | "role", string>>;
  error?: string;
  values?: Record<string, string>;
};

export async function addStaffAction(_prev: StaffFormState, formData: FormData): Promise<StaffFormState> {
  const values = {
    email: String(formData.get("email") ?? ""),
    name: String(formData.get("name") ?? ""),
    role: String(formData.get("role") ?? ""),
  };
  const parsed = addStaffInput.safeParse(values);
  if (!parsed.success) {
    const fieldErrors: StaffFormState["fieldErrors"] = {};
    for (const issue of parsed.error.issues) {
      const key = issue.path[0] as "email" | "name" | "role";
      fieldErrors[key] ??= issue.message;
    }
    return { fieldErrors, values };
  }
  try {
    await addStaff(await getActor(), parsed.data);
  } catch (err) {
    return { error: isAppError(err) ? err.code : "failed", values };
  }
  revalidatePath("/staff/settings");
  return { ok: true };
}

const toggleInput = z.object({ staffId: z.string().min(1).max(64), active: z.enum(["true", "false"]) });

export async function setStaffActiveAction(formData: FormData): Promise<void> {
  const parsed = toggleInput.safeParse({ staffId: formData.get("staffId"), active: formData.get("active") });
  if (!parsed.success) return;
  await setStaffActive(await getActor(), parsed.data.staffId, parsed.data.active === "true");
  revalidatePath("/staff/settings");
}
