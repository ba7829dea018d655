import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { confirmOptInAction } from "@/app/actions/preferences";
import { PostingForm } from "@/components/forms/posting-form";
import { type WithSearchParams, pageTitle, param } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("preferences.confirm");

// Opening the emailed link only shows this page; the button confirms. Mail scanners open links,
// they do not press buttons.
export default async function ConfirmSubscriptionPage({ searchParams }: WithSearchParams) {
  const t = await getTranslations("preferences.confirm");
  const p = await searchParams;
  const result = param(p, "result");
  const token = param(p, "token");

  if (result) {
    const known = ["confirmed", "already", "expired", "invalid", "failed"].includes(result)
      ? result
      : "invalid";
    return (
      <>
        <h1>{t(`results.${known}.title` as never)}</h1>
        <p className={known === "confirmed" || known === "already" ? "lead" : "notice warn"}>
          {t(`results.${known}.body` as never)}
        </p>
        <p>
          <Link href="/preferences">{t("toPreferences")}</Link>
        </p>
      </>
    );
  }
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
    return (
      <>
        <h1>{t("results.invalid.title")}</h1>
        <p className="notice warn">{t("results.invalid.body")}</p>
        <p>
          <Link href="/preferences">{t("toPreferences")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("body")}</p>
      <PostingForm action={confirmOptInAction}>
        <input type="hidden" name="token" value={token} />
        <button type="submit">{t("button")}</button>
      </PostingForm>
    </>
  );
}
