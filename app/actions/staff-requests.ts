"use server";

// Thin actions over the staff request use-cases: parse (zod, field errors), take the actor from the
// session, call one use-case, answer with a typed state. Every use-case checks the actor itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor } from "@/lib/auth/actor";
import { runForm, type FormState } from "@/lib/http/action";
import { registerRequest, resendConfirmation } from "@/lib/staff/intake";
import {
  addRequestNote,
  assignRequest,
  extendRequest,
  refuseRequest,
  resolveRequest,
} from "@/lib/staff/decisions";
import { decideCopy } from "@/lib/staff/copy-decision";
import {
  assignInput,
  copyDecisionInput,
  extendInput,
  intakeInput,
  noteInput,
  refuseInput,
  resolveInput,
} from "@/lib/staff/validation";

const requestIdOnly = z.object({ requestId: z.string().trim().min(1, "invalid").max(64, "invalid") });

function refresh(requestId?: string) {
  revalidatePath("/staff/requests");
  if (requestId) revalidatePath(`/staff/requests/${requestId}`);
}

export async function registerRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, intakeInput, async (input) => {
    await registerRequest(await getActor(), input);
    revalidatePath(`/staff/people/${input.personId}`);
    refresh();
    return "registered";
  });
}

export async function resendConfirmationAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, requestIdOnly, async ({ requestId }) => {
    await resendConfirmation(await getActor(), requestId);
    refresh(requestId);
    return "confirmationResent";
  });
}

export async function assignRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, assignInput, async (input) => {
    await assignRequest(await getActor(), input);
    refresh(input.requestId);
    return "assigned";
  });
}

export async function addNoteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, noteInput, async (input) => {
    await addRequestNote(await getActor(), input);
    refresh(input.requestId);
    return "noteAdded";
  });
}

export async function resolveRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, resolveInput, async (input) => {
    await resolveRequest(await getActor(), input);
    refresh(input.requestId);
    return "resolved";
  });
}

export async function extendRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, extendInput, async (input) => {
    await extendRequest(await getActor(), input);
    refresh(input.requestId);
    return "extended";
  });
}

export async function refuseRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, refuseInput, async (input) => {
    await refuseRequest(await getActor(), input);
    refresh(input.requestId);
    return "refused";
  });
}

export async function copyDecisionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return runForm(formData, copyDecisionInput, async (input, values) => {
    await decideCopy(await getActor(), values);
    refresh(input.requestId);
    return `copy_${input.decision}`;
  });
}
