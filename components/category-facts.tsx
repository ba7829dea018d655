import { categoryFactsHtml, type CopyText } from "@/lib/privacy/copy/art15";
import type { MapCategory } from "@/lib/datamap/read";

// Art. 15(1)/(2) facts for one category, written by the renderer of the copy's art15.html and
// report.html, so the portal and the copy state them in the same words. What the company has not
// stated is shown as such, never invented. Every value is escaped there (escapeHtml); pages show one
// per category, as markup rather than some thirty elements each (docs/decisions/0014).
export function CategoryFacts({ category, text }: { category: MapCategory; text: CopyText }) {
  return <div dangerouslySetInnerHTML={{ __html: categoryFactsHtml(category, text) }} />;
}
