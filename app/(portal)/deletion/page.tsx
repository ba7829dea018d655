import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireSubject } from "@/lib/auth/actor";
import { localeOf } from "@/lib/i18n/config";
import { groupByKeepThrough, recordName } from "@/lib/erasure/describe";
import { deletionPageState } from "@/lib/erasure/request";
import { caseReference } from "@/lib/format/case-reference";
import { valueFormatter } from "@/lib/format/values";
import { CancelDeletionForm, RequestDeletionForm, type DeletionTexts } from "./deletion-forms";
import { pageTitle } from "@/lib/i18n/page";
import { DataTable } from "@/components/data-table";
import { PageSection } from "@/components/page-section";

/** Every record is listed; a long history starts folded, and very long ones are cut. */
const OPEN_UP_TO = 20;
const MAX_ROWS = 500;

export const generateMetadata = pageTitle("deletion");

export default async function DeletionPage() {
  const actor = await requireSubject();
  const t = await getTranslations("deletion");
  const rawLocale = await getLocale();
  const locale = localeOf(rawLocale);
  const format = valueFormatter(locale);
  const state = await deletionPageState(actor, locale);
  const { plan, open } = state;
  const when = (d: Date) => format.dateTimeLong(d);
  const day = (d: Date) => format.dateLong(d);
  const tt = t as unknown as (key: string, values?: Record<string, string | number>) => string;
  const formTexts: DeletionTexts = {
    confirmLabel: t("ask.confirmLabel"),
    button: t("ask.button"),
    cancelHint: t("open.cancelHint"),
    cancel: t("open.cancel"),
  };
  const canAsk = !open || open.status === "received" || open.status === "awaiting_confirmation";

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>

      {open && (
        <PageSection
          id="open-heading"
          heading={t("open.heading")}
          lead={t("email.reference", { id: caseReference(open.id) })}
          card
        >
          {open.status === "cooling_off" && open.coolingOffEndsAt && (
            <p className="notice warn" role="status">
              {t("open.coolingOff", { received: when(open.receivedAt), endsAt: when(open.coolingOffEndsAt) })}
            </p>
          )}
          {(open.status === "in_progress" || (open.status === "cooling_off" && !open.canCancel)) && (
            <p className="notice" role="status">
              {t("open.inProgress")}
            </p>
          )}
          {(open.status === "received" || open.status === "awaiting_confirmation") && (
            <p className="notice">{t("open.awaiting", { received: when(open.receivedAt) })}</p>
          )}
          <p>{t("open.deadline", { due: day(open.dueAt) })}</p>
          {open.canCancel && state.canAct && <CancelDeletionForm requestId={open.id} texts={formTexts} />}
        </PageSection>
      )}
      {state.cancelledAt && (
        <p className="notice ok" role="status">
          {t("open.cancelled", { date: when(state.cancelledAt) })}
        </p>
      )}

      <PageSection id="erase-heading" heading={t("erase.heading")} lead={t("erase.lead")}>
        <ul>
          {plan.categories.map((c) => (
            <li key={c.key}>
              {c.name}
              {c.hold && plan.kept.length > 0 ? ` – ${t("erase.held")}` : ""}
            </li>
          ))}
          <li>{t("erase.account")}</li>
        </ul>
        {plan.expired.length > 0 && <p>{t("erase.expired", { count: plan.expired.length })}</p>}
      </PageSection>

      <PageSection id="keep-heading" heading={t("keep.heading")}>
        {plan.kept.length === 0 ? (
          <p>{t("keep.none")}</p>
        ) : (
          <>
            {plan.holds.map((h) => (
              <p key={h.key}>
                <strong>{h.law}:</strong> {h.rule}
              </p>
            ))}
            <DataTable
              caption={t("keep.summaryCaption")}
              showCaption
              columns={[t("keep.until"), t("keep.deletedFrom"), t("keep.invoices"), t("keep.payments")]}
            >
              {groupByKeepThrough(plan.kept).map((g) => (
                <tr key={g.keepThrough}>
                  <th scope="row">{format.date(g.keepThrough)}</th>
                  <td>{format.date(g.deleteFrom)}</td>
                  <td>{g.invoices}</td>
                  <td>{g.payments}</td>
                </tr>
              ))}
            </DataTable>
            <details open={plan.kept.length <= OPEN_UP_TO}>
              <summary>{t("keep.allRecords", { count: plan.kept.length })}</summary>
              <DataTable
                caption={t("keep.caption")}
                showCaption
                columns={[t("keep.record"), t("keep.date"), t("keep.fyEnd"), t("keep.until")]}
              >
                {plan.kept.slice(0, MAX_ROWS).map((r) => (
                  <tr key={`${r.kind}-${r.id}`}>
                    <th scope="row">{recordName(tt, locale, r, format)}</th>
                    <td>{format.date(r.date)}</td>
                    <td>{format.date(r.financialYearEnd)}</td>
                    <td>{format.date(r.keepThrough)}</td>
                  </tr>
                ))}
              </DataTable>
              {plan.kept.length > MAX_ROWS && <p>{t("keep.more", { count: plan.kept.length - MAX_ROWS })}</p>}
            </details>
            <p>{t("keep.restricted")}</p>
          </>
        )}
      </PageSection>

      <PageSection id="recipients-heading" heading={t("recipients.heading")} lead={t("recipients.lead")}>
        <ul>
          {plan.recipients.map((r) => (
            <li key={r.key}>
              {r.name}: {r.automated ? t("recipients.automated") : t(`recipients.${r.role}`)}
            </li>
          ))}
        </ul>
      </PageSection>

      <PageSection id="remaining-heading" heading={t("remaining.heading")}>
        <ul>
          <li>{t("remaining.tombstone")}</li>
          <li>{t("remaining.request")}</li>
          <li>{t("remaining.appendOnly")}</li>
        </ul>
      </PageSection>

      {canAsk && (
        <PageSection id="ask-heading" heading={t("ask.heading")} card>
          <p>
            {state.coolingOffDays > 0
              ? t("ask.coolingOff", { days: state.coolingOffDays })
              : t("ask.noCoolingOff")}
          </p>
          {!state.canAct ? (
            <p className="notice">{t("ask.notForStaff")}</p>
          ) : !state.stepUpFresh ? (
            <>
              <p>{t("ask.stepUp")}</p>
              <p>
                <Link className="button" href="/step-up?next=/deletion">
                  {t("ask.stepUpLink")}
                </Link>
              </p>
            </>
          ) : (
            <RequestDeletionForm texts={formTexts} />
          )}
        </PageSection>
      )}
    </>
  );
}
