import { describe, expect, it } from "vitest";
import type { SectionSpec } from "@/lib/connectors/types";
import { translator } from "@/lib/i18n/messages";
import { valueFormatter } from "@/lib/format/values";
import type { SectionView } from "@/lib/privacy/my-data";
import { sectionHtml, type SectionTexts } from "./section-html";

const HOSTILE = `"><script>alert(1)</script><img src=x onerror=alert(2)>'&`;

const texts = (locale: "sv" | "en"): SectionTexts => ({
  t: translator(locale, "mydata") as unknown as SectionTexts["t"],
  c: translator(locale, "copy") as unknown as SectionTexts["c"],
  format: valueFormatter(locale),
});

const table: SectionSpec = {
  category: "history",
  key: "orders",
  heldBy: "shop",
  columns: [
    { key: "order_number", type: "string" },
    { key: "placed_at", type: "datetime" },
    { key: "total_ore", type: "money_ore" },
    { key: "items", type: "json" },
  ],
};

function view(spec: SectionSpec, rows: SectionView["rows"], over: Partial<SectionView> = {}): SectionView {
  return { spec, rows, total: rows.length, page: 1, pages: 1, ...over };
}

/** The markup's elements and attributes, as a browser would parse them (no script runs here). */
function tags(html: string): string[] {
  return [...html.matchAll(/<([a-z0-9]+)([^>]*)>/gi)].map((m) => `${m[1]}${m[2]}`);
}

describe("a section of the my-data page as HTML", () => {
  it("escapes every stored value, so a record cannot add markup", () => {
    const html = sectionHtml(
      view(table, [
        {
          order_number: HOSTILE,
          placed_at: "2026-03-01T10:00:00Z",
          total_ore: 12345,
          items: { name: HOSTILE },
        },
      ]),
      { categoryName: HOSTILE, focused: false },
      texts("en"),
    );
    expect(html).not.toContain("<script");
    expect(html).not.toContain("<img");
    expect(tags(html).every((t) => !/onerror/i.test(t))).toBe(true);
    expect(html).toContain("&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).toContain("<td>SEK\u00a0123.45</td>");
    expect(html).toContain("<td>1 Mar 2026, 11:00</td>");
    // A structured value is a list of labelled parts, its values escaped too.
    expect(html).toContain('<td><dl class="parts"><dt>Name</dt><dd>&quot;&gt;&lt;script&gt;');
  });

  it("escapes a hostile category and section key in the title, links and labels", () => {
    const spec = { ...table, category: HOSTILE, key: HOSTILE };
    const rows = Array.from({ length: 5 }, (_, i) => ({ order_number: `A-${i}` }));
    const html = sectionHtml(
      view(spec, rows, { total: 40, pages: 8, page: 3 }),
      { categoryName: "x", focused: true },
      texts("en"),
    );
    expect(html).not.toContain("<script");
    for (const [, href] of html.matchAll(/href="([^"]*)"/g)) {
      expect(href).toMatch(/^\/my-data\?category=[^"<>]*&amp;page=\d+$/);
    }
    expect(html).toContain(`category=${encodeURIComponent(HOSTILE).replace("'", "&#39;")}&amp;page=2`);
  });

  it("shows the latest records with a link to all of them on the overview", () => {
    const rows = Array.from({ length: 5 }, (_, i) => ({ order_number: `A-${i}` }));
    const html = sectionHtml(
      view(table, rows, { total: 42, pages: 1 }),
      { categoryName: "History", focused: false },
      texts("en"),
    );
    expect((html.match(/<tr>/g) ?? []).length).toBe(6); // header and five records
    expect(html).toContain('<a href="/my-data?category=history&amp;page=1">');
    expect(html).not.toContain("<nav");
  });

  it("pages through a category with previous and next links", () => {
    const rows = [{ order_number: "A-1" }];
    const middle = sectionHtml(
      view(table, rows, { total: 120, page: 2, pages: 3 }),
      { categoryName: "History", focused: true },
      texts("sv"),
    );
    expect(middle).toContain('href="/my-data?category=history&amp;page=1"');
    expect(middle).toContain('href="/my-data?category=history&amp;page=3"');
    expect(middle).toMatch(/<nav aria-label="[^"]+"><p>.*Sida 2 av 3.*<\/p><\/nav>/);
    const last = sectionHtml(
      view(table, rows, { total: 120, page: 3, pages: 3 }),
      { categoryName: "History", focused: true },
      texts("sv"),
    );
    expect(last).not.toContain("page=4");
    const overview = sectionHtml(
      view(table, rows, { total: 1, page: 1, pages: 1 }),
      { categoryName: "History", focused: false },
      texts("sv"),
    );
    expect(overview).not.toContain("<a ");
  });

  it("shows a single record as its non-empty fields, and says the identity number is masked", () => {
    const spec: SectionSpec = {
      category: "personal",
      key: "person",
      heldBy: "shop",
      single: true,
      columns: [
        { key: "first_name", type: "string" },
        { key: "personnummer", type: "string" },
        { key: "phone", type: "string" },
      ],
    };
    const html = sectionHtml(
      view(spec, [{ first_name: HOSTILE, personnummer: "19121212-****", phone: null }]),
      { categoryName: "Personal", focused: false },
      texts("en"),
    );
    expect(html).not.toContain("<script");
    expect(html).toContain("<dd>19121212-****</dd>");
    expect((html.match(/<dt>/g) ?? []).length).toBe(2);
    expect(html).toMatch(/<p>[^<]+<\/p>$/); // the masking note
  });
});
