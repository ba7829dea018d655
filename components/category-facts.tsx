import type { getTranslations } from "next-intl/server";
import type { MapCategory } from "@/lib/datamap/read";

export type DataMapTranslator = Awaited<ReturnType<typeof getTranslations<"datamap">>>;

// Art. 15(1)/(2) facts for one category. What the company has not stated is shown as such,
// never invented. Synchronous, with the page's translator: pages show one per category.
export function CategoryFacts({ category, t }: { category: MapCategory; t: DataMapTranslator }) {
  const tbc = <span className="tbc">{t("toBeConfirmed")}</span>;
  return (
    <dl className="facts">
      <dt>{t("purposes")}</dt>
      <dd>
        <ul>
          {category.purposes.map((p) => (
            <li key={p.key}>
              {p.text} ({t("legalBasis")}: {p.legalBasis ? t(`basis.${p.legalBasis}`) : tbc})
            </li>
          ))}
        </ul>
      </dd>
      <dt>{t("legalBasis")}</dt>
      <dd>{category.legalBasis ? t(`basis.${category.legalBasis}`) : tbc}</dd>
      <dt>{t("source")}</dt>
      <dd>{category.source}</dd>
      <dt>{t("recipients")}</dt>
      <dd>
        {category.recipients.length === 0 ? (
          t("noRecipients")
        ) : (
          <ul>
            {category.recipients.map((r) => (
              <li key={r.key}>
                <strong>{r.name}</strong> — {t(`role.${r.role}`)}. {t("transfer")}:{" "}
                {r.outsideEea === null ? tbc : r.outsideEea ? t("outsideEea") : t("insideEea")}
                {r.outsideEea ? (
                  <>
                    {" "}
                    ({t("safeguard")}: {r.safeguard ?? tbc})
                  </>
                ) : null}
              </li>
            ))}
          </ul>
        )}
      </dd>
      <dt>{t("retention")}</dt>
      <dd>
        {category.retention}
        {category.legalHold ? ` ${t(`hold.${category.legalHold}`)}` : ""}
      </dd>
      <dt>{t("automated")}</dt>
      <dd>
        {category.automatedDecision === null
          ? tbc
          : category.automatedDecision
            ? `${t("automatedYes")} ${category.automatedLogic ?? ""}`
            : t("automatedNo")}
      </dd>
    </dl>
  );
}
