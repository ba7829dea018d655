"use server";

// The person's answer to a fee for a further copy. The person id comes from the session inside the
// use-cases; the request id from the page is checked against it there.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { outcomeOf } from "@/lib/http/action";
import { acceptFee, declineFee } from "@/lib/privacy/copy/fee";

const input = z.object({
  requestId: z.string().trim().min(1).max(64),
  answer: z.enum(["accept", "decline"]),
});

export async function answerFeeAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ requestId: formData.get("requestId"), answer: formData.get("answer") });
  if (!parsed.success) redirect("/requests");
  const { requestId, answer } = parsed.data;
  // Every problem is shown by its code (the page has a text per code).
  const outcome = await outcomeOf(
    "fee",
    async () => {
      const actor = await getActor();
      if (answer === "accept") await acceptFee(actor, requestId);
      else await declineFee(actor, requestId);
    },
    () => (answer === "accept" ? "accepted" : "declined"),
  );
  revalidatePath("/requests");
  redirect(`/requests/fee/${encodeURIComponent(requestId)}?result=${outcome}`);
}
