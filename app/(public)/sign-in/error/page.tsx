import { getTranslations } from "next-intl/server";
import Link from "next/link";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("linkInvalidTitle") };
}

export default async function SignInErrorPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
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
