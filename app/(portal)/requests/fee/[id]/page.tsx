import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { notFound } from "next/navigation";
import { requireSubject } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { getFeeOffer } from "@/lib/privacy/copy/fee";
import { answerFeeAction } from "../actions";
import { PostingForm } from "@/components/forms/posting-form";
import { pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("staffconsole.fee");

const RESULTS = ["accepted", "declined", "not_allowed_now", "forbidden", "not_found", "failed"];

export default async function FeePage({
  params,
  searchParams,
}: {
  params: Promise<{ id: string }>;
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireSubject();
  const { id } = await params;
  const sp = await searchParams;
  let offer;
  try {
    offer = await getFeeOffer(actor, id);
  } catch (err) {
    if (isAppError(err)) notFound();
    throw err;
  }
  const t = await getTranslations("staffconsole.fee");
  const tr = await getTranslations("requests");
  const format = await getFormatter();
  const result = typeof sp.result === "string" ? (RESULTS.includes(sp.result) ? sp.result : "failed") : null;
  const amount =
    offer.feeOre !== null ? format.number(offer.feeOre / 100, { style: "currency", currency: "SEK" }) : "—";
  const waiting = offer.status === "awaiting_fee_acceptance";
  return (
    <>
      <p>
        <Link href="/requests">{t("back")}</Link>
      </p>
      <h1>{t("title")}</h1>
      {result && (
        <p
          className={result === "accepted" || result === "declined" ? "notice ok" : "notice error"}
          role={result === "accepted" || result === "declined" ? "status" : "alert"}
        >
          {t(`results.${result}` as never)}
        </p>
      )}
      <dl className="facts">
        <dt>{t("request")}</dt>
        <dd>{tr(`types.${offer.type}`)}</dd>
        <dt>{t("received")}</dt>
        <dd>{format.dateTime(offer.receivedAt, { dateStyle: "long" })}</dd>
        <dt>{t("fee")}</dt>
        <dd>{amount}</dd>
        <dt>{t("basis")}</dt>
        <dd>{offer.basis ?? "—"}</dd>
        <dt>{t("status")}</dt>
        <dd>{tr(`statuses.${offer.status}`)}</dd>
      </dl>
      <p>{t("explain")}</p>
      {waiting && actor.kind === "person" && (
        <div className="stack">
          <PostingForm action={answerFeeAction}>
            <input type="hidden" name="requestId" value={offer.id} />
            <input type="hidden" name="answer" value="accept" />
            <button type="submit">{t("accept", { amount })}</button>
          </PostingForm>
          <PostingForm action={answerFeeAction}>
            <input type="hidden" name="requestId" value={offer.id} />
            <input type="hidden" name="answer" value="decline" />
            <button type="submit" className="secondary">
              {t("decline")}
            </button>
          </PostingForm>
        </div>
      )}
      {waiting && actor.kind === "impersonation" && <p className="notice warn">{t("personOnly")}</p>}
      {offer.feeAcceptedAt && (
        <p>{t("acceptedOn", { date: format.dateTime(offer.feeAcceptedAt, { dateStyle: "long" }) })}</p>
      )}
    </>
  );
}
