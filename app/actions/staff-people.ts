"use server";

import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { runForm, type FormState } from "@/lib/http/action";
import { announceLift, liftRestriction } from "@/lib/staff/restriction";
import { liftInput } from "@/lib/staff/validation";

const personIdOnly = z.object({ personId: z.string().trim().min(1, "invalid").max(64, "invalid") });

export async function announceLiftAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, liftInput, async (input) => {
    await announceLift(await getActor(), input);
    revalidatePath(`/staff/people/${input.personId}`);
    return "liftAnnounced";
  });
}

export async function liftRestrictionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, personIdOnly, async ({ personId }) => {
    await liftRestriction(await getActor(), personId);
    revalidatePath(`/staff/people/${personId}`);
    return "lifted";
  });
}
