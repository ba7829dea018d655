import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSubject } from "@/lib/auth/actor";
import { CategoryFacts } from "@/components/category-facts";
import { isAppError } from "@/lib/errors";
import { isLocale } from "@/lib/i18n/config";
import { viewMyData } from "@/lib/privacy/my-data";
import { copyText } from "@/lib/privacy/copy/art15";
import { cellFormatter } from "@/lib/privacy/copy/formats";
import { sectionHtml } from "./section-html";

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
  const [t, c] = await Promise.all([getTranslations("mydata"), getTranslations("copy")]);
  const sp = await searchParams;
  const category = typeof sp.category === "string" ? sp.category : null;
  const page = typeof sp.page === "string" && /^\d{1,6}$/.test(sp.page) ? Number(sp.page) : 1;
  const texts = { t, c, format: cellFormatter(locale) };
  const factsText = copyText(locale);
  let view;
  try {
    view = await viewMyData(actor, { category, page }, locale);
  } catch (err) {
    if (isAppError(err) && err.code === "not_found") notFound();
    throw err;
  }
  const focused = view.focus !== null;

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
            {view.categories.map(({ category }) => (
              <li key={category.key}>
                <a href={`#cat-${category.key}`}>{category.name}</a>
              </li>
            ))}
          </ul>
        </nav>
      )}
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
                  .map((s) => sectionHtml(s, { categoryName: category.name, focused }, texts))
                  .join(""),
              }}
            />
          )}
          <h3>{t("factsTitle")}</h3>
          <CategoryFacts category={category} text={factsText} />
        </section>
      ))}
    </>
  );
}
