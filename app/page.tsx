import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { getActor } from "@/lib/auth/actor";
import { env } from "@/lib/env";

export default async function HomePage() {
  const t = await getTranslations("common.home");
  const actor = await getActor();
  return (
    <>
      <h1>{t("heading")}</h1>
      <p className="lead">{t("lead", { company: env().COMPANY_NAME })}</p>
      {actor?.kind === "staff" ? (
        <Link className="button" href="/staff">
          {t("toStaff")}
        </Link>
      ) : actor ? (
        <Link className="button" href="/my-data">
          {t("toPortal")}
        </Link>
      ) : (
        <>
          <p>{t("how")}</p>
          <Link className="button" href="/sign-in">
            {t("signIn")}
          </Link>
        </>
      )}
    </>
  );
}
