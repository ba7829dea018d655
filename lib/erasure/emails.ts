// The three deletion emails, in the person's language: the confirmation when the cooling-off period
// starts, the reminder two days before erasure, and the receipt (what was erased, what was kept, why
// and until when, and how to complain).
import { renderEmail, type Rendered } from "../email/templates";
import { caseReference } from "../format/case-reference";
import { valueFormatter } from "../format/values";
import type { Locale } from "../i18n/config";
import { translator } from "../i18n/messages";
import { outcomesHeading } from "../connectors/outcome-words";
import { groupByKeepThrough, keptLine } from "./describe";
import type { DeletionPlan } from "./plan";

/** Records listed one by one in the receipt; the rest are summed up per year. */
const RECEIPT_LINES = 100;

/** An instant as the person reads it: Stockholm date and time, in their language. */
export function formatInstant(locale: Locale, at: Date): string {
  return valueFormatter(locale).dateTimeLong(at);
}

export function confirmEmail(locale: Locale, endsAt: Date, requestId: string): Rendered {
  const t = translator(locale, "deletion");
  return renderEmail(locale, "deletionConfirm", { date: formatInstant(locale, endsAt) }, undefined, [
    t("email.reference", { id: caseReference(requestId) }),
  ]);
}

export function reminderEmail(locale: Locale, endsAt: Date, requestId: string): Rendered {
  const t = translator(locale, "deletion");
  return renderEmail(locale, "deletionReminder", { date: formatInstant(locale, endsAt) }, undefined, [
    t("email.reference", { id: caseReference(requestId) }),
  ]);
}

/**
 * The receipt. `systems`: what each automated connector did, one sentence per system
 * (lib/connectors/outcome-words.ts); the recipients those systems serve are not listed again.
 */
export function receiptEmail(
  locale: Locale,
  plan: DeletionPlan,
  requestId: string,
  systems: { connector: string; words: string }[] = [],
): Rendered {
  const t = translator(locale, "deletion");
  const format = valueFormatter(locale);
  const lines: string[] = [];
  lines.push(t("receipt.erased", { list: plan.categories.map((c) => c.name).join("; ") }));
  lines.push(t("receipt.account"));
  if (plan.expired.length > 0) lines.push(t("receipt.expired", { count: plan.expired.length }));
  if (plan.kept.length === 0) {
    lines.push(t("receipt.noneKept"));
  } else {
    for (const hold of plan.holds) lines.push(t("receipt.keptHeading", { law: hold.law, rule: hold.rule }));
    for (const r of plan.kept.slice(0, RECEIPT_LINES)) lines.push(`${keptLine(t, locale, r, format)}.`);
    // A long history: the rest summed up by the day they are kept through.
    for (const g of groupByKeepThrough(plan.kept.slice(RECEIPT_LINES))) {
      lines.push(
        t("receipt.more", {
          count: g.invoices + g.payments,
          until: valueFormatter(locale).date(g.keepThrough),
        }),
      );
    }
    lines.push(t("receipt.restricted"));
  }
  const answered = new Set(systems.map((s) => s.connector));
  const told = plan.recipients.filter((r) => !answered.has(r.connector));
  if (told.length > 0 || systems.length === 0) {
    lines.push(
      t("receipt.recipients", {
        list: told
          .map((r) => `${r.name} (${t(r.automated ? "recipients.automated" : `recipients.${r.role}`)})`)
          .join("; "),
      }),
    );
  }
  if (systems.length > 0) {
    lines.push(outcomesHeading("erase", locale));
    for (const s of systems) lines.push(s.words);
  }
  lines.push(t("receipt.remaining"));
  lines.push(t("receipt.complain"));
  lines.push(t("email.reference", { id: caseReference(requestId) }));
  return renderEmail(locale, "deletionReceipt", {}, undefined, lines);
}
