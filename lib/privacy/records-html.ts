// How a person's records are written as HTML, by the "my data" page and the copy's report.html alike,
// so the portal and the copy show a record the same way. Every value and label passes escapeHtml here;
// nothing else in a record reaches the markup (docs/decisions/0014-record-views-as-html.md). Values are
// formatted for the reader's language by lib/format/values.ts: a currency column is not shown on its
// own, its amounts carry it; a structured value is a short list of labelled parts.
import type { Column, Row } from "../connectors/types";
import type { Cell, ValueFormatter } from "../format/values";
import { escapeHtml } from "../format/html";

export type RecordsHtml = {
  /** The table's header row: one column header per shown field. */
  head: string;
  /** One record as a table row. */
  row(row: Row): string;
  /** One record as a list of its non-empty fields (sections that hold a single record). */
  single(row: Row): string;
};

type Texts = { (key: string): string; has(key: string): boolean };

/**
 * A section's column labels, from the "copy" messages: `sectionColumns.<section>.<column>` where a key
 * means something of its own in that section (a consent's `method` is how it was given, not a way of
 * paying), else `columns.<column>`.
 */
export function columnLabeller(c: Texts, section: string): (key: string) => string {
  return (key) => {
    const own = `sectionColumns.${section}.${key}`;
    if (c.has(own)) return c(own);
    return c.has(`columns.${key}`) ? c(`columns.${key}`) : key;
  };
}

/** The columns a reader sees: a currency goes with the amounts, not in a column of its own. */
export function shownColumns(columns: readonly Column[]): Column[] {
  const hasMoney = columns.some((c) => c.type === "money_ore");
  return columns.filter((c) => !(hasMoney && c.values === "currency"));
}

/** The writers for one section's records; labels are looked up and escaped once. */
export function recordsHtml(
  columns: readonly Column[],
  label: (key: string) => string,
  format: ValueFormatter,
): RecordsHtml {
  const shown = shownColumns(columns);
  const labels = shown.map((c) => escapeHtml(label(c.key)));
  return {
    head: `<thead><tr>${labels.map((l) => `<th scope="col">${l}</th>`).join("")}</tr></thead>`,
    row(row) {
      let tr = "<tr>";
      for (const c of shown) tr += `<td>${cellHtml(format.cell(c, row[c.key], row))}</td>`;
      return `${tr}</tr>`;
    },
    single(row) {
      let dl = `<dl class="record">`;
      shown.forEach((c, i) => {
        const v = format.cell(c, row[c.key], row);
        if (v.length > 0) dl += `<dt>${labels[i]}</dt><dd>${cellHtml(v)}</dd>`;
      });
      return `${dl}</dl>`;
    },
  };
}

function cellHtml(cell: Cell): string {
  if (typeof cell === "string") return escapeHtml(cell);
  if (cell.length === 1 && !cell[0]!.label) return escapeHtml(cell[0]!.value);
  let dl = `<dl class="parts">`;
  for (const p of cell) dl += `<dt>${escapeHtml(p.label)}</dt><dd>${escapeHtml(p.value)}</dd>`;
  return `${dl}</dl>`;
}
