"use server";

import { cookies } from "next/headers";
import { redirect } from "next/navigation";
import { signOut } from "@/lib/auth/auth";
import { getActor } from "@/lib/auth/actor";
import { endAllSessions } from "@/lib/auth/sessions";
import { secureCookies, sessionCookieName } from "@/lib/auth/cookies";
import { runPlainForm } from "@/lib/http/action";

export async function signOutAction(): Promise<void> {
  await signOut({ redirectTo: "/" });
}

export async function signOutEverywhereAction(): Promise<void> {
  // Refused to impersonating staff (policy): they stay on the activity page, which says so.
  await runPlainForm(
    "session",
    () => "/activity",
    async () => {
      await endAllSessions(await getActor());
    },
  );
  // This browser's session is gone with the others: its cookie goes too.
  (await cookies()).set(sessionCookieName(), "", {
    maxAge: 0,
    path: "/",
    httpOnly: true,
    sameSite: "lax",
    secure: secureCookies(),
  });
  redirect("/sign-in?signedOut=everywhere");
}
