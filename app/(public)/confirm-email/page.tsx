import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { confirmEmailChangeAction } from "@/app/actions/details";
import { PostingForm } from "@/components/forms/posting-form";
import { type WithSearchParams, pageTitle, param } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("details.confirmEmail");

const RESULTS = ["confirmed", "already", "expired", "invalid", "taken", "failed"] as const;

// Opening the emailed link only shows this page; the button confirms. Mail scanners open links,
// they do not press buttons.
export default async function ConfirmEmailPage({ searchParams }: WithSearchParams) {
  const t = await getTranslations("details.confirmEmail");
  const p = await searchParams;
  const result = param(p, "result");
  const token = param(p, "token");

  if (result || !/^[A-Za-z0-9_-]{20,100}$/.test(token)) {
    const known = (RESULTS as readonly string[]).includes(result) ? result : "invalid";
    const good = known === "confirmed" || known === "already";
    return (
      <>
        <h1>{t(`results.${known}.title` as never)}</h1>
        <p className={good ? "lead" : "notice warn"}>{t(`results.${known}.body` as never)}</p>
        <p>
          <Link href={good ? "/sign-in" : "/details"}>{good ? t("toSignIn") : t("toDetails")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("body")}</p>
      <PostingForm action={confirmEmailChangeAction}>
        <input type="hidden" name="token" value={token} />
        <button type="submit">{t("button")}</button>
      </PostingForm>
    </>
  );
}
