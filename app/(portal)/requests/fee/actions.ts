"use server";

// The person's answer to a fee for a further copy. The person id comes from the session inside the
// use-cases; the request id from the page is checked against it there.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { acceptFee, declineFee } from "@/lib/privacy/copy/fee";

const input = z.object({
  requestId: z.string().trim().min(1).max(64),
  answer: z.enum(["accept", "decline"]),
});

export async function answerFeeAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ requestId: formData.get("requestId"), answer: formData.get("answer") });
  if (!parsed.success) redirect("/requests");
  const { requestId, answer } = parsed.data;
  let outcome: string;
  try {
    const actor = await getActor();
    if (answer === "accept") await acceptFee(actor, requestId);
    else await declineFee(actor, requestId);
    outcome = answer === "accept" ? "accepted" : "declined";
  } catch (err) {
    if (!isAppError(err)) console.error("[fee] answer failed", (err as Error)?.name ?? "error");
    outcome = isAppError(err) ? (err.code === "not_allowed_now" ? "not_allowed_now" : err.code) : "failed";
  }
  revalidatePath("/requests");
  redirect(`/requests/fee/${encodeURIComponent(requestId)}?result=${outcome}`);
}
