import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { Fragment } from "react";
import { notFound } from "next/navigation";
import { requireSubject } from "@/lib/auth/actor";
import { CategoryFacts } from "@/components/category-facts";
import { isAppError } from "@/lib/errors";
import { isLocale } from "@/lib/i18n/config";
import { viewMyData, type SectionView } from "@/lib/privacy/my-data";
import { cellFormatter } from "@/lib/privacy/copy/formats";

export async function generateMetadata() {
  const t = await getTranslations("mydata");
  return { title: t("title") };
}

export default async function MyDataPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireSubject();
  const rawLocale = await getLocale();
  const locale = isLocale(rawLocale) ? rawLocale : "sv";
  const [t, copyT, facts] = await Promise.all([
    getTranslations("mydata"),
    getTranslations("copy"),
    getTranslations("datamap"),
  ]);
  const sp = await searchParams;
  const category = typeof sp.category === "string" ? sp.category : null;
  const page = typeof sp.page === "string" && /^\d{1,6}$/.test(sp.page) ? Number(sp.page) : 1;
  const format = cellFormatter(locale);
  let view;
  try {
    view = await viewMyData(actor, { category, page }, locale);
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  }

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <p>{t("partners")}</p>
      <p>
        <Link href="/copy">{t("copyLink")}</Link>
      </p>
      {view.focus ? (
        <p>
          <Link href="/my-data" prefetch={false}>
            {t("back")}
          </Link>
        </p>
      ) : (
        <nav aria-labelledby="my-data-contents">
          <h2 id="my-data-contents">{t("contents")}</h2>
          <ul>
            {view.categories.map((c) => (
              <li key={c.category.key}>
                <a href={`#cat-${c.category.key}`}>{c.category.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
      {view.categories.map((c) => (
        <section
          key={c.category.key}
          id={`cat-${c.category.key}`}
          className="card"
          aria-labelledby={`cat-${c.category.key}-title`}
        >
          <h2 id={`cat-${c.category.key}-title`}>{c.category.name}</h2>
          <p>{c.category.description}</p>
          <h3>{t("valuesTitle")}</h3>
          {c.empty ? (
            <p>{t("empty")}</p>
          ) : (
            c.sections
              .filter((s) => s.total > 0)
              .map((s) => (
                <Section
                  key={`${s.spec.category}-${s.spec.key}`}
                  section={s}
                  categoryName={c.category.name}
                  focused={view.focus !== null}
                  t={t}
                  c={copyT}
                  format={format}
                />
              ))
          )}
          <h3>{t("factsTitle")}</h3>
          <CategoryFacts category={c.category} t={facts} />
        </section>
      ))}
    </>
  );
}

type Translator<N extends "mydata" | "copy"> = Awaited<ReturnType<typeof getTranslations<N>>>;

// Synchronous, with the page's translators and formatter: the overview has one per section.
function Section({
  section,
  categoryName,
  focused,
  t,
  c,
  format,
}: {
  section: SectionView;
  categoryName: string;
  focused: boolean;
  t: Translator<"mydata">;
  c: Translator<"copy">;
  format: ReturnType<typeof cellFormatter>;
}) {
  const { spec } = section;
  const title = c.has(`sections.${spec.key}`) ? c(`sections.${spec.key}`) : spec.key;
  const label = (key: string) => (c.has(`columns.${key}`) ? c(`columns.${key}`) : key);
  const hasPersonnummer = section.rows.some((r) => typeof r.personnummer === "string" && r.personnummer);
  const href = (p: number) => `/my-data?category=${encodeURIComponent(spec.category)}&page=${p}`;

  if (spec.single) {
    const row = section.rows[0] ?? {};
    return (
      <>
        <h4>{title}</h4>
        <dl className="facts">
          {spec.columns
            .filter((col) => format(col, row[col.key]) !== "")
            .map((col) => (
              <Fragment key={col.key}>
                <dt>{label(col.key)}</dt>
                <dd>{format(col, row[col.key])}</dd>
              </Fragment>
            ))}
        </dl>
        {hasPersonnummer && <p>{t("masked")}</p>}
      </>
    );
  }

  return (
    <>
      <h4>{title}</h4>
      <p>
        {t("records", { count: section.total })}
        {!focused && section.total > section.rows.length && (
          <>
            {" · "}
            {t("latest", { shown: section.rows.length, total: section.total })}{" "}
            <Link href={href(1)} prefetch={false}>
              {t("showAll", { total: section.total, category: categoryName })}
            </Link>
          </>
        )}
      </p>
      {/* Focusable so a wide table can be scrolled with the keyboard. */}
      <div className="table-wrap" tabIndex={0} role="region" aria-label={title}>
        <table>
          <caption className="sr-only">{title}</caption>
          <thead>
            <tr>
              {spec.columns.map((col) => (
                <th key={col.key} scope="col">
                  {label(col.key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {section.rows.map((row, i) => (
              <tr key={i}>
                {spec.columns.map((col) => (
                  <td key={col.key}>{format(col, row[col.key], row.currency)}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {focused && section.pages > 1 && (
        <nav aria-label={t("pagination", { section: title })}>
          <p>
            {section.page > 1 && (
              <>
                <Link href={href(section.page - 1)} prefetch={false}>
                  {t("previous")}
                </Link>{" "}
              </>
            )}
            {t("page", { page: section.page, pages: section.pages })}
            {section.page < section.pages && (
              <>
                {" "}
                <Link href={href(section.page + 1)} prefetch={false}>
                  {t("next")}
                </Link>
              </>
            )}
          </p>
        </nav>
      )}
    </>
  );
}
