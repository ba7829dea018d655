// One section of the "my data" page (a kind of record within a category) as HTML: its title, how many
// records there are, the records (lib/privacy/records-html.ts, as in the copy's report.html), and the
// way to the rest. Written as markup rather than React elements: the overview holds some thirty
// sections, and rendering them as a thousand elements cost more than all of the page's data reads
// (docs/decisions/0014-record-views-as-html.md). Every text passes escapeHtml.
import type { getTranslations } from "next-intl/server";
import { escapeHtml } from "@/lib/format/html";
import type { SectionView } from "@/lib/privacy/my-data";
import type { ValueFormatter } from "@/lib/format/values";
import { columnLabeller, recordsHtml } from "@/lib/privacy/records-html";

type Translator<N extends "mydata" | "copy"> = Awaited<ReturnType<typeof getTranslations<N>>>;

export type SectionTexts = { t: Translator<"mydata">; c: Translator<"copy">; format: ValueFormatter };

export function sectionHtml(
  section: SectionView,
  { categoryName, focused }: { categoryName: string; focused: boolean },
  { t, c, format }: SectionTexts,
): string {
  const { spec } = section;
  const name = c.has(`sections.${spec.key}`) ? c(`sections.${spec.key}`) : spec.key;
  const title = escapeHtml(name);
  const label = columnLabeller(c as unknown as Parameters<typeof columnLabeller>[0], spec.key);
  const records = recordsHtml(spec.columns, label, format);
  const link = (page: number, text: string) =>
    `<a href="${escapeHtml(`/my-data?category=${encodeURIComponent(spec.category)}&page=${page}`)}">${escapeHtml(text)}</a>`;

  if (spec.single) {
    const row = section.rows[0] ?? {};
    const masked = typeof row.personnummer === "string" && row.personnummer !== "";
    return `<h4>${title}</h4>${records.single(row)}${masked ? `<p>${escapeHtml(t("masked"))}</p>` : ""}`;
  }

  let count = escapeHtml(t("records", { count: section.total }));
  if (!focused && section.total > section.rows.length) {
    count += ` · ${escapeHtml(t("latest", { shown: section.rows.length, total: section.total }))} ${link(
      1,
      t("showAll", { total: section.total, category: categoryName }),
    )}`;
  }
  let pages = "";
  if (focused && section.pages > 1) {
    const parts = [];
    if (section.page > 1) parts.push(link(section.page - 1, t("previous")));
    parts.push(escapeHtml(t("page", { page: section.page, pages: section.pages })));
    if (section.page < section.pages) parts.push(link(section.page + 1, t("next")));
    pages = `<nav aria-label="${escapeHtml(t("pagination", { section: name }))}"><p>${parts.join(" ")}</p></nav>`;
  }
  // The wrapper is focusable so a wide table can be scrolled with the keyboard.
  return `<h4>${title}</h4><p>${count}</p><div class="table-wrap" tabindex="0" role="region" aria-label="${title}"><table><caption class="sr-only">${title}</caption>${records.head}<tbody>${section.rows.map(records.row).join("")}</tbody></table></div>${pages}`;
}
