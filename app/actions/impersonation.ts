"use server";

import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { runForm, type FormState } from "@/lib/staff/form-state";
import { startImpersonation, startImpersonationInput, stopImpersonation } from "@/lib/staff/impersonation";

/** From a person page: a reason is required; the portal then shows what the person sees. */
export async function startImpersonationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  let started = false;
  const state = await runForm(
    formData,
    startImpersonationInput,
    async (input) => {
      await startImpersonation(await getActor(), input);
      started = true;
      return "impersonationStarted";
    },
    { area: "impersonation" },
  );
  if (started) redirect("/my-data");
  return state;
}

export async function stopImpersonationAction(): Promise<void> {
  const actor = await getActor();
  const personId = actor?.kind === "impersonation" ? actor.personId : null;
  await stopImpersonation(actor);
  redirect(personId ? `/staff/people/${personId}` : "/staff");
}
