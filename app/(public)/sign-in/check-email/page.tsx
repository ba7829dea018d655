import { getTranslations } from "next-intl/server";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("checkEmailTitle") };
}

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
