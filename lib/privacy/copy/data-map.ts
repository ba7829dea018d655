// The data map for the copy's build: the same answer as loadDataMap (lib/datamap/read.ts), read with
// three plain queries on the feed pool. The build runs in the job worker, where loadDataMap's nested
// Prisma include cost about 15 MB the first time it was compiled; data-map.test.ts checks that both
// give identical results, so the copy and the pages never disagree.
import { query } from "../../connectors/feeds";
import type { MapCategory } from "../../datamap/read";
import type { Locale } from "../../i18n/config";

type CategoryRow = {
  key: string;
  nameSv: string;
  nameEn: string;
  descriptionSv: string;
  descriptionEn: string;
  sourceSv: string;
  sourceEn: string;
  legalBasis: string | null;
  retentionSv: string;
  retentionEn: string;
  retentionMonths: number | null;
  legalHold: string | null;
  automatedDecision: boolean | null;
  automatedLogicSv: string | null;
  automatedLogicEn: string | null;
};
type PurposeRow = {
  categoryKey: string;
  key: string;
  textSv: string;
  textEn: string;
  legalBasis: string | null;
};
type RecipientRow = {
  categoryKey: string;
  key: string;
  name: string;
  role: "processor" | "controller";
  descriptionSv: string;
  descriptionEn: string;
  outsideEea: boolean | null;
  safeguard: string | null;
};

export async function loadDataMapForCopy(locale: Locale): Promise<MapCategory[]> {
  const [categories, purposes, recipients] = await Promise.all([
    query<CategoryRow>(
      `SELECT key, "nameSv", "nameEn", "descriptionSv", "descriptionEn", "sourceSv", "sourceEn", "legalBasis",
              "retentionSv", "retentionEn", "retentionMonths", "legalHold", "automatedDecision",
              "automatedLogicSv", "automatedLogicEn"
       FROM "DataCategory" ORDER BY "sortOrder" ASC`,
      [],
    ),
    query<PurposeRow>(
      `SELECT cp."categoryKey", p.key, p."textSv", p."textEn", p."legalBasis"
       FROM "CategoryPurpose" cp JOIN "Purpose" p ON p.key = cp."purposeKey"`,
      [],
    ),
    query<RecipientRow>(
      `SELECT cr."categoryKey", r.key, r.name, r.role::text AS role, r."descriptionSv", r."descriptionEn",
              r."outsideEea", r.safeguard
       FROM "CategoryRecipient" cr JOIN "Recipient" r ON r.key = cr."recipientKey"`,
      [],
    ),
  ]);
  const sv = locale === "sv";
  return categories.map((c) => ({
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
    purposes: purposes
      .filter((p) => p.categoryKey === c.key)
      .map((p) => ({ key: p.key, text: sv ? p.textSv : p.textEn, legalBasis: p.legalBasis }))
      .sort((a, b) => a.key.localeCompare(b.key)),
    recipients: recipients
      .filter((r) => r.categoryKey === c.key)
      .map((r) => ({
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
