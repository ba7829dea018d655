import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { getActor } from "@/lib/auth/actor";
import { safeNext } from "@/lib/auth/safe-next";
import { SignInForm } from "./sign-in-form";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("auth", "signInTitle");

export default async function SignInPage({ searchParams }: WithSearchParams) {
  const params = await searchParams;
  const t = await getTranslations("auth");
  const actor = await getActor();
  const next = typeof params.next === "string" ? safeNext(params.next) : undefined;
  if (actor?.kind === "person" && !params.error) redirect(next ?? "/my-data");
  return (
    <>
      <h1>{t("signInTitle")}</h1>
      <p className="lead">{t("signInLead")}</p>
      {params.error === "rate_limited" && (
        <p className="notice warn" role="alert">
          {t("rateLimited")}
        </p>
      )}
      {params.signedOut === "everywhere" && (
        <p className="notice ok" role="status">
          {t("signedOutEverywhere")}
        </p>
      )}
      <SignInForm
        next={next}
        texts={{
          emailLabel: t("emailLabel"),
          emailHint: t("emailHint"),
          sendLink: t("sendLink"),
          sending: t("sending"),
        }}
      />
      <p>{t("whoCanSignIn")}</p>
    </>
  );
}
