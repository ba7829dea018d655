"use server";

// Thin actions over the deletion use-cases: parse, take the actor from the session, call one use-case,
// answer with a typed state. The person id never comes from the form; the request id only says which
// of the person's own requests, and the use-case checks that it is theirs.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { cancelDeletion, requestDeletion } from "@/lib/erasure/request";
import { cancelDeletionInput, requestDeletionInput } from "@/lib/erasure/deletion.validation";

export type RequestDeletionState = {
  result?: "started" | "existing";
  /** ISO instant the cooling-off period ends. */
  endsAt?: string | null;
  fieldErrors?: { confirm?: "confirm_required" };
  error?: "forbidden" | "not_found" | "failed";
  /** Changes on every submit, so the same message is announced again. */
  at?: number;
};

export type CancelDeletionState = {
  result?: "cancelled";
  error?: "invalid_input" | "forbidden" | "not_found" | "not_allowed_now" | "failed";
  at?: number;
};

export async function requestDeletionAction(
  _prev: RequestDeletionState,
  formData: FormData,
): Promise<RequestDeletionState> {
  const parsed = requestDeletionInput.safeParse({ confirm: formData.get("confirm") === "on" });
  if (!parsed.success) return { fieldErrors: { confirm: "confirm_required" }, at: Date.now() };
  let state: RequestDeletionState;
  try {
    const r = await requestDeletion(await getActor(), parsed.data);
    state = {
      result: r.existing ? "existing" : "started",
      endsAt: r.coolingOffEndsAt?.toISOString() ?? null,
    };
  } catch (err) {
    if (isAppError(err) && err.code === "step_up_required") redirect("/step-up?next=/deletion");
    if (isAppError(err)) {
      if (err.code === "invalid_input")
        return { fieldErrors: { confirm: "confirm_required" }, at: Date.now() };
      const error =
        err.code === "not_found" ? "not_found" : err.code === "forbidden" ? "forbidden" : "failed";
      return { error, at: Date.now() };
    }
    console.error("[deletion] request failed", (err as Error).name);
    return { error: "failed", at: Date.now() };
  }
  revalidatePath("/deletion");
  revalidatePath("/requests");
  return { ...state, at: Date.now() };
}

export async function cancelDeletionAction(
  _prev: CancelDeletionState,
  formData: FormData,
): Promise<CancelDeletionState> {
  const parsed = cancelDeletionInput.safeParse({ requestId: formData.get("requestId") ?? "" });
  if (!parsed.success) return { error: "invalid_input", at: Date.now() };
  try {
    await cancelDeletion(await getActor(), parsed.data);
  } catch (err) {
    if (isAppError(err)) {
      const known = ["invalid_input", "forbidden", "not_found", "not_allowed_now"] as const;
      const error = (known as readonly string[]).includes(err.code)
        ? (err.code as (typeof known)[number])
        : "failed";
      return { error, at: Date.now() };
    }
    console.error("[deletion] cancel failed", (err as Error).name);
    return { error: "failed", at: Date.now() };
  }
  revalidatePath("/deletion");
  revalidatePath("/requests");
  return { result: "cancelled", at: Date.now() };
}
