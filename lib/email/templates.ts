// Emails in the person's language, from messages/<locale>/email.json, in the one layout
// (lib/email/layout.ts).
import { env } from "../env";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";
import { renderLayout, type Rendered } from "./layout";

export type EmailKind =
  | "signIn"
  | "stepUp"
  | "nothingHeld"
  | "copyReady"
  | "emailChangeConfirm"
  | "emailChangeUnavailable"
  | "emailChangedNotice"
  | "optInConfirm"
  | "deletionConfirm"
  | "deletionReminder"
  | "deletionReceipt"
  | "requestUpdate";

export type { Rendered };

/**
 * Renders `email.<kind>.subject`, `.intro`, `.body` (optional) and a call to action.
 * `values` fill the ICU placeholders; `action` is a button with its URL.
 */
export function renderEmail(
  locale: Locale,
  kind: EmailKind,
  values: Record<string, string | number> = {},
  action?: { url: string },
  extraLines: string[] = [],
): Rendered {
  const t = translator(locale, "email");
  const company = env().COMPANY_NAME;
  const vars = { company, ...values };
  const subject = t(`${kind}.subject`, vars);
  const intro = t(`${kind}.intro`, vars);
  const body = t.has(`${kind}.body`) ? t(`${kind}.body`, vars) : "";
  const actionLabel = t.has(`${kind}.action`) ? t(`${kind}.action`, vars) : "";
  const paragraphs = [intro, body, ...extraLines].filter(Boolean);
  return renderLayout(locale, {
    subject,
    paragraphs,
    action: action && { label: actionLabel, url: action.url },
    footer: [t("footer", vars)],
  });
}
