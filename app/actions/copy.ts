"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { attempt, type Problem } from "@/lib/http/action";
import { requestCopy } from "@/lib/privacy/copy/request-copy";

export type CopyFormState = {
  result?: "free" | "in_progress" | "further_copy";
  error?: Problem;
  at?: number;
};

// The form carries no data: who asks comes from the session, and the server decides whether this is
// the free copy or a further one. The intent only guards against a stale page sending a surprise.
const copyInput = z.object({ intent: z.enum(["free", "further"]) });

export async function requestCopyAction(_prev: CopyFormState, formData: FormData): Promise<CopyFormState> {
  const parsed = copyInput.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) return { error: "invalid_input", at: Date.now() };
  const r = await attempt("copy", async () => requestCopy(await getActor()), { stepUp: "/copy" });
  if (!r.ok) return { error: r.error, at: Date.now() };
  revalidatePath("/copy");
  revalidatePath("/requests");
  return { result: r.value.kind, at: Date.now() };
}
