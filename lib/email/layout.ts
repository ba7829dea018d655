// The one email layout (docs/decisions/0005-email-templates.md): plain, accessible HTML with no
// remote images, fonts or trackers, and the same words as a text part. The portal's emails, the staff
// console's and the newsletter all render through it; each only chooses the words.
import { escapeHtml } from "../format/html";
import type { Locale } from "../i18n/config";

export type Rendered = { subject: string; html: string; text: string };

export type EmailLink = { label: string; url: string };

export type EmailContent = {
  subject: string;
  /** Paragraphs of plain text; a single line break inside one is kept. */
  paragraphs: string[];
  /** A button, with its URL also written out for clients that show no buttons. */
  action?: EmailLink;
  /** Small print below the rule: each entry a line of text or a row of links. */
  footer: (string | EmailLink[])[];
};

export function renderLayout(locale: Locale, content: EmailContent): Rendered {
  const { subject, paragraphs, action, footer } = content;
  const small = (inner: string) => `<p style="font-size:13px;color:#555">${inner}</p>`;
  const html = `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;line-height:1.5;color:#1a1a1a;max-width:560px;margin:0 auto;padding:24px">
${paragraphs.map((p) => `<p>${escapeHtml(p).replace(/\n/g, "<br>")}</p>`).join("\n")}
${action ? `<p><a href="${escapeHtml(action.url)}" style="display:inline-block;background:#0b5394;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none">${escapeHtml(action.label)}</a></p>${small(escapeHtml(action.url))}` : ""}
<hr style="border:none;border-top:1px solid #ddd">
${footer
  .map((line) =>
    small(
      typeof line === "string"
        ? escapeHtml(line)
        : line.map((l) => `<a href="${escapeHtml(l.url)}">${escapeHtml(l.label)}</a>`).join(" · "),
    ),
  )
  .join("\n")}
</body></html>`;
  const text = [
    ...paragraphs,
    action ? `${action.label}: ${action.url}` : "",
    "--",
    ...footer.flatMap((line) =>
      typeof line === "string" ? [line] : line.map((l) => `${l.label}: ${l.url}`),
    ),
  ]
    .filter(Boolean)
    .join("\n\n");
  return { subject, html, text };
}
