// The person asks to correct their date of birth or personnummer. Identity data is not changed by
// the person directly: the request (asked values and an optional note, encrypted with the person's
// key) waits for staff to confirm it. Impersonating staff may not file one (policy).
import { defineUseCase, lockPerson } from "@/lib/kernel/use-case";
import { db } from "@/lib/db";
import { audit } from "@/lib/audit/append";
import { AppError } from "@/lib/errors";
import { decryptWith, encryptForPerson, existingDataKey } from "@/lib/crypto/keys";
import { createRequest } from "@/lib/privacy/requests";
import { fieldErrorsOf, identityCorrectionInput } from "./details.validation";
import { openIdentityCorrection, type IdentityDetails } from "./identity-corrections";

export const requestIdentityCorrection = defineUseCase(
  "identity.correction.request",
  { action: "identity.correction.request", callers: ["person"] },
  async (subject, raw: unknown): Promise<{ requestId: string }> => {
    const parsed = identityCorrectionInput.safeParse(raw);
    if (!parsed.success) throw new AppError("invalid_input", fieldErrorsOf(parsed.error));
    const asked = parsed.data;

    return db.$transaction(async (tx) => {
      if (!(await lockPerson(tx, subject.personId))) throw new AppError("not_found");
      if (await openIdentityCorrection(tx, subject.personId))
        throw new AppError("not_allowed_now", { reason: "identity_correction_open" });
      const person = await tx.person.findUniqueOrThrow({
        where: { id: subject.personId },
        select: { id: true, dateOfBirth: true, personnummerEnc: true },
      });
      const currentPnr = decryptWith(await existingDataKey(tx, person.id), person.personnummerEnc);
      const currentDob = person.dateOfBirth?.toISOString().slice(0, 10) ?? null;
      const samePnr = !asked.personnummer || asked.personnummer === currentPnr;
      const sameDob = !asked.dateOfBirth || asked.dateOfBirth === currentDob;
      if (samePnr && sameDob) throw new AppError("invalid_input", { personnummer: "identity_unchanged" });

      const details: IdentityDetails = { kind: "identity", ...asked };
      const request = await createRequest(tx, {
        personId: person.id,
        type: "correction",
        detailsEnc: await encryptForPerson(tx, person.id, JSON.stringify(details)),
      });
      await audit(tx, subject, {
        action: "identity_correction.requested",
        personId: person.id,
        targetType: "request",
        targetId: request.id,
        meta: { dateOfBirth: Boolean(asked.dateOfBirth), personnummer: Boolean(asked.personnummer) },
      });
      return { requestId: request.id };
    });
  },
);
