"use server";

import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { requestCopy } from "@/lib/privacy/copy/request-copy";

export type CopyFormState = {
  result?: "free" | "in_progress" | "further_copy";
  error?: "step_up_required" | "forbidden" | "unauthenticated" | "failed";
};

// The form carries no data: who asks comes from the session, and the server decides whether this is
// the free copy or a further one. The intent only guards against a stale page sending a surprise.
const copyInput = z.object({ intent: z.enum(["free", "further"]) });

export async function requestCopyAction(_prev: CopyFormState, formData: FormData): Promise<CopyFormState> {
  const parsed = copyInput.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) return { error: "failed" };
  let result: Awaited<ReturnType<typeof requestCopy>>;
  try {
    result = await requestCopy(await getActor());
  } catch (err) {
    if (isAppError(err) && err.code === "step_up_required") redirect("/step-up?next=%2Fcopy");
    if (isAppError(err) && (err.code === "forbidden" || err.code === "unauthenticated"))
      return { error: err.code };
    console.error("[copy] request failed", (err as Error)?.name ?? "error");
    return { error: "failed" };
  }
  revalidatePath("/copy");
  revalidatePath("/requests");
  return { result: result.kind };
}
