import { systemName } from "@/lib/connectors/outcome-words";
import { readTaskFacts } from "@/lib/privacy/tasks";
import type { StaffWords } from "./words";

/** Refusals a connector states that have words of their own (stafflabels.taskFacts.refusals). */
const KNOWN_REFUSALS = ["site_member", "owner_or_contributor", "billing_subscription"] as const;

/** What a recipient task asks for, and what it concerns, in the page's language. */
export function TaskHint({
  kind,
  facts: stored,
  detail,
  fields = [],
  words: w,
}: {
  kind: string;
  facts: unknown;
  /** Art. 19 tasks: the fields changed since the task opened. */
  fields?: string[];
  detail: string | null;
  words: StaffWords;
}) {
  const facts = readTaskFacts(stored);
  const refs = (items: string[]) => {
    const shown = w.list(items);
    return facts.more ? w.fact("more", { list: shown }) : shown;
  };
  const lines: string[] = [];
  if (facts.categories?.length)
    lines.push(w.fact("categories", { list: w.list(facts.categories.map(w.category)) }));
  const changed = [...new Set([...(facts.fields ?? []), ...fields])];
  if (changed.length) lines.push(w.fact("fields", { list: w.list(changed.map(w.field)) }));
  if (facts.customer) lines.push(w.fact("customer", { value: facts.customer }));
  if (facts.invoices?.length) lines.push(w.fact("invoices", { list: refs(facts.invoices) }));
  if (facts.payments?.length) lines.push(w.fact("payments", { list: refs(facts.payments) }));
  if (facts.shipments?.length) lines.push(w.fact("shipments", { list: refs(facts.shipments) }));
  // An automated connector's erasure: refused for a reason, or found records left for staff to confirm.
  const system = systemName(facts.connector ?? "", w.locale);
  if (facts.refusal) {
    const reason = (KNOWN_REFUSALS as readonly string[]).includes(facts.refusal)
      ? w.fact(`refusals.${facts.refusal}`, {})
      : w.fact("refusals.other", { code: facts.refusal });
    lines.push(w.fact("refused", { connector: system, reason }));
  }
  if (facts.toConfirm !== undefined)
    lines.push(w.fact("toConfirm", { connector: system, count: String(facts.toConfirm) }));
  return (
    <div className="hint">
      <p>{w.taskHint(kind)}</p>
      {lines.length > 0 && (
        <ul>
          {lines.map((l) => (
            <li key={l}>{l}</li>
          ))}
        </ul>
      )}
      {facts.failure && (
        <p>
          {w.fact("failure", { connector: system })} <code data-verbatim="">{facts.failure}</code>
        </p>
      )}
      {/* Written by earlier versions as free text (in English), before tasks carried their facts. */}
      {detail && !stored && (
        <p lang="en" data-verbatim="">
          {detail}
        </p>
      )}
    </div>
  );
}
