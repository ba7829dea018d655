"use server";

// Thin actions over the staff request use-cases: parse (zod, field errors), take the actor from the
// session, call one use-case, answer with a typed state. Every use-case checks the actor itself.
import { revalidatePath } from "next/cache";
import { z } from "zod";
import { getActor, type Actor } from "@/lib/auth/actor";
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
  return onRequest(formData, requestIdOnly, "confirmationResent", (actor, { requestId }) =>
    resendConfirmation(actor, requestId),
  );
}

export async function assignRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return onRequest(formData, assignInput, "assigned", (actor, input) => assignRequest(actor, input));
}

export async function addNoteAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return onRequest(formData, noteInput, "noteAdded", (actor, input) => addRequestNote(actor, input));
}

export async function resolveRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return onRequest(formData, resolveInput, "resolved", (actor, input) => resolveRequest(actor, input));
}

export async function extendRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return onRequest(formData, extendInput, "extended", (actor, input) => extendRequest(actor, input));
}

export async function refuseRequestAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return onRequest(formData, refuseInput, "refused", (actor, input) => refuseRequest(actor, input));
}

export async function copyDecisionAction(_prev: FormState, formData: FormData): Promise<FormState> {
  return onRequest(
    formData,
    copyDecisionInput,
    (input) => `copy_${input.decision}`,
    (actor, _input, values) => decideCopy(actor, values),
  );
}

/**
 * A form about one request: parsed with `schema`, done by `work` as the signed-in staff member, answered
 * with the `ok` message; the queue and the request's page are shown afresh.
 */
async function onRequest<S extends z.ZodType<{ requestId: string }>>(
  formData: FormData,
  schema: S,
  ok: string | ((input: z.output<S>) => string),
  work: (actor: Actor | null, input: z.output<S>, values: Record<string, string>) => Promise<unknown>,
): Promise<FormState> {
  return runForm(formData, schema, async (input, values) => {
    await work(await getActor(), input, values);
    refresh(input.requestId);
    return typeof ok === "string" ? ok : ok(input);
  });
}
