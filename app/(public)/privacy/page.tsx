import { getLocale, getTranslations } from "next-intl/server";
import { loadDataMap } from "@/lib/datamap/read";
import { CategoryFacts } from "@/components/category-facts";
import { env } from "@/lib/env";
import type { Locale } from "@/lib/i18n/config";
import { copyText } from "@/lib/privacy/copy/art15";
import { pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("datamap", "privacyTitle");

export default async function PrivacyPage() {
  const t = await getTranslations("datamap");
  const locale = (await getLocale()) as Locale;
  const categories = await loadDataMap(locale);
  const text = copyText(locale);
  return (
    <>
      <h1>{t("privacyTitle")}</h1>
      <p className="lead">{t("privacyLead", { company: env().COMPANY_NAME })}</p>
      {categories.map((c) => (
        <section key={c.key} className="card" aria-labelledby={`cat-${c.key}`}>
          <h2 id={`cat-${c.key}`}>{c.name}</h2>
          <p>{c.description}</p>
          <CategoryFacts category={c} text={text} />
        </section>
      ))}
      <h2>{t("rightsTitle")}</h2>
      <p>{t("rights")}</p>
      <p>{t("freeCopy")}</p>
    </>
  );
}
