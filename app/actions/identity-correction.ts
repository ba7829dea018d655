"use server";

// Staff decide an identity correction (date of birth, personnummer) from the request page. Thin:
// read the form, take the staff actor from the session, call the use-case, and go back to the page
// with the outcome in the query string (the decision form is a server component).
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { attempt } from "@/lib/http/action";
import { decideIdentityCorrection } from "@/lib/privacy/rectification/decide-identity-correction";

// The query parameter the decision form reads its outcome from.
const OUTCOME_PARAM = "identityCorrection";

export async function decideIdentityCorrectionAction(formData: FormData): Promise<void> {
  const requestId = String(formData.get("requestId") ?? "").slice(0, 64);
  const decisionRaw = String(formData.get("decision") ?? "");
  const reason = String(formData.get("reason") ?? "").trim();
  const back = staffPath(String(formData.get("returnTo") ?? ""), requestId);
  let outcome: string;
  if (decisionRaw !== "confirm" && decisionRaw !== "decline") outcome = "decision_invalid";
  else {
    const r = await attempt("identity-correction", async () =>
      decideIdentityCorrection(await getActor(), requestId, decisionRaw, reason || undefined),
    );
    // The page says what was wrong: a field's code (e.g. reason_required), or the code itself.
    outcome = r.ok ? r.value.status : (Object.values(r.fieldErrors ?? {})[0] ?? r.error);
  }
  revalidatePath(back.pathname);
  revalidatePath("/details");
  back.searchParams.set(OUTCOME_PARAM, outcome);
  redirect(`${back.pathname}${back.search}#identity-correction`);
}

/** Back to the staff page the form was on; anything else (another origin, a portal page) is refused. */
function staffPath(returnTo: string, requestId: string): URL {
  const fallback = new URL(`/staff/requests/${encodeURIComponent(requestId)}`, "http://portal.invalid");
  if (!returnTo.startsWith("/staff") || returnTo.startsWith("//")) return fallback;
  const url = new URL(returnTo, "http://portal.invalid");
  return url.origin === "http://portal.invalid" && url.pathname.startsWith("/staff") ? url : fallback;
}
