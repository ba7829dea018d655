import { getTranslations } from "next-intl/server";
import { COOKIE_LIST } from "@/lib/auth/cookies";
import { pageTitle } from "@/lib/i18n/page";
import { DataTable } from "@/components/data-table";

export const generateMetadata = pageTitle("cookies");

// Only cookies the portal needs to work, so no consent banner is needed.
export default async function CookiesPage() {
  const t = await getTranslations("cookies");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <DataTable caption={t("title")} columns={[t("name"), t("purpose"), t("lifetime")]}>
        {COOKIE_LIST.map((c) => (
          <tr key={c.key}>
            <td>
              <code>{c.name()}</code>
            </td>
            <td>{t(`purposes.${c.key}`)}</td>
            <td>{t(`lifetimes.${c.lifetime}`)}</td>
          </tr>
        ))}
      </DataTable>
      <p>{t("noTracking")}</p>
    </>
  );
}
