"use server";

import { redirect } from "next/navigation";
import { systemActor } from "@/lib/auth/actor";
import { outcomeOf } from "@/lib/http/action";
import { confirmRequest } from "@/lib/staff/intake";

/** The button on the confirmation page (no session needed: the emailed, signed token is the proof). */
export async function confirmRequestAction(formData: FormData): Promise<void> {
  const token = String(formData.get("token") ?? "");
  const outcome = await outcomeOf(
    "confirm-request",
    () => confirmRequest(systemActor("request-confirm-link"), token),
    (r) =>
      r.status === "confirmed" ? (r.type === "deletion" ? "confirmed_deletion" : "confirmed") : "already",
    { expired: "expired" },
    "invalid",
  );
  redirect(`/confirm-request?result=${outcome}`);
}
