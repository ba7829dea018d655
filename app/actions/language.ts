"use server";

import { cookies } from "next/headers";
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { LOCALE_COOKIE, LOCALES } from "@/lib/i18n/config";
import { setPersonLanguage } from "@/lib/privacy/language";

const input = z.object({ language: z.enum(LOCALES) });

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
  const actor = await getActor();
  if (actor?.kind === "person") await setPersonLanguage(actor, parsed.data.language);
  revalidatePath("/", "layout");
}
