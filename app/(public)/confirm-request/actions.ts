"use server";

import { systemActor } from "@/lib/auth/actor";
import { confirmFromLink } from "@/app/_forms/confirm-link";
import { confirmRequest } from "@/lib/staff/intake";

/** The button on the confirmation page (no session needed: the emailed, signed token is the proof). */
export async function confirmRequestAction(formData: FormData): Promise<void> {
  await confirmFromLink(String(formData.get("token") ?? ""), {
    area: "confirm-request",
    page: "/confirm-request",
    confirm: (token) => confirmRequest(systemActor("request-confirm-link"), token),
    ok: (r) =>
      r.status === "confirmed" ? (r.type === "deletion" ? "confirmed_deletion" : "confirmed") : "already",
    words: { expired: "expired" },
  });
}
