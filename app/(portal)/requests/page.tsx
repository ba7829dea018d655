import { getLocale, getTranslations } from "next-intl/server";
import { requireSubject } from "@/lib/auth/actor";
import { listMyRequests } from "@/lib/privacy/my-requests";
import Link from "next/link";
import { RestrictionRequestForm } from "@/components/restriction-request-form";
import { caseReference } from "@/lib/format/case-reference";
import { valueFormatter } from "@/lib/format/values";
import { localeOf } from "@/lib/i18n/config";
import { pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("requests");

export default async function RequestsPage() {
  const actor = await requireSubject();
  const t = await getTranslations("requests");
  const rawLocale = await getLocale();
  const format = valueFormatter(localeOf(rawLocale));
  const requests = await listMyRequests(actor);
  const day = (d: Date) => format.date(d);
  const amount = (ore: number) => format.money(ore, "SEK");

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {requests.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap" tabIndex={0} role="region" aria-label={t("caption")}>
          <table>
            <caption className="sr-only">{t("caption")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("reference")}</th>
                <th scope="col">{t("type")}</th>
                <th scope="col">{t("status")}</th>
                <th scope="col">{t("received")}</th>
                <th scope="col">{t("due")}</th>
                <th scope="col">{t("deadline")}</th>
              </tr>
            </thead>
            <tbody>
              {requests.map((r) => (
                <tr key={r.id} data-request-type={r.type}>
                  <td className="nowrap">{caseReference(r.id)}</td>
                  <td>
                    {t.has(`types.${r.type}`) ? t(`types.${r.type}`) : r.type}
                    {r.channel !== "portal" && (
                      <>
                        <br />
                        <small>
                          {t("channel", {
                            channel: t.has(`channels.${r.channel}`) ? t(`channels.${r.channel}`) : r.channel,
                          })}
                        </small>
                      </>
                    )}
                  </td>
                  <td>
                    {t.has(`statuses.${r.status}`) ? t(`statuses.${r.status}`) : r.status}
                    {r.feeOre !== null && (
                      <>
                        <br />
                        <small>{t("fee", { amount: amount(r.feeOre) })}</small>
                      </>
                    )}
                    {r.status === "awaiting_fee_acceptance" && (
                      <>
                        <br />
                        <Link href={`/requests/fee/${r.id}`}>{t("answerFee")}</Link>
                      </>
                    )}
                  </td>
                  <td>{day(r.receivedAt)}</td>
                  <td>
                    {day(r.effectiveDueAt)}
                    {r.extendedDueAt && (
                      <>
                        <br />
                        <small>{t("extended", { date: day(r.dueAt) })}</small>
                      </>
                    )}
                  </td>
                  <td>
                    {r.dueStatus ? (
                      <span className={`badge ${r.dueStatus}`}>{t(`dueStatus.${r.dueStatus}`)}</span>
                    ) : (
                      t("closed", { date: day(r.resolvedAt ?? r.receivedAt) })
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <RestrictionRequestForm />
    </>
  );
}
