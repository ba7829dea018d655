import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { CONFIRM_TOKEN_PATTERN } from "@/lib/staff/confirm-token";
import { confirmRequestAction } from "./actions";
import { PostingForm } from "@/components/forms/posting-form";
import { type WithSearchParams, pageTitle, param } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("staffconsole.confirmRequest");

const RESULTS = ["confirmed", "confirmed_deletion", "already", "expired", "invalid", "failed"];

// Opening the emailed link only shows this page; the button confirms. Mail scanners (Microsoft 365
// Safe Links among them) open links, they do not press buttons.
export default async function ConfirmRequestPage({ searchParams }: WithSearchParams) {
  const t = await getTranslations("staffconsole.confirmRequest");
  const p = await searchParams;
  const result = param(p, "result");
  const token = param(p, "token");

  if (result || !CONFIRM_TOKEN_PATTERN.test(token)) {
    const known = RESULTS.includes(result) ? result : "invalid";
    const good = known.startsWith("confirmed") || known === "already";
    return (
      <>
        <h1>{t(`results.${known}.title` as never)}</h1>
        <p className={good ? "lead" : "notice warn"} role={good ? "status" : "alert"}>
          {t(`results.${known}.body` as never)}
        </p>
        <p>
          <Link href="/requests">{t("toRequests")}</Link>
        </p>
      </>
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("body")}</p>
      <PostingForm action={confirmRequestAction}>
        <input type="hidden" name="token" value={token} />
        <button type="submit">{t("button")}</button>
      </PostingForm>
      <p>{t("notYou")}</p>
    </>
  );
}
