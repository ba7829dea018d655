// The erasure plan: what will be erased, what must be kept, under which law and until which date,
// generated from the data map (categories and their legal holds, recipients and their roles) and the
// person's own records. The deletion page shows it before the person asks; the receipt repeats it.
// No actor here: the page reaches it through deletionPageState (which checks the actor), the erasure
// job through the receipt step.
import { connectedConnectors } from "../connectors/config";
import { loadDataMap } from "../datamap/read";
import { LEGAL_HOLDS, type LegalHoldKey } from "../datamap/policy-map";
import { recipientName } from "../datamap/recipient-name";
import type { Tx } from "../db";
import type { Locale } from "../i18n/config";
import type { Settings } from "../settings";
import { bookkeepingHoldAt, deleteAfterInstant, isStillHeld, type BookkeepingHold } from "./bookkeeping";

/** The tables each legal hold keeps. Vouchers are the only records a hold keeps today. */
export const HOLD_RECORDS: Record<LegalHoldKey, readonly ("invoice" | "payment")[]> = {
  bookkeeping: ["invoice", "payment"],
};

export type HeldRecord = BookkeepingHold & {
  kind: "invoice" | "payment";
  id: string;
  hold: LegalHoldKey;
  /** Invoice number; for a payment its amount and provider name it. */
  number: string | null;
  amountOre: number;
  currency: string;
  provider: string | null;
  deleteAfter: Date;
};

export type PlanCategory = {
  key: string;
  name: string;
  /** The hold that keeps some of this category's records (vouchers), when the data map names one. */
  hold: LegalHoldKey | null;
};

export type PlanRecipient = {
  key: string;
  name: string;
  role: "processor" | "controller";
  /** The connector that serves it (Recipient.connector: "manual", "newsletter", "wix", …). */
  connector: string;
  /** Told through a connector that is really connected (configured, or the newsletter partner with its key), not by staff. */
  automated: boolean;
};

export type DeletionPlan = {
  categories: PlanCategory[];
  /** Records that must be kept, each with its own date. */
  kept: HeldRecord[];
  /** Vouchers whose hold has already ended: erased now like everything else. */
  expired: HeldRecord[];
  /** The holds that keep something of this person's, with the law's wording. */
  holds: { key: LegalHoldKey; law: string; rule: string }[];
  recipients: PlanRecipient[];
};

export async function computePlan(
  tx: Tx,
  personId: string,
  locale: Locale,
  settings: Pick<Settings, "financialYearEnd" | "bookkeepingRetentionYears">,
  now: Date,
): Promise<DeletionPlan> {
  const sv = locale === "sv";
  const [map, recipients, vouchers, connected] = await Promise.all([
    loadDataMap(locale, tx),
    tx.recipient.findMany({ select: { key: true, name: true, role: true, connector: true } }),
    heldRecordsOf(tx, personId, settings),
    connectedConnectors(tx),
  ]);
  const kept = vouchers.filter((r) => isStillHeld(r, now));
  const expired = vouchers.filter((r) => !isStillHeld(r, now));
  const holdKeys = new Set<LegalHoldKey>(kept.map((r) => r.hold));
  return {
    categories: map.map((c) => ({ key: c.key, name: c.name, hold: asHoldKey(c.legalHold) })),
    kept,
    expired,
    holds: [...holdKeys].map((key) => ({
      key,
      law: sv ? LEGAL_HOLDS[key].lawSv : LEGAL_HOLDS[key].lawEn,
      rule: sv ? LEGAL_HOLDS[key].ruleSv : LEGAL_HOLDS[key].ruleEn,
    })),
    recipients: recipients
      .map((r) => ({
        key: r.key,
        name: recipientName(r.key, locale, r.name),
        role: r.role,
        connector: r.connector,
        automated: connected.has(r.connector),
      }))
      .sort((a, b) => Number(b.automated) - Number(a.automated) || a.name.localeCompare(b.name)),
  };
}

/**
 * The person's vouchers with their hold, oldest first. Bookkeeping records are held whatever the
 * data map says: the law applies to them even if an admin removed the hold from a category.
 */
export async function heldRecordsOf(
  tx: Tx,
  personId: string,
  settings: Pick<Settings, "financialYearEnd" | "bookkeepingRetentionYears">,
): Promise<HeldRecord[]> {
  const [invoices, payments] = await Promise.all([
    tx.invoice.findMany({
      where: { personId },
      select: { id: true, invoiceNumber: true, issuedAt: true, amountOre: true, currency: true },
      orderBy: [{ issuedAt: "asc" }, { invoiceNumber: "asc" }],
    }),
    tx.payment.findMany({
      where: { personId },
      select: { id: true, paidAt: true, amountOre: true, currency: true, provider: true },
      orderBy: [{ paidAt: "asc" }, { id: "asc" }],
    }),
  ]);
  const hold = (at: Date) =>
    bookkeepingHoldAt(at, settings.financialYearEnd, settings.bookkeepingRetentionYears);
  const withDeleteAfter = (h: BookkeepingHold) => ({ ...h, deleteAfter: deleteAfterInstant(h.deleteFrom) });
  return [
    ...invoices.map((i) => ({
      kind: "invoice" as const,
      id: i.id,
      hold: "bookkeeping" as const,
      number: i.invoiceNumber,
      amountOre: i.amountOre,
      currency: i.currency,
      provider: null,
      ...withDeleteAfter(hold(i.issuedAt)),
    })),
    ...payments.map((p) => ({
      kind: "payment" as const,
      id: p.id,
      hold: "bookkeeping" as const,
      number: null,
      amountOre: p.amountOre,
      currency: p.currency,
      provider: p.provider,
      ...withDeleteAfter(hold(p.paidAt)),
    })),
  ].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.kind.localeCompare(b.kind)));
}

function asHoldKey(value: string | null): LegalHoldKey | null {
  return value && value in LEGAL_HOLDS ? (value as LegalHoldKey) : null;
}
