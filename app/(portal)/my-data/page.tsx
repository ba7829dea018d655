import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSubject } from "@/lib/auth/actor";
import { connectorConnected } from "@/lib/connectors/configured";
import { CategoryFacts } from "@/components/category-facts";
import { isAppError } from "@/lib/errors";
import { localeOf } from "@/lib/i18n/config";
import { viewMyData } from "@/lib/privacy/my-data";
import { copyText } from "@/lib/privacy/copy/art15";
import { valueFormatter } from "@/lib/format/values";
import { sectionHtml } from "./section-html";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("mydata");

export default async function MyDataPage({ searchParams }: WithSearchParams) {
  const actor = await requireSubject();
  const rawLocale = await getLocale();
  const locale = localeOf(rawLocale);
  const [t, c] = await Promise.all([getTranslations("mydata"), getTranslations("copy")]);
  const sp = await searchParams;
  const category = typeof sp.category === "string" ? sp.category : null;
  const page = typeof sp.page === "string" && /^\d{1,6}$/.test(sp.page) ? Number(sp.page) : 1;
  const format = valueFormatter(locale);
  const texts = { t, c, format };
  const factsText = copyText(locale);
  let view;
  try {
    view = await viewMyData(actor, { category, page }, locale);
  } catch (err) {
    if (isAppError(err, "not_found")) notFound();
    throw err;
  }

  const heldIn = (keys: string[]) =>
    keys.map((k) => (c.has(`sources.${k}`) ? c(`sources.${k}`) : k)).join(", ");

  if (!view.focus) {
    const held = view.categories.filter((v) => !v.empty);
    const nothing = view.categories.filter((v) => v.empty);
    return (
      <>
        <h1>{t("title")}</h1>
        <p className="lead">{t("lead")}</p>
        <p>{connectorConnected("newsletter") ? t("partners") : t("partnersManual")}</p>
        <p>
          <Link href="/copy">{t("copyLink")}</Link>
        </p>
        {held.length > 0 && (
          <PageSection id="my-data-held" heading={t("summaryTitle")}>
            <ul className="summary-list">
              {held.map(({ category, total, latest, heldBy }) => (
                <li key={category.key} className="card" data-category={category.key}>
                  <h3>
                    <Link href={`/my-data?category=${encodeURIComponent(category.key)}`} prefetch={false}>
                      {category.name}
                    </Link>
                  </h3>
                  <p>{category.description}</p>
                  <p className="summary-facts">
                    {[
                      t("records", { count: total }),
                      latest ? t("latestOn", { date: format.dateLong(latest) }) : null,
                      t("heldIn", { where: heldIn(heldBy) }),
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </p>
                </li>
              ))}
            </ul>
          </PageSection>
        )}
        {nothing.length > 0 && (
          <PageSection id="my-data-nothing" heading={t("nothingTitle")} lead={t("nothingLead")}>
            <ul className="inline-list">
              {nothing.map(({ category }) => (
                <li key={category.key}>
                  <Link href={`/my-data?category=${encodeURIComponent(category.key)}`} prefetch={false}>
                    {category.name}
                  </Link>
                </li>
              ))}
            </ul>
          </PageSection>
        )}
      </>
    );
  }

  return (
    <>
      <h1>{t("title")}</h1>
      <p>
        <Link href="/my-data" prefetch={false}>
          {t("back")}
        </Link>
      </p>
      {view.categories.map(({ category, sections, empty }) => (
        <section
          key={category.key}
          id={`cat-${category.key}`}
          className="card"
          aria-labelledby={`cat-${category.key}-title`}
        >
          <h2 id={`cat-${category.key}-title`}>{category.name}</h2>
          <p>{category.description}</p>
          <h3>{t("valuesTitle")}</h3>
          {empty ? (
            <p>{t("empty")}</p>
          ) : (
            <div
              dangerouslySetInnerHTML={{
                __html: sections
                  .filter((s) => s.total > 0)
                  .map((s) => sectionHtml(s, { categoryName: category.name, focused: true }, texts))
                  .join(""),
              }}
            />
          )}
          <p>
            <Link href="/copy">{t("copyLink")}</Link>
          </p>
          <h3>{t("factsTitle")}</h3>
          <CategoryFacts category={category} text={factsText} />
        </section>
      ))}
    </>
  );
}
