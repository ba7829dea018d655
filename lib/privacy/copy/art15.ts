// The Art. 15(1)–(2) information of a copy, generated from the data map (never hand-written): per
// category its purposes, legal basis, source, recipients and roles, transfers, retention and automated
// decisions, then the person's rights, how to complain to IMY or the supervisory authority where they
// live or work, and the right to go to court. What the company has not stated is said to be so.
import type { MapCategory } from "../../datamap/read";
import type { Locale } from "../../i18n/config";
import { translator } from "../../i18n/messages";
import { escapeHtml } from "../../format/html";

export type Art15Document = {
  title: string;
  generatedAt: string;
  language: Locale;
  controller: { name: string; email: string };
  categories: {
    key: string;
    name: string;
    description: string;
    purposes: { key: string; text: string; legalBasis: string | null }[];
    legalBasis: string | null;
    source: string;
    recipients: {
      key: string;
      name: string;
      role: "processor" | "controller";
      outsideEea: boolean | null;
      safeguard: string | null;
    }[];
    retention: string;
    legalHold: string | null;
    automatedDecision: boolean | null;
    automatedLogic: string | null;
  }[];
  /** null anywhere above: not stated by the company yet (shown as "to be confirmed by the company"). */
  notStatedMeans: string;
  rights: string[];
  complaint: string;
  court: string;
  howToUseRights: string;
};

/** The copy's texts in one language (the copy, the "my data" page and the privacy notice use them). */
export type CopyText = {
  locale: Locale;
  t: ReturnType<typeof translator>;
  d: ReturnType<typeof translator>;
};

const texts = new Map<Locale, CopyText>();

/** Made once per language in production, where the messages do not change; afresh otherwise. */
export function copyText(locale: Locale): CopyText {
  const kept = texts.get(locale);
  if (kept) return kept;
  const text = { locale, t: translator(locale, "copy"), d: translator(locale, "datamap") };
  if (process.env.NODE_ENV === "production") texts.set(locale, text);
  return text;
}

export function art15Document(
  map: MapCategory[],
  text: CopyText,
  controller: { name: string; email: string },
  generatedAt: Date,
): Art15Document {
  const { t, locale } = text;
  const vars = { company: controller.name, email: controller.email };
  return {
    title: t("art15.title"),
    generatedAt: generatedAt.toISOString(),
    language: locale,
    controller,
    categories: map.map((c) => ({
      key: c.key,
      name: c.name,
      description: c.description,
      purposes: c.purposes,
      legalBasis: c.legalBasis,
      source: c.source,
      recipients: c.recipients.map((r) => ({
        key: r.key,
        name: r.name,
        role: r.role,
        outsideEea: r.outsideEea,
        safeguard: r.safeguard,
      })),
      retention: c.retention,
      legalHold: c.legalHold,
      automatedDecision: c.automatedDecision,
      automatedLogic: c.automatedLogic,
    })),
    notStatedMeans: t("art15.toBeConfirmed"),
    rights: t.raw("art15.rights") as string[],
    complaint: t("art15.complaint"),
    court: t("art15.court"),
    howToUseRights: t("art15.how", vars),
  };
}

/** The facts of one category as HTML (shared by art15.html and report.html). */
export function categoryFactsHtml(c: Art15Document["categories"][number], text: CopyText): string {
  const { t, d } = text;
  const tbc = `<span class="tbc">${escapeHtml(t("art15.toBeConfirmed"))}</span>`;
  const basis = (b: string | null) => (b ? escapeHtml(d.has(`basis.${b}`) ? d(`basis.${b}`) : b) : tbc);
  const purposes = c.purposes
    .map(
      (p) => `<li>${escapeHtml(p.text)} (${escapeHtml(t("art15.legalBasis"))}: ${basis(p.legalBasis)})</li>`,
    )
    .join("");
  const recipients = c.recipients.length
    ? `<ul>${c.recipients
        .map((r) => {
          const transfer =
            r.outsideEea === null
              ? tbc
              : r.outsideEea
                ? `${escapeHtml(d("outsideEea"))} (${escapeHtml(d("safeguard"))}: ${r.safeguard ? escapeHtml(r.safeguard) : tbc})`
                : escapeHtml(d("insideEea"));
          return `<li><strong>${escapeHtml(r.name)}</strong>: ${escapeHtml(d(`role.${r.role}`))}. ${escapeHtml(t("art15.transfers"))}: ${transfer}</li>`;
        })
        .join("")}</ul>`
    : escapeHtml(t("art15.noRecipients"));
  const hold = c.legalHold && d.has(`hold.${c.legalHold}`) ? ` ${escapeHtml(d(`hold.${c.legalHold}`))}` : "";
  const automated =
    c.automatedDecision === null
      ? tbc
      : c.automatedDecision
        ? `${escapeHtml(d("automatedYes"))} ${escapeHtml(c.automatedLogic ?? "")}`
        : escapeHtml(d("automatedNo"));
  return `<dl class="facts">
<dt>${escapeHtml(t("art15.purposes"))}</dt><dd><ul>${purposes}</ul></dd>
<dt>${escapeHtml(t("art15.legalBasis"))}</dt><dd>${basis(c.legalBasis)}</dd>
<dt>${escapeHtml(t("art15.source"))}</dt><dd>${escapeHtml(c.source)}</dd>
<dt>${escapeHtml(t("art15.recipients"))}</dt><dd>${recipients}</dd>
<dt>${escapeHtml(t("art15.retention"))}</dt><dd>${escapeHtml(c.retention)}${hold}</dd>
<dt>${escapeHtml(t("art15.automated"))}</dt><dd>${automated}</dd>
</dl>`;
}

/** The rights, complaint and court paragraphs as HTML. */
export function rightsHtml(doc: Art15Document, text: CopyText): string {
  const { t } = text;
  return `<h2 id="rights">${escapeHtml(t("art15.rightsTitle"))}</h2>
<ul>${doc.rights.map((r) => `<li>${escapeHtml(r)}</li>`).join("")}</ul>
<h3>${escapeHtml(t("art15.howTitle"))}</h3>
<p>${escapeHtml(doc.howToUseRights)}</p>
<h2 id="complaints">${escapeHtml(t("art15.complaintTitle"))}</h2>
<p>${escapeHtml(doc.complaint)}</p>
<p>${escapeHtml(doc.court)}</p>`;
}

export function art15Html(doc: Art15Document, text: CopyText): string {
  const { t, locale } = text;
  const sections = doc.categories
    .map(
      (c) => `<section id="cat-${escapeHtml(c.key)}">
<h3>${escapeHtml(c.name)}</h3>
<p>${escapeHtml(c.description)}</p>
${categoryFactsHtml(c, text)}
</section>`,
    )
    .join("\n");
  return htmlPage(
    locale,
    doc.title,
    `<header><h1>${escapeHtml(doc.title)}</h1></header>
<main>
<h2>${escapeHtml(t("art15.controllerTitle"))}</h2>
<p>${escapeHtml(t("art15.controller", { company: doc.controller.name, email: doc.controller.email }))}</p>
<h2>${escapeHtml(t("art15.categoriesTitle"))}</h2>
${sections}
${rightsHtml(doc, text)}
</main>`,
  );
}

/**
 * A self-contained page: styles inline, no scripts, and a Content-Security-Policy that forbids every
 * request, so even a value that looked like a URL could never be fetched.
 */
export function htmlPage(locale: Locale, title: string, body: string): string {
  return `${htmlHead(locale, title)}${body}
</body>
</html>
`;
}

export function htmlHead(locale: Locale, title: string): string {
  return `<!doctype html>
<html lang="${locale}">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'">
<meta name="referrer" content="no-referrer">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title>
<style>${REPORT_CSS}</style>
</head>
<body>
`;
}

const REPORT_CSS = `
:root{color:#1b1f24;background:#fff;font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;line-height:1.45}
body{max-width:1100px;margin:0 auto;padding:24px}
h1{font-size:1.7rem;margin:0 0 8px}h2{font-size:1.3rem;margin:32px 0 8px;border-bottom:1px solid #d0d7de;padding-bottom:4px}
h3{font-size:1.1rem;margin:20px 0 6px}
table{border-collapse:collapse;width:100%;font-size:.85rem;margin:6px 0 12px}
th,td{text-align:left;padding:3px 6px;border:1px solid #d0d7de;vertical-align:top;overflow-wrap:anywhere}
th{background:#f6f8fa}
dl.facts,dl.record{display:grid;grid-template-columns:minmax(160px,max-content) 1fr;gap:2px 16px;margin:6px 0}
dt{font-weight:600}dd{margin:0}
dl.parts{display:grid;grid-template-columns:max-content 1fr;gap:0 8px;margin:0}dl.parts dt{font-weight:400;color:#57606a}
.tbc{font-style:italic;color:#7d4e00}.muted{color:#57606a}.notice{border-left:4px solid #7d4e00;padding:6px 10px;background:#f6f8fa}
nav ol{columns:2}
@media print{body{padding:0;max-width:none}nav{display:none}h2{break-after:avoid}tr,dl{break-inside:avoid}thead{display:table-header-group}}
`;
