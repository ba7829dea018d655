import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/actor";
import { connectorSettingsView } from "@/lib/connectors/admin";
import { meaningOf } from "@/lib/connectors/connection-check";
import { recipientName } from "@/lib/datamap/recipient-name";
import type { Locale } from "@/lib/i18n/config";
import { pageTitle } from "@/lib/i18n/page";
import { ConnectorForms } from "./connector-forms";

export const generateMetadata = pageTitle("connectors");

export default async function ConnectorSettingsPage() {
  const actor = await requireStaff("admin.settings");
  const t = await getTranslations("connectors");
  const format = await getFormatter();
  const locale = (await getLocale()) as Locale;
  const views = await connectorSettingsView(actor);
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <p>
        <a href="/staff/settings">{t("back")}</a>
      </p>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {views.map((view) => {
        const name = t(`names.${view.key}` as never);
        const recipients = view.recipients.map((r) => recipientName(r.key, locale, r.name));
        return (
          <section key={view.key} aria-labelledby={`connector-${view.key}-heading`} data-connector={view.key}>
            <h2 id={`connector-${view.key}-heading`}>{name}</h2>
            <p>
              {recipients.length > 0
                ? t("serves", { list: format.list(recipients, { type: "conjunction" }) })
                : t("servesNone")}
            </p>
            <dl>
              <dt>{t("statusLabel")}</dt>
              <dd data-status>{t(`status.${view.status}` as never)}</dd>
              {view.status !== "not_configured" && (
                <>
                  <dt>{t("lastTestLabel")}</dt>
                  <dd data-last-test>
                    {view.testedAt && view.testResult
                      ? t("lastTest", {
                          when: when(view.testedAt),
                          result: t(`results.${meaningOf(view.testResult)}` as never),
                        })
                      : t("neverTested")}
                  </dd>
                </>
              )}
            </dl>
            <ConnectorForms view={view} name={name} />
          </section>
        );
      })}
    </>
  );
}
