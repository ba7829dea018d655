// Intake: a request that reached the company by email, phone or letter is registered by staff with its
// real received date (the legal clock runs from it, not from today). Nothing irreversible happens until
// the person confirms from their own mailbox: the request waits in "awaiting_confirmation" and a signed
// link (7 days) goes to the address on record. Pressing the button on the linked page makes it
// "received"; a deletion then starts its cooling-off period, a restriction takes effect.
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { encryptForPerson } from "../crypto/keys";
import { beginCoolingOff } from "../erasure/begin";
import { AppError } from "../errors";
import { createRequest, transitionRequest } from "../privacy/requests";
import { stockholmDay } from "../privacy/legal-clock";
import { lockRequest } from "./common";
import { readConfirmToken, signConfirmToken } from "./confirm-token";
import { channelName, longDate, sendStaffEmail, typeName } from "./emails";
import { applyRestriction } from "./restriction";
import { intakeInput } from "./validation";

/** The instant a received date stands for: now when it is today, else midday Stockholm time. */
export function receivedAtFor(receivedDate: string, now = new Date()): Date {
  if (receivedDate === stockholmDay(now)) return now;
  // 10:00 UTC is 11:00 or 12:00 in Stockholm: the same calendar day whatever the season.
  return new Date(`${receivedDate}T10:00:00.000Z`);
}

export const registerRequest = defineUseCase(
  "requests.register",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, raw: unknown, now: Date = new Date()) => {
    const input = parseCheckedInput(intakeInput, raw);
    const receivedAt = receivedAtFor(input.receivedDate, now);
    if (receivedAt.getTime() > now.getTime()) throw new AppError("invalid_input");
    return db.$transaction(async (tx) => {
      const person = await tx.person.findUnique({ where: { id: input.personId } });
      if (!person) throw new AppError("not_found");
      const details = input.details ? await encryptForPerson(tx, person.id, input.details) : null;
      const request = await createRequest(tx, {
        personId: person.id,
        type: input.type,
        status: "awaiting_confirmation",
        channel: input.channel,
        receivedAt,
        detailsEnc: details,
      });
      await sendConfirmation(tx, person, request, now);
      await audit(tx, staff, {
        action: "staff.request_registered",
        personId: person.id,
        targetType: "request",
        targetId: request.id,
        meta: { type: input.type, channel: input.channel },
      });
      return request;
    });
  },
);

/** Sends a fresh confirmation link (e.g. the first one expired). */
export const resendConfirmation = defineUseCase(
  "requests.resend_confirmation",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (staff, requestId: string, now: Date = new Date()): Promise<void> => {
    await db.$transaction(async (tx) => {
      const request = await lockRequest(tx, requestId);
      if (request.status !== "awaiting_confirmation" || !request.person)
        throw new AppError("not_allowed_now", { reason: "status" });
      await sendConfirmation(tx, request.person, request, now);
      await audit(tx, staff, {
        action: "staff.request_confirmation_resent",
        personId: request.person.id,
        targetType: "request",
        targetId: request.id,
      });
    });
  },
);

async function sendConfirmation(
  tx: Parameters<typeof applyRestriction>[0],
  person: { id: string; email: string; language: string },
  request: { id: string; type: string; channel: string; receivedAt: Date },
  now: Date,
) {
  const token = signConfirmToken(request.id, person.id, now);
  await sendStaffEmail(
    tx,
    person,
    "requestConfirm",
    (locale) => ({
      type: typeName(locale, request.type),
      channel: channelName(locale, request.channel),
      date: longDate(locale, request.receivedAt),
    }),
    { path: `/confirm-request?token=${encodeURIComponent(token)}` },
  );
}

export type ConfirmOutcome = { status: "confirmed" | "already"; type: string };

/** The button on /confirm-request: the emailed token is the proof, no session needed. */
export const confirmRequest = defineUseCase(
  "requests.confirm_by_link",
  { action: "request.confirm_by_link", callers: ["system"] },
  async (actor, token: unknown, now: Date = new Date()): Promise<ConfirmOutcome> => {
    if (typeof token !== "string") throw new AppError("invalid_input");
    const claims = readConfirmToken(token);
    if (!claims) throw new AppError("invalid_input");
    return db.$transaction(async (tx) => {
      const request = await lockRequest(tx, claims.requestId);
      if (!request.person || request.person.id !== claims.personId) throw new AppError("not_found");
      if (request.status !== "awaiting_confirmation") return { status: "already", type: request.type };
      if (claims.expiresAt.getTime() < now.getTime()) throw new AppError("expired");
      if (request.type === "deletion") {
        // Starts the cooling-off period (and moves the request to "received" first).
        await beginCoolingOff(tx, request.id, now);
      } else {
        await transitionRequest(tx, request.id, "received");
        if (request.type === "restriction") {
          await applyRestriction(
            tx,
            { personId: request.person.id, requestId: request.id, ground: "requested" },
            now,
          );
        }
      }
      await audit(tx, actor, {
        action: "request.confirmed_by_person",
        personId: request.person.id,
        targetType: "request",
        targetId: request.id,
        meta: { type: request.type },
      });
      return { status: "confirmed", type: request.type };
    });
  },
);
