// Staff decide a person's request to correct their date of birth or personnummer. Confirming applies
// the asked values (personnummer normalised, encrypted, its keyed hash updated), writes the history,
// tells the recipients (Art. 19) and completes the request; declining refuses it with the reason.
// Either way the person is emailed, and everything happens in one transaction with the audit entry.
import { defineUseCase, lockPerson } from "@/lib/kernel/use-case";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { type StaffActor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/append";
import { AppError } from "@/lib/errors";
import { decryptWith, encryptForPerson, existingDataKey } from "@/lib/crypto/keys";
import { personnummerHash } from "@/lib/crypto/personnummer-hash";
import { queueEmail } from "@/lib/email/send";
import { renderEmail } from "@/lib/email/templates";
import { localeOf } from "@/lib/i18n/config";
import { translator } from "@/lib/i18n/messages";
import { isOpen, transitionRequest } from "@/lib/privacy/requests";
import { birthDateOf } from "@/lib/validation/personnummer";
import { authorOf, onlyChanged, recordChanges } from "./change-history";
import { fieldErrorsOf, identityDecisionInput } from "./details.validation";
import type { FieldChange } from "./fields";
import { readIdentityDetails } from "./identity-corrections";
import { notifyRecipients } from "./notify-recipients";

export type IdentityDecisionResult = { status: "confirmed" | "declined"; changed: string[] };

export const decideIdentityCorrection = defineUseCase(
  "identity.correction.decide",
  { action: "staff.requests.manage", callers: ["staff"] },
  async (
    actor,
    requestId: string,
    decision: "confirm" | "decline",
    reason?: string,
  ): Promise<IdentityDecisionResult> => {
    const parsed = identityDecisionInput.safeParse({ requestId, decision, reason: reason ?? undefined });
    if (!parsed.success) throw new AppError("invalid_input", fieldErrorsOf(parsed.error));
    const input = parsed.data;

    try {
      return await db.$transaction(async (tx) => {
        const found = await tx.request.findUnique({ where: { id: input.requestId } });
        if (!found || found.type !== "correction" || !found.personId) throw new AppError("not_found");
        const personId = found.personId;
        if (!(await lockPerson(tx, personId))) throw new AppError("not_found");
        // Re-read under the lock: two staff deciding at once, the second sees the first decision.
        const request = await tx.request.findUniqueOrThrow({ where: { id: found.id } });
        const asked = await readIdentityDetails(tx, personId, request.detailsEnc);
        if (!asked) throw new AppError("not_found");
        if (!isOpen(request.status)) throw new AppError("not_allowed_now", { reason: "status" });

        if (input.decision === "decline") {
          await transitionRequest(tx, request.id, "refused", { decisionReason: input.reason ?? null });
          await audit(tx, actor, {
            action: "identity_correction.declined",
            personId,
            targetType: "request",
            targetId: request.id,
          });
          await tellPerson(tx, personId, "declined", input.reason ?? "");
          return { status: "declined", changed: [] };
        }

        const changes = await applyIdentity(tx, actor, personId, asked);
        await transitionRequest(tx, request.id, "completed", { decisionReason: input.reason || null });
        await audit(tx, actor, {
          action: "identity_correction.confirmed",
          personId,
          targetType: "request",
          targetId: request.id,
          meta: { fields: changes.map((c) => c.field).join(","), count: changes.length },
        });
        if (changes.length > 0) {
          await notifyRecipients(tx, actor, {
            personId,
            fields: changes.map((c) => c.field),
            requestId: request.id,
          });
        }
        await tellPerson(tx, personId, "confirmed", input.reason ?? "");
        return { status: "confirmed", changed: changes.map((c) => c.field) };
      });
    } catch (err) {
      // The personnummer was taken by another record between the check and the write.
      if (isUniqueViolation(err)) throw new AppError("conflict");
      throw err;
    }
  },
);

async function applyIdentity(
  tx: Tx,
  actor: StaffActor,
  personId: string,
  asked: { dateOfBirth: string | null; personnummer: string | null },
): Promise<FieldChange[]> {
  const person = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: { id: true, dateOfBirth: true, personnummerEnc: true },
  });
  const oldPnr = decryptWith(await existingDataKey(tx, personId), person.personnummerEnc);
  const oldDob = person.dateOfBirth?.toISOString().slice(0, 10) ?? null;
  const newPnr = asked.personnummer ?? oldPnr;
  // A corrected personnummer carries the date of birth with it.
  const newDob = asked.dateOfBirth ?? (asked.personnummer ? birthDateOf(asked.personnummer) : oldDob);
  const changes = onlyChanged([
    { field: "personnummer", old: oldPnr, new: newPnr },
    { field: "dateOfBirth", old: oldDob, new: newDob },
  ]);
  if (changes.length === 0) return [];

  const data: {
    dateOfBirth?: Date | null;
    personnummerEnc?: Uint8Array<ArrayBuffer> | null;
    personnummerHash?: string | null;
  } = {};
  if (newPnr !== oldPnr && newPnr) {
    const hash = personnummerHash(newPnr);
    if (!hash) throw new AppError("invalid_input");
    const holder = await tx.person.findUnique({ where: { personnummerHash: hash }, select: { id: true } });
    if (holder && holder.id !== personId) throw new AppError("conflict");
    data.personnummerEnc = await encryptForPerson(tx, personId, newPnr);
    data.personnummerHash = hash;
  }
  if (newDob !== oldDob) data.dateOfBirth = newDob ? new Date(`${newDob}T00:00:00.000Z`) : null;
  await tx.person.update({ where: { id: personId }, data });
  await recordChanges(tx, personId, changes, authorOf(actor), new Date());
  return changes;
}

async function tellPerson(tx: Tx, personId: string, outcome: "confirmed" | "declined", reason: string) {
  const person = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: { email: true, language: true },
  });
  const locale = localeOf(person.language);
  const t = translator(locale, "details");
  const type = translator(locale, "requests")("types.correction");
  const message = t(`identity.email.${outcome}`, { reason }).trim();
  const mail = renderEmail(
    locale,
    "requestUpdate",
    { type, message },
    { url: new URL("/details", env().PORTAL_URL).toString() },
  );
  await queueEmail(tx, { to: person.email, kind: "requestUpdate", ...mail, personId });
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505";
}
