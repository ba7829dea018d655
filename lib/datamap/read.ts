// The data map as the portal shows it: one source for the "my data" page, the privacy notice, the
// copy's Art. 15 section and the erasure plan.
import { db, type Tx } from "../db";
import type { Locale } from "../i18n/config";

export type MapRecipient = {
  key: string;
  name: string;
  role: "processor" | "controller";
  description: string;
  outsideEea: boolean | null;
  safeguard: string | null;
};

export type MapCategory = {
  key: string;
  name: string;
  description: string;
  source: string;
  legalBasis: string | null;
  retention: string;
  retentionMonths: number | null;
  legalHold: string | null;
  automatedDecision: boolean | null;
  automatedLogic: string | null;
  purposes: { key: string; text: string; legalBasis: string | null }[];
  recipients: MapRecipient[];
};

export async function loadDataMap(locale: Locale, tx: Tx = db): Promise<MapCategory[]> {
  const rows = await tx.dataCategory.findMany({
    orderBy: { sortOrder: "asc" },
    include: {
      purposes: { include: { purpose: true } },
      recipients: { include: { recipient: true } },
    },
  });
  const sv = locale === "sv";
  return rows.map((c) => ({
    key: c.key,
    name: sv ? c.nameSv : c.nameEn,
    description: sv ? c.descriptionSv : c.descriptionEn,
    source: sv ? c.sourceSv : c.sourceEn,
    legalBasis: c.legalBasis,
    retention: sv ? c.retentionSv : c.retentionEn,
    retentionMonths: c.retentionMonths,
    legalHold: c.legalHold,
    automatedDecision: c.automatedDecision,
    automatedLogic: (sv ? c.automatedLogicSv : c.automatedLogicEn) ?? null,
    purposes: c.purposes
      .map((p) => ({
        key: p.purpose.key,
        text: sv ? p.purpose.textSv : p.purpose.textEn,
        legalBasis: p.purpose.legalBasis,
      }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    recipients: c.recipients
      .map(({ recipient: r }) => ({
        key: r.key,
        name: r.name,
        role: r.role,
        description: sv ? r.descriptionSv : r.descriptionEn,
        outsideEea: r.outsideEea,
        safeguard: r.safeguard,
      }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}
