// Asking to change the sign-in email. Nothing changes yet: a link goes to the NEW address (only its
// keyed hash is stored; it lives settings.linkLifetimeMinutes) and the OLD address is told. Only the
// person, after a recent sign-in, may ask; impersonating staff may not (policy). An address someone
// else uses gets the same answer; its mailbox is told it cannot be used.
import { defineUseCase, lockPerson } from "@/lib/kernel/use-case";
import { randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { isStepUpFresh } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/append";
import { hit } from "@/lib/auth/rate-limit";
import { normaliseEmail } from "@/lib/auth/people";
import { AppError } from "@/lib/errors";
import { keyedHash } from "@/lib/crypto/keys";
import { queueEmail } from "@/lib/email/send";
import { renderEmail } from "@/lib/email/templates";
import { localeOf } from "@/lib/i18n/config";
import { getSettings } from "@/lib/settings";
import { emailChangeInput, fieldErrorsOf } from "./details.validation";

/** Requests per person per hour: enough for typos, not enough to flood someone's inbox. */
export const EMAIL_CHANGE_LIMIT = 5;

export function emailChangeHash(rawToken: string): string {
  return keyedHash("email-change", rawToken);
}

export const requestEmailChange = defineUseCase(
  "email.change.request",
  { action: "email.change", callers: ["person"] },
  async (subject, raw: unknown, now: Date = new Date()): Promise<{ expiresAt: Date }> => {
    const settings = await getSettings();
    if (!isStepUpFresh(subject, settings.stepUpMinutes, now)) throw new AppError("step_up_required");
    const parsed = emailChangeInput.safeParse(raw);
    if (!parsed.success) throw new AppError("invalid_input", fieldErrorsOf(parsed.error));
    const newEmail = normaliseEmail(parsed.data.newEmail);

    return db.$transaction(async (tx) => {
      if (!(await lockPerson(tx, subject.personId))) throw new AppError("not_found");
      const person = await tx.person.findUniqueOrThrow({
        where: { id: subject.personId },
        select: { id: true, email: true, language: true },
      });
      if (newEmail === normaliseEmail(person.email))
        throw new AppError("invalid_input", { newEmail: "email_same" });
      // Counted before any lookup of the address, and counted whatever the address turns out to be.
      const limit = await hit(tx, "email-change", person.id, EMAIL_CHANGE_LIMIT, 60, now);
      if (!limit.allowed) throw new AppError("rate_limited");

      // A new request replaces any earlier one that is still waiting: only the latest link works.
      await tx.emailChange.updateMany({
        where: { personId: person.id, confirmedAt: null, expiresAt: { gt: now } },
        data: { expiresAt: now },
      });
      const expiresAt = new Date(now.getTime() + settings.linkLifetimeMinutes * 60_000);
      const locale = localeOf(person.language);
      // The answer, the page afterwards ("waiting for you to confirm …"), the notice to the old address and
      // the replaced earlier link are the same whether or not someone else uses the address. Only that
      // mailbox learns it cannot be used: it gets no link, and the stored token was never sent to anyone.
      const taken = await addressTaken(tx, newEmail, person.id);
      const rawToken = randomBytes(32).toString("base64url");
      const change = await tx.emailChange.create({
        data: {
          personId: person.id,
          newEmail,
          tokenHash: emailChangeHash(rawToken),
          expiresAt,
          createdAt: now,
        },
      });
      if (taken) {
        const unavailable = renderEmail(locale, "emailChangeUnavailable");
        await queueEmail(tx, { to: newEmail, kind: "emailChangeUnavailable", ...unavailable });
      } else {
        const url = new URL("/confirm-email", env().PORTAL_URL);
        url.searchParams.set("token", rawToken);
        const confirm = renderEmail(
          locale,
          "emailChangeConfirm",
          { minutes: settings.linkLifetimeMinutes },
          { url: url.toString() },
        );
        await queueEmail(tx, { to: newEmail, kind: "emailChangeConfirm", ...confirm, personId: person.id });
      }
      const notice = renderEmail(locale, "emailChangedNotice", { newEmail });
      await queueEmail(tx, { to: person.email, kind: "emailChangedNotice", ...notice, personId: person.id });

      await audit(tx, subject, {
        action: "email.change_requested",
        personId: person.id,
        targetType: "email_change",
        targetId: change.id,
        meta: taken ? { addressInUse: true } : undefined,
      });
      return { expiresAt };
    });
  },
);

/** Another person, another sign-in identity or a staff member already uses the address. */
export async function addressTaken(tx: Tx, email: string, personId: string): Promise<boolean> {
  // Addresses are stored normalised: equality, never a pattern (ILIKE read `_` as any character).
  const address = normaliseEmail(email);
  // One after the other: a transaction runs on one connection.
  const person = await tx.person.findUnique({ where: { email: address }, select: { id: true } });
  if (person && person.id !== personId) return true;
  const user = await tx.user.findFirst({
    where: { email: address, OR: [{ personId: null }, { NOT: { personId } }] },
    select: { id: true },
  });
  if (user) return true;
  const staff = await tx.staffMember.findUnique({ where: { email: address }, select: { id: true } });
  return Boolean(staff);
}
