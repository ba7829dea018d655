// How a person's records are written as HTML, by the "my data" page and the copy's report.html alike,
// so the portal and the copy show a record the same way. Every value and label passes escapeHtml here;
// nothing else in a record reaches the markup (docs/decisions/0014-record-views-as-html.md).
import type { Column, Row } from "../connectors/types";
import { escapeHtml, type cellFormatter } from "./copy/formats";

export type CellFormat = ReturnType<typeof cellFormatter>;

export type RecordsHtml = {
  /** The table's header row: one column header per field. */
  head: string;
  /** One record as a table row. */
  row(row: Row): string;
  /** One record as a list of its non-empty fields (sections that hold a single record). */
  single(row: Row): string;
};

/** The writers for one section's records; labels are looked up and escaped once. */
export function recordsHtml(
  columns: readonly Column[],
  label: (key: string) => string,
  format: CellFormat,
): RecordsHtml {
  const labels = columns.map((c) => escapeHtml(label(c.key)));
  return {
    head: `<thead><tr>${labels.map((l) => `<th scope="col">${l}</th>`).join("")}</tr></thead>`,
    row(row) {
      let tr = "<tr>";
      for (const c of columns) tr += `<td>${escapeHtml(format(c, row[c.key], row.currency))}</td>`;
      return `${tr}</tr>`;
    },
    single(row) {
      let dl = `<dl class="record">`;
      columns.forEach((c, i) => {
        const v = format(c, row[c.key], row.currency);
        if (v) dl += `<dt>${labels[i]}</dt><dd>${escapeHtml(v)}</dd>`;
      });
      return `${dl}</dl>`;
    },
  };
}
