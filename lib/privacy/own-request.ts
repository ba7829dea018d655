// The person's own restriction (Art. 18) or objection (Art. 21(1)), filed from the portal. A
// restriction takes effect at once; staff then decide both.
import { defineUseCase, lockPerson, parseCheckedInput } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { encryptForPerson } from "../crypto/keys";
import { AppError } from "../errors";
import { sendStaffEmail } from "../staff/emails";
import { applyRestriction } from "../staff/restriction";
import { personRequestInput } from "../staff/validation";
import { createRequest, OPEN_STATUSES } from "./requests";

export type OwnRequestResult = { requestId: string; existing: boolean };

/** The person files a restriction or an objection from the portal. */
export const fileOwnRequest = defineUseCase(
  "requests.file_own",
  {
    action: (raw: unknown) =>
      personRequestInput.safeParse(raw).data?.type === "objection" ? "objection.file" : "restriction.file",
    // A restriction or an objection is the person's own act, never one done on their behalf.
    callers: ["person"],
  },
  async (actor, raw: unknown, now: Date = new Date()): Promise<OwnRequestResult> => {
    const input = parseCheckedInput(personRequestInput, raw);
    const personId = actor.personId;
    return db.$transaction(async (tx) => {
      if (!(await lockPerson(tx, personId))) throw new AppError("not_found");
      const open = await tx.request.findFirst({
        where: { personId, type: input.type, status: { in: OPEN_STATUSES } },
        select: { id: true },
      });
      if (open) return { requestId: open.id, existing: true };
      const details = input.details ? await encryptForPerson(tx, personId, input.details) : null;
      const request = await createRequest(tx, {
        personId,
        type: input.type,
        status: "received",
        channel: "portal",
        receivedAt: now,
        detailsEnc: details,
      });
      if (input.type === "restriction") {
        await applyRestriction(tx, { personId, requestId: request.id, ground: input.ground }, now);
        const person = await tx.person.findUniqueOrThrow({ where: { id: personId } });
        await sendStaffEmail(tx, person, "restrictionApplied", () => ({}), { path: "/requests" });
      }
      await audit(tx, actor, {
        action: input.type === "restriction" ? "restriction.requested" : "objection.requested",
        personId,
        targetType: "request",
        targetId: request.id,
        meta: input.type === "restriction" ? { ground: input.ground } : undefined,
      });
      return { requestId: request.id, existing: false };
    });
  },
);
