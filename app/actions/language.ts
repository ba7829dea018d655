"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { attempt } from "@/lib/http/action";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/config";
import { correctDetails } from "@/lib/privacy/rectification/correct-details";

const input = z.object({ language: z.enum(LOCALES) });

/**
 * Switches the language the portal speaks. For a signed-in person it is also a correction of their
 * stored language (emails follow it), made through the same use-case as the details page: policy,
 * history, audit and recipient notices included. Staff, also while impersonating, change only their
 * own browser's language.
 */
export async function setLanguageAction(formData: FormData): Promise<void> {
  const parsed = input.safeParse({ language: formData.get("language") });
  if (!parsed.success) return;
  const jar = await cookies();
  jar.set(LOCALE_COOKIE, parsed.data.language, {
    httpOnly: true,
    sameSite: "lax",
    path: "/",
    secure: process.env.PORTAL_MODE === "production",
    maxAge: 365 * 24 * 60 * 60,
  });
  // The cookie is this browser's language whatever happens; a refused correction is logged by the
  // adapter and the page still follows the cookie (never the error page for a language switch).
  await attempt("language", async () => {
    const actor = await getActor();
    if (actor?.kind === "person") {
      await correctDetails(actor, { section: "language", language: parsed.data.language });
    }
  });
  revalidatePath("/", "layout");
}
