// The one HTML escaper: every text put into HTML built as a string (emails, the copy's report, record
// views) passes here (docs/decisions/0017-hostile-input.md).

export function escapeHtml(s: string): string {
  return s.replace(HTML_SPECIALS, (c) => HTML_ENTITIES[c]!);
}

const HTML_SPECIALS = /[&<>"']/g;
const HTML_ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
};
