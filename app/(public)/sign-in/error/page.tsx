import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("auth", "linkInvalidTitle");

export default async function SignInErrorPage({ searchParams }: WithSearchParams) {
  const t = await getTranslations("auth");
  const { error } = await searchParams;
  const verification = error === "Verification";
  return (
    <>
      <h1>{verification ? t("linkInvalidTitle") : t("signInFailedTitle")}</h1>
      <p role="alert">{verification ? t("linkInvalidBody") : t("signInFailedBody")}</p>
      <Link className="button" href="/sign-in">
        {t("getNewLink")}
      </Link>
    </>
  );
}
