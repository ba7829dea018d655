// Emails in the person's language, from messages/<locale>/email.json. One layout, plain HTML with
// inline-free markup (no remote images, fonts or trackers) and a text part.
import { env } from "../env";
import { escapeHtml } from "../format/html";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";

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

export type Rendered = { subject: string; html: string; text: string };

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
  const footer = t("footer", vars);
  const paragraphs = [intro, body, ...extraLines].filter(Boolean);
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">
${paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0b5394;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(actionLabel)}</a></p><p style="font-size:13px;color:#555">${escapeHtml(action.url)}</p>` : ""}
<hr style="border:none;border-top:1px solid #ddd"><p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>
</body></html>`;
  const text = [...paragraphs, action ? `${actionLabel}: ${action.url}` : "", "--", footer]
    .filter(Boolean)
    .join("\n\n");
  return { subject, html, text };
}
