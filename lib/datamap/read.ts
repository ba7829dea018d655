// The data map as the portal shows it: one source for the "my data" page, the privacy notice, the
// copy's Art. 15 section and the erasure plan.
import { query } from "../db/read-pool";
import type { Tx } from "../db";
import type { Locale } from "../i18n/config";
import { recipientName } from "./recipient-name";
import { withPurposeBases } from "./legal-basis";

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

// The whole map in one read, in the locale's language and already in the shape of MapCategory (it is
// shown on every data page and in every copy). Column names come from this constant, never from input.
const MAP_SQL = {
  sv: mapSql("Sv"),
  en: mapSql("En"),
} as const;

function mapSql(lang: "Sv" | "En"): string {
  return `
    SELECT c.key, c."name${lang}" AS name, c."description${lang}" AS description, c."source${lang}" AS source,
           c."legalBasis", c."retention${lang}" AS retention, c."retentionMonths", c."legalHold",
           c."automatedDecision", c."automatedLogic${lang}" AS "automatedLogic",
           COALESCE((SELECT json_agg(json_build_object('key', p.key, 'text', p."text${lang}",
                       'legalBasis', p."legalBasis"))
                     FROM "CategoryPurpose" cp JOIN "Purpose" p ON p.key = cp."purposeKey"
                     WHERE cp."categoryKey" = c.key), '[]'::json) AS purposes,
           COALESCE((SELECT json_agg(json_build_object('key', r.key, 'name', r.name, 'role', r.role::text,
                       'description', r."description${lang}", 'outsideEea', r."outsideEea",
                       'safeguard', r.safeguard))
                     FROM "CategoryRecipient" cr JOIN "Recipient" r ON r.key = cr."recipientKey"
                     WHERE cr."categoryKey" = c.key), '[]'::json) AS recipients
    FROM "DataCategory" c
    ORDER BY c."sortOrder" ASC`;
}

/**
 * The data map in the locale's language. Inside a transaction it is read there; otherwise on the
 * read pool, prepared where named statements are enabled (the map is read on every data page).
 */
export async function loadDataMap(locale: Locale, tx?: Tx): Promise<MapCategory[]> {
  const sql = MAP_SQL[locale === "sv" ? "sv" : "en"];
  const rows = tx
    ? await tx.$queryRawUnsafe<MapCategory[]>(sql)
    : await query<MapCategory>(sql, [], { prepare: true });
  // A purpose without its own basis is shown with its category's (lib/datamap/legal-basis.ts).
  return rows.map(withPurposeBases).map((c) => ({
    ...c,
    // Sorted with the locale's collation rules of JavaScript, as everywhere the map is shown.
    purposes: [...c.purposes].sort((a, b) => a.key.localeCompare(b.key)),
    recipients: c.recipients
      .map((r) => ({ ...r, name: recipientName(r.key, locale, r.name) }))
      .sort((a, b) => a.name.localeCompare(b.name)),
  }));
}
