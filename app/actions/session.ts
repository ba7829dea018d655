"use server";

import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/actor";
import { endAllSessions } from "@/lib/auth/sessions";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}

export async function signOutEverywhereAction(): Promise<void> {
  const actor = await getActor();
  await endAllSessions(actor);
  redirect("/sign-in?signedOut=everywhere");
}
