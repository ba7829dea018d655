// The button behind the link sent to the new address: that address has proved it is the person's.
// In one transaction the person's email and their sign-in identity (User, linked by personId)
// change, the history gets its entry, the recipients are told (the newsletter partner through its
// sync job) and the audit trail records it. An expired, replaced or already used link changes nothing.
import { defineUseCase, lockPerson } from "@/lib/kernel/use-case";
import { db } from "@/lib/db";
import { type Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/append";
import { AppError } from "@/lib/errors";
import { recordChanges } from "./change-history";
import { notifyRecipients } from "./notify-recipients";
import { addressTaken, emailChangeHash } from "./request-email-change";

const TOKEN = /^[A-Za-z0-9_-]{20,100}$/;

export type ConfirmEmailResult = { status: "confirmed" | "already_confirmed" };

/** Called with the system actor of the confirmation page: the emailed token is the proof. */
export const confirmEmailChange = defineUseCase(
  "email.change.confirm",
  { action: "email.change.confirm_by_link", callers: ["system"] },
  async (actor, rawToken: unknown, now: Date = new Date()): Promise<ConfirmEmailResult> => {
    if (typeof rawToken !== "string" || !TOKEN.test(rawToken)) throw new AppError("invalid_input");
    const hash = emailChangeHash(rawToken);

    try {
      return await confirmInTransaction(actor, hash, now);
    } catch (err) {
      // The address was taken between the check and the write (unique index): refused, nothing changed.
      if (isUniqueViolation(err)) throw new AppError("conflict");
      throw err;
    }
  },
);

async function confirmInTransaction(actor: Actor, hash: string, now: Date): Promise<ConfirmEmailResult> {
  return db.$transaction(async (tx) => {
    const found = await tx.emailChange.findUnique({ where: { tokenHash: hash } });
    if (!found) throw new AppError("not_found");
    if (!(await lockPerson(tx, found.personId))) throw new AppError("not_found");
    // Re-read under the person's lock: a double press waits here, then sees the first one.
    const change = await tx.emailChange.findUniqueOrThrow({ where: { id: found.id } });
    if (change.confirmedAt) return { status: "already_confirmed" };
    if (change.expiresAt <= now) throw new AppError("expired");
    const person = await tx.person.findUniqueOrThrow({
      where: { id: change.personId },
      select: { id: true, email: true },
    });
    if (await addressTaken(tx, change.newEmail, person.id)) throw new AppError("conflict");

    await tx.person.update({ where: { id: person.id }, data: { email: change.newEmail } });
    // The sign-in identity follows: from now on a link to the new address signs the person in.
    await tx.user.updateMany({ where: { personId: person.id }, data: { email: change.newEmail } });
    await tx.emailChange.update({ where: { id: change.id }, data: { confirmedAt: now } });
    // The person asked and their new mailbox confirmed: the change is theirs.
    await recordChanges(
      tx,
      person.id,
      [{ field: "email", old: person.email, new: change.newEmail }],
      { actorType: "person", staffMemberId: null },
      now,
    );
    await audit(tx, actor, {
      action: "email.change_confirmed",
      personId: person.id,
      targetType: "email_change",
      targetId: change.id,
    });
    await notifyRecipients(tx, actor, { personId: person.id, fields: ["email"] });
    return { status: "confirmed" };
  });
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } };
  return e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505";
}
