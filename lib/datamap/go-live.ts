// Before going live: every fact people are told (Art. 13–15) that the company has not stated yet, each
// with where an admin sets it. The policy names no legal basis, transfer safeguard or automated
// decision, so these start "to be confirmed by the company" (null) and the portal never invents them;
// this list is how the privacy officer sees what is left. It shrinks as facts are set, and it follows
// the pages' own rule: a purpose without its own basis is shown with its category's
// (lib/datamap/legal-basis.ts), so it is listed only where that still leaves it unstated.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db, type Tx } from "../db";
import type { Actor } from "../auth/actor";
import { can } from "../auth/policy";
import { env, EXAMPLE_COMPANY } from "../env";
import type { Locale } from "../i18n/config";
import { purposeLegalBasis } from "./legal-basis";
import { recipientName } from "./recipient-name";

export const GO_LIVE_KINDS = [
  "category_basis",
  "purpose_basis",
  "transfer",
  "safeguard",
  "automated",
  "retention",
  "company_name",
  "company_email",
] as const;
export type GoLiveKind = (typeof GO_LIVE_KINDS)[number];

export type GoLiveItem = {
  kind: GoLiveKind;
  key: string;
  /** The category's name, the purpose's text or the recipient's name, in the reader's language. */
  label: string;
  /** For a purpose: the categories in which it is still shown as to be confirmed. */
  where: string[];
  /** Where it is set in the console, or null for what the environment sets. */
  href: string | null;
};

export type GoLiveFacts = {
  categories: {
    key: string;
    nameSv: string;
    nameEn: string;
    legalBasis: string | null;
    automatedDecision: boolean | null;
    retentionSv: string;
    retentionEn: string;
    purposes: { purposeKey: string }[];
  }[];
  purposes: { key: string; textSv: string; textEn: string; legalBasis: string | null }[];
  recipients: { key: string; name: string; outsideEea: boolean | null; safeguard: string | null }[];
  company: { name: string; email: string };
};

// The wording the policy map gives a retention it does not know (lib/datamap/policy-map.ts); an admin
// who writes the real period replaces it.
const RETENTION_UNSTATED = [/bekräftas av företaget/i, /to be confirmed by the company/i];

/** Where an admin sets a fact: the settings page, with that fact's form open. */
export function settingsHref(form: "category" | "purpose" | "recipient", key: string): string {
  const id = `${form}-${key}`;
  return `/staff/settings?open=${encodeURIComponent(id)}#${encodeURIComponent(id)}`;
}

export function goLiveItems(facts: GoLiveFacts, locale: Locale): GoLiveItem[] {
  const sv = locale === "sv";
  const items: GoLiveItem[] = [];
  const item = (kind: GoLiveKind, key: string, label: string, href: string | null, where: string[] = []) =>
    items.push({ kind, key, label, where, href });

  for (const c of facts.categories) {
    if (c.legalBasis === null)
      item("category_basis", c.key, sv ? c.nameSv : c.nameEn, settingsHref("category", c.key));
  }
  for (const p of facts.purposes) {
    const unstatedIn = facts.categories.filter(
      (c) =>
        c.purposes.some((cp) => cp.purposeKey === p.key) &&
        purposeLegalBasis(p.legalBasis, c.legalBasis) === null,
    );
    if (unstatedIn.length > 0) {
      item(
        "purpose_basis",
        p.key,
        sv ? p.textSv : p.textEn,
        settingsHref("purpose", p.key),
        unstatedIn.map((c) => (sv ? c.nameSv : c.nameEn)),
      );
    }
  }
  for (const r of facts.recipients) {
    const name = recipientName(r.key, locale, r.name);
    if (r.outsideEea === null) item("transfer", r.key, name, settingsHref("recipient", r.key));
    else if (r.outsideEea && !r.safeguard) item("safeguard", r.key, name, settingsHref("recipient", r.key));
  }
  for (const c of facts.categories) {
    const name = sv ? c.nameSv : c.nameEn;
    if (c.automatedDecision === null) item("automated", c.key, name, settingsHref("category", c.key));
  }
  for (const c of facts.categories) {
    const unstated = RETENTION_UNSTATED.some((re) => re.test(c.retentionSv) || re.test(c.retentionEn));
    if (unstated) item("retention", c.key, sv ? c.nameSv : c.nameEn, settingsHref("category", c.key));
  }
  if (facts.company.name === EXAMPLE_COMPANY.name)
    item("company_name", "COMPANY_NAME", facts.company.name, null);
  if (facts.company.email === EXAMPLE_COMPANY.email)
    item("company_email", "COMPANY_EMAIL", facts.company.email, null);
  return items;
}

export async function loadGoLiveFacts(tx: Tx = db): Promise<GoLiveFacts> {
  // One after another: inside a transaction the statements share its connection.
  const categories = await tx.dataCategory.findMany({
    orderBy: { sortOrder: "asc" },
    select: {
      key: true,
      nameSv: true,
      nameEn: true,
      legalBasis: true,
      automatedDecision: true,
      retentionSv: true,
      retentionEn: true,
      purposes: { select: { purposeKey: true } },
    },
  });
  const purposes = await tx.purpose.findMany({
    orderBy: { key: "asc" },
    select: { key: true, textSv: true, textEn: true, legalBasis: true },
  });
  const recipients = await tx.recipient.findMany({
    orderBy: { name: "asc" },
    select: { key: true, name: true, outsideEea: true, safeguard: true },
  });
  return {
    categories,
    purposes,
    recipients,
    company: { name: env().COMPANY_NAME, email: env().COMPANY_EMAIL },
  };
}

/** The list on /staff/go-live, for admins only. */
export const listGoLive = defineUseCase(
  "golive.list_go_live",
  { action: "admin.golive", callers: ["staff"] },
  async (actor, locale: Locale, tx?: Tx): Promise<GoLiveItem[]> => {
    return goLiveItems(await loadGoLiveFacts(tx), locale);
  },
);

/**
 * The staff console's reminder: how many facts are still to be confirmed, for those who may confirm
 * them; null for everyone else (they see no reminder).
 */
export async function goLiveReminder(actor: Actor | null): Promise<number | null> {
  if (!actor || !can(actor, "admin.golive")) return null;
  return goLiveItems(await loadGoLiveFacts(), "sv").length;
}
