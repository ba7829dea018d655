"use server";

// Thin actions over the deletion use-cases: parse, take the actor from the session, call one use-case,
// answer with a typed state. The person id never comes from the form; the request id only says which
// of the person's own requests, and the use-case checks that it is theirs.
import { revalidatePath } from "next/cache";
import { getActor } from "@/lib/auth/actor";
import { cancelDeletion, requestDeletion } from "@/lib/erasure/request";
import { cancelDeletionInput, requestDeletionInput } from "@/lib/erasure/deletion.validation";
import { attempt, type Problem } from "@/lib/http/action";

export type RequestDeletionState = {
  result?: "started" | "existing";
  /** ISO instant the cooling-off period ends. */
  endsAt?: string | null;
  fieldErrors?: { confirm?: string };
  error?: Problem;
  /** Changes on every submit, so the same message is announced again. */
  at?: number;
};

export type CancelDeletionState = {
  result?: "cancelled";
  error?: Problem;
  at?: number;
};

export async function requestDeletionAction(
  _prev: RequestDeletionState,
  formData: FormData,
): Promise<RequestDeletionState> {
  const parsed = requestDeletionInput.safeParse({ confirm: formData.get("confirm") === "on" });
  if (!parsed.success) return { fieldErrors: { confirm: "confirm_required" }, at: Date.now() };
  const r = await attempt("deletion", async () => requestDeletion(await getActor(), parsed.data), {
    stepUp: "/deletion",
  });
  if (!r.ok) {
    if (r.fieldErrors?.confirm) return { fieldErrors: { confirm: r.fieldErrors.confirm }, at: Date.now() };
    return { error: r.error, at: Date.now() };
  }
  revalidatePath("/deletion");
  revalidatePath("/requests");
  return {
    result: r.value.existing ? "existing" : "started",
    endsAt: r.value.coolingOffEndsAt?.toISOString() ?? null,
    at: Date.now(),
  };
}

export async function cancelDeletionAction(
  _prev: CancelDeletionState,
  formData: FormData,
): Promise<CancelDeletionState> {
  const parsed = cancelDeletionInput.safeParse({ requestId: formData.get("requestId") ?? "" });
  if (!parsed.success) return { error: "invalid_input", at: Date.now() };
  const r = await attempt("deletion", async () => cancelDeletion(await getActor(), parsed.data));
  if (!r.ok) return { error: r.error, at: Date.now() };
  revalidatePath("/deletion");
  revalidatePath("/requests");
  return { result: "cancelled", at: Date.now() };
}
