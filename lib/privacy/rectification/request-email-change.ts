// Asking to change the sign-in email. Nothing changes yet: a link goes to the NEW address (only its
// keyed hash is stored; it lives settings.linkLifetimeMinutes) and the OLD address is told. Only the
// person, after a recent sign-in, may ask; impersonating staff may not (policy).
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { isStepUpFresh, type Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/append";
import { hit } from "@/lib/auth/rate-limit";
import { AppError } from "@/lib/errors";
import { keyedHash } from "@/lib/crypto/keys";
import { queueEmail } from "@/lib/email/send";
import { renderEmail } from "@/lib/email/templates";
import { isLocale } from "@/lib/i18n/config";
import { getSettings } from "@/lib/settings";
import { emailChangeInput, fieldErrorsOf } from "./details.validation";
import { lockPersonRow, requireSubjectActor } from "./subject";

/** Requests per person per hour: enough for typos, not enough to flood someone's inbox. */
export const EMAIL_CHANGE_LIMIT = 5;

export function emailChangeHash(rawToken: string): string {
  return keyedHash("email-change", rawToken);
}

export async function requestEmailChange(
  actor: Actor | null,
  raw: unknown,
  now = new Date(),
): Promise<{ emailChangeId: string; expiresAt: Date }> {
  const subject = requireSubjectActor(actor, "email.change");
  if (subject.kind !== "person") throw new AppError("forbidden");
  const settings = await getSettings();
  if (!isStepUpFresh(subject, settings.stepUpMinutes, now)) throw new AppError("step_up_required");
  const parsed = emailChangeInput.safeParse(raw);
  if (!parsed.success) throw new AppError("invalid_input", fieldErrorsOf(parsed.error));
  const newEmail = parsed.data.newEmail;

  return db.$transaction(async (tx) => {
    if (!(await lockPersonRow(tx, subject.personId))) throw new AppError("not_found");
    const person = await tx.person.findUniqueOrThrow({
      where: { id: subject.personId },
      select: { id: true, email: true, language: true },
    });
    if (newEmail === person.email.toLowerCase())
      throw new AppError("invalid_input", { newEmail: "email_same" });
    // Refused without saying whose it is.
    if (await addressTaken(tx, newEmail, person.id))
      throw new AppError("invalid_input", { newEmail: "email_taken" });
    const limit = await hit(tx, "email-change", person.id, EMAIL_CHANGE_LIMIT, 60, now);
    if (!limit.allowed) throw new AppError("rate_limited");

    // A new request replaces any earlier one that is still waiting: only the latest link works.
    await tx.emailChange.updateMany({
      where: { personId: person.id, confirmedAt: null, expiresAt: { gt: now } },
      data: { expiresAt: now },
    });
    const rawToken = randomBytes(32).toString("base64url");
    const expiresAt = new Date(now.getTime() + settings.linkLifetimeMinutes * 60_000);
    const change = await tx.emailChange.create({
      data: {
        personId: person.id,
        newEmail,
        tokenHash: emailChangeHash(rawToken),
        expiresAt,
        createdAt: now,
      },
    });

    const locale = isLocale(person.language) ? person.language : "sv";
    const url = new URL("/confirm-email", env().PORTAL_URL);
    url.searchParams.set("token", rawToken);
    const confirm = renderEmail(
      locale,
      "emailChangeConfirm",
      { minutes: settings.linkLifetimeMinutes },
      { url: url.toString() },
    );
    await queueEmail(tx, { to: newEmail, kind: "emailChangeConfirm", ...confirm, personId: person.id });
    const notice = renderEmail(locale, "emailChangedNotice", { newEmail });
    await queueEmail(tx, { to: person.email, kind: "emailChangedNotice", ...notice, personId: person.id });

    await audit(tx, subject, {
      action: "email.change_requested",
      personId: person.id,
      targetType: "email_change",
      targetId: change.id,
    });
    return { emailChangeId: change.id, expiresAt };
  });
}

/** Another person, another sign-in identity or a staff member already uses the address. */
export async function addressTaken(tx: Tx, email: string, personId: string): Promise<boolean> {
  // One after the other: a transaction runs on one connection.
  const person = await tx.person.findFirst({
    where: { email: { equals: email, mode: "insensitive" }, NOT: { id: personId } },
    select: { id: true },
  });
  if (person) return true;
  const user = await tx.user.findFirst({
    where: { email: { equals: email, mode: "insensitive" }, OR: [{ personId: null }, { NOT: { personId } }] },
    select: { id: true },
  });
  if (user) return true;
  const staff = await tx.staffMember.findFirst({
    where: { email: { equals: email, mode: "insensitive" } },
    select: { id: true },
  });
  return Boolean(staff);
}
