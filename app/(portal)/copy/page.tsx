import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireSubject } from "@/lib/auth/actor";
import { copyPageState } from "@/lib/privacy/copy/status";
import { valueFormatter } from "@/lib/format/values";
import { localeOf } from "@/lib/i18n/config";
import { serverTranslator, withSlots } from "@/lib/i18n/client-texts";
import { CopyProgress } from "./copy-progress";
import { RequestCopyForm } from "./request-copy-form";
import { pageTitle } from "@/lib/i18n/page";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("copy");

export default async function CopyPage() {
  const actor = await requireSubject();
  const t = await getTranslations("copy");
  const rawLocale = await getLocale();
  const format = valueFormatter(localeOf(rawLocale));
  const state = await copyPageState(actor);
  const date = (d: Date) => format.dateLong(d);
  const dateTime = (d: Date) => format.dateTimeLong(d);
  const latest = state.latest;
  const tt = await serverTranslator("copy");
  const building = latest?.status === "queued" || latest?.status === "building";

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {!state.canAct && (
        <p className="notice warn" role="note">
          {t("impersonation")}
        </p>
      )}

      {latest && building && (
        <section className="card" aria-labelledby="copy-building">
          <h2 id="copy-building">{t("buildingTitle")}</h2>
          <CopyProgress
            initial={latest.progress}
            texts={{ label: t("progressLabel"), progress: withSlots(tt, "progress", ["progress"]) }}
          />
          <p>{t("buildingNote")}</p>
          <p>
            <Link href="/copy">{t("refresh")}</Link>
          </p>
        </section>
      )}

      {latest?.status === "ready" && (
        <section className="card" aria-labelledby="copy-ready">
          <h2 id="copy-ready">{t("readyTitle")}</h2>
          {latest.readyAt && <p>{t("madeOn", { date: dateTime(latest.readyAt) })}</p>}
          {state.downloadPath && (
            <p>
              {/* A plain link: the route checks the signature, the person and a recent sign-in. */}
              <a className="button" href={state.downloadPath} download>
                {t("download", { size: formatSize(latest.sizeBytes ?? 0, format.number) })}
              </a>
            </p>
          )}
          {latest.expiresAt && <p>{t("expires", { date: dateTime(latest.expiresAt) })}</p>}
          {latest.downloadedAt && <p>{t("downloadedOn", { date: dateTime(latest.downloadedAt) })}</p>}
          {latest.pendingRecipients.length > 0 && (
            <p>
              {t("pendingSearches", {
                recipients: latest.pendingRecipients.map((r) => format.recipient(r.key, r.name)).join(", "),
              })}
            </p>
          )}
          {latest.failedSources.length > 0 && (
            <p className="notice warn">
              {t("failedConnectors", {
                sources: latest.failedSources
                  .map((s) => (t.has(`sources.${s}`) ? t(`sources.${s}`) : s))
                  .join(", "),
              })}
            </p>
          )}
        </section>
      )}

      {latest?.status === "failed" && (
        <section className="notice error" aria-labelledby="copy-failed">
          <h2 id="copy-failed">{t("failedTitle")}</h2>
          <p>{t("failedText")}</p>
        </section>
      )}

      {latest?.status === "expired" && <p className="notice">{t("expiredText")}</p>}

      {!building && (
        <PageSection id="copy-free" heading={t("freeTitle")} lead={t("freeRule")}>
          {state.free.available ? (
            <>
              <p>{t("freeNow")}</p>
              {state.canAct && (
                <>
                  {!state.stepUpFresh && <p>{t("stepUpNote")}</p>}
                  <RequestCopyForm intent="free" label={t("requestButton")} />
                </>
              )}
            </>
          ) : (
            <>
              {state.free.lastFreeAt && <p>{t("lastFree", { date: date(state.free.lastFreeAt) })}</p>}
              {state.free.nextFreeAt && (
                <p>
                  <strong>{t("nextFree", { date: date(state.free.nextFreeAt) })}</strong>
                </p>
              )}
              {state.furtherOpen ? (
                <p className="notice">
                  {t("furtherOpen", { date: date(state.furtherOpen.receivedAt) })}{" "}
                  <Link href="/requests">{t("requestsLink")}</Link>
                </p>
              ) : (
                <div className="card">
                  <h3>{t("furtherTitle")}</h3>
                  <p>{t("furtherText")}</p>
                  {state.canAct && (
                    <>
                      {!state.stepUpFresh && <p>{t("stepUpNote")}</p>}
                      <RequestCopyForm intent="further" label={t("furtherButton")} />
                    </>
                  )}
                </div>
              )}
            </>
          )}
        </PageSection>
      )}
    </>
  );
}

function formatSize(bytes: number, number: (n: number) => string): string {
  if (bytes >= 1024 * 1024) return `${number(Math.round(bytes / (1024 * 102.4)) / 10)} MB`;
  return `${number(Math.max(1, Math.round(bytes / 1024)))} kB`;
}
