// A newsletter email in one language: the body as written (plain text; blank lines separate
// paragraphs), then why the person gets it and the one-click way out, and the portal's footer, in
// the one email layout (lib/email/layout.ts). The same function renders the staff console's preview.
import { env } from "../env";
import { renderLayout, type Rendered } from "../email/layout";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";

export type RenderedNewsletter = Rendered;

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
  return renderLayout(locale, {
    subject: content.subject,
    paragraphs,
    footer: [
      why,
      [
        { label: t("unsubscribe"), url: links.unsubscribe },
        { label: t("preferences"), url: links.preferences },
      ],
      footer,
    ],
  });
}
