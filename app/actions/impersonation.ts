"use server";

import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { stopImpersonation } from "@/lib/staff/impersonation";

export async function stopImpersonationAction(): Promise<void> {
  const actor = await getActor();
  const personId = actor?.kind === "impersonation" ? actor.personId : null;
  await stopImpersonation(actor);
  redirect(personId ? `/staff/people/${personId}` : "/staff");
}
