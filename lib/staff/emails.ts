// Emails the staff console sends to a person, in the person's language, from
// messages/<locale>/staffconsole.json ("email.<kind>"), in the one layout (lib/email/layout.ts), plus
// the request's type and dates in words.
import type { Tx } from "../db";
import { env } from "../env";
import { renderLayout, type Rendered } from "../email/layout";
import { queueEmail } from "../email/send";
import { type Locale, localeOf } from "../i18n/config";
import { translator } from "../i18n/messages";

export type StaffEmailKind =
  | "requestConfirm"
  | "extension"
  | "refusal"
  | "feeOffer"
  | "resolved"
  | "restrictionApplied"
  | "restrictionLiftNotice";

export type { Rendered };

export function renderStaffEmail(
  locale: Locale,
  kind: StaffEmailKind,
  values: Record<string, string | number> = {},
  action?: { url: string },
): Rendered {
  const t = translator(locale, "staffconsole");
  const company = env().COMPANY_NAME;
  const vars = { company, contact: env().COMPANY_EMAIL, ...values };
  const key = (k: string) => `email.${kind}.${k}`;
  const subject = t(key("subject"), vars);
  const paragraphs = ["intro", "body", "rights"]
    .filter((k) => t.has(key(k)))
    .map((k) => t(key(k), vars))
    .filter(Boolean);
  const actionLabel = action && t.has(key("action")) ? t(key("action"), vars) : "";
  return renderLayout(locale, {
    subject,
    paragraphs,
    action: action && { label: actionLabel, url: action.url },
    footer: [t("email.footer", vars)],
  });
}

/** Renders and queues one email to the person, in the caller's transaction. */
export async function sendStaffEmail(
  tx: Tx,
  person: { id: string; email: string; language: string },
  kind: StaffEmailKind,
  values: (locale: Locale) => Record<string, string | number>,
  action?: { path: string },
): Promise<string> {
  const locale = localeOf(person.language);
  const mail = renderStaffEmail(
    locale,
    kind,
    values(locale),
    action ? { url: new URL(action.path, env().PORTAL_URL).toString() } : undefined,
  );
  return queueEmail(tx, { to: person.email, kind, personId: person.id, ...mail });
}

/** The request type in the person's language (from messages/<locale>/requests.json). */
export function typeName(locale: Locale, type: string): string {
  const t = translator(locale, "requests");
  return t.has(`types.${type}`) ? t(`types.${type}`) : type;
}

export function channelName(locale: Locale, channel: string): string {
  const t = translator(locale, "requests");
  return t.has(`channels.${channel}`) ? t(`channels.${channel}`) : channel;
}

/** A date in words, as the person reads it (Stockholm calendar). */
export function longDate(locale: Locale, date: Date): string {
  return new Intl.DateTimeFormat(locale === "sv" ? "sv-SE" : "en-GB", {
    timeZone: "Europe/Stockholm",
    dateStyle: "long",
  }).format(date);
}

export function money(locale: Locale, ore: number): string {
  return new Intl.NumberFormat(locale === "sv" ? "sv-SE" : "en-GB", {
    style: "currency",
    currency: "SEK",
  }).format(ore / 100);
}
