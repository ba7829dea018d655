"use server";

import { redirect } from "next/navigation";
import { systemActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { confirmRequest } from "@/lib/staff/intake";

/** The button on the confirmation page (no session needed: the emailed, signed token is the proof). */
export async function confirmRequestAction(formData: FormData): Promise<void> {
  const token = String(formData.get("token") ?? "");
  let outcome: string;
  try {
    const r = await confirmRequest(systemActor("request-confirm-link"), token);
    outcome =
      r.status === "confirmed" ? (r.type === "deletion" ? "confirmed_deletion" : "confirmed") : "already";
  } catch (err) {
    if (!isAppError(err)) console.error("[confirm-request] failed", (err as Error)?.name ?? "error");
    outcome = isAppError(err) ? (err.code === "expired" ? "expired" : "invalid") : "failed";
  }
  redirect(`/confirm-request?result=${outcome}`);
}
