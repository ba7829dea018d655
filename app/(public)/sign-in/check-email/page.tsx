import { getTranslations } from "next-intl/server";
import { pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("auth", "checkEmailTitle");

// The same page whether or not the address is known: no account enumeration.
export default async function CheckEmailPage() {
  const t = await getTranslations("auth");
  return (
    <>
      <h1>{t("checkEmailTitle")}</h1>
      <p className="lead" role="status">
        {t("checkEmailBody")}
      </p>
      <p>{t("checkEmailNext")}</p>
    </>
  );
}
