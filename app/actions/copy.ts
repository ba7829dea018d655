"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { attempt, failureState, type FormState } from "@/lib/http/action";
import { serverTranslator } from "@/lib/i18n/client-texts";
import { requestCopy } from "@/lib/privacy/copy/request-copy";

// The form carries no data: who asks comes from the session, and the server decides whether this is
// the free copy or a further one. The intent only guards against a stale page sending a surprise.
const copyInput = z.object({ intent: z.enum(["free", "further"]) });

export async function requestCopyAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const parsed = copyInput.safeParse({ intent: formData.get("intent") });
  if (!parsed.success) return failureState({ error: "invalid_input" }, {}, "copy");
  const r = await attempt("copy", async () => requestCopy(await getActor()), { stepUp: "/copy" });
  if (!r.ok) return failureState(r, {}, "copy");
  revalidatePath("/copy");
  revalidatePath("/requests");
  const t = await serverTranslator("copy");
  return { ok: t(r.value.kind === "further_copy" ? "requestedFurther" : "requestedFree"), at: Date.now() };
}
