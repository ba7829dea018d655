// A newsletter email in one language: the body as written (plain text; blank lines separate
// paragraphs), then why the person gets it and the one-click way out, and the portal's footer. No
// remote images, fonts or trackers. The same function renders the staff console's preview.
import { env } from "../env";
import { escapeHtml } from "../format/html";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";

export type RenderedNewsletter = { subject: string; html: string; text: string };

export function renderNewsletter(
  locale: Locale,
  content: { subject: string; body: string; topicName: string },
  links: { unsubscribe: string; preferences: string },
): RenderedNewsletter {
  const t = translator(locale, "newsletter.email");
  const company = env().COMPANY_NAME;
  const paragraphs = content.body
    .replace(/\r\n?/g, "\n")
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean);
  const why = t("why", { company, topic: content.topicName });
  const footer = translator(locale, "email")("footer", { company });
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(content.subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("\n")}
<hr style="border:none;border-top:1px solid #ddd">
<p style="font-size:13px;color:#555">${escapeHtml(why)}</p>
<p style="font-size:13px;color:#555"><a href="${escapeHtml(links.unsubscribe)}">${escapeHtml(t("unsubscribe"))}</a> · <a href="${escapeHtml(links.preferences)}">${escapeHtml(t("preferences"))}</a></p>
<p style="font-size:13px;color:#555">${escapeHtml(footer)}</p>
</body></html>`;
  const text = [
    ...paragraphs,
    "--",
    why,
    `${t("unsubscribe")}: ${links.unsubscribe}`,
    `${t("preferences")}: ${links.preferences}`,
    footer,
  ].join("\n\n");
  return { subject: content.subject, html, text };
}
