"use server";

// Starting and stopping change who is acting. The answer asks the browser for a full page load
// (FormState.redirectTo) instead of redirecting here: a server-side redirect renders the next page in
// the same request, with the identity read (and cached) before the change.
import { getActor } from "@/lib/auth/actor";
import { attempt, failureState, runForm, type FormState } from "@/lib/http/action";
import { startImpersonation, startImpersonationInput, stopImpersonation } from "@/lib/staff/impersonation";

/** From a person page: a reason is required; the portal then shows what the person sees. */
export async function startImpersonationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  const state = await runForm(
    formData,
    startImpersonationInput,
    async (input) => {
      await startImpersonation(await getActor(), input);
      return "impersonationStarted";
    },
    { area: "impersonation" },
  );
  return state.ok ? { ...state, redirectTo: "/my-data" } : state;
}

export async function stopImpersonationAction(_prev: FormState, _formData: FormData): Promise<FormState> {
  const actor = await getActor();
  // Not impersonating (any more): nothing to stop, back to the console.
  if (actor?.kind !== "impersonation") return { at: Date.now(), redirectTo: "/staff" };
  const r = await attempt("impersonation", () => stopImpersonation(actor));
  if (!r.ok) return failureState(r, {});
  return { at: Date.now(), redirectTo: `/staff/people/${actor.personId}` };
}
