import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { requireSubject } from "@/lib/auth/actor";
import { getPreferences } from "@/lib/consent/get-preferences";
import { serverTranslator, textsUnder } from "@/lib/i18n/client-texts";
import { PreferencesForm, type ChannelView, type PreferencesTexts } from "./preferences-form";
import { ObjectionForm, WithdrawAllForm } from "./stop-forms";
import { pageTitle } from "@/lib/i18n/page";
import { headings, TableSection } from "@/components/data-table";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("preferences");

export default async function PreferencesPage() {
  const actor = await requireSubject();
  const t = await getTranslations("preferences");
  const format = await getFormatter();
  const locale = await getLocale();
  const prefs = await getPreferences(actor);
  const topicName = (key: string) => {
    const topic = prefs.topics.find((x) => x.key === key);
    if (!topic) return key;
    return locale === "en" ? topic.nameEn : topic.nameSv;
  };
  const channels: ChannelView[] = prefs.channels.map((c) => ({
    channel: c.channel,
    items: c.items.map((i) => ({ ...i, name: topicName(i.topic) })),
  }));
  // The form remounts when the stored state changes, so its boxes always show what is in force.
  const stateKey = prefs.history[0]?.id ?? "none";
  const pt = await serverTranslator("preferences");
  const formTexts: PreferencesTexts = {
    channels: textsUnder(pt, "channels"),
    hints: textsUnder(pt, "hints"),
    status: textsUnder(pt, "status"),
    existingCustomer: t("basisShort.existing_customer"),
    save: t("save"),
    saving: t("saving"),
  };

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {prefs.pending && (
        <p className="notice warn" role="status">
          {t("pendingNotice")}
        </p>
      )}

      <PreferencesForm stateKey={stateKey} channels={channels} texts={formTexts} />

      <PageSection id="withdraw-heading" heading={t("withdrawAll.heading")} lead={t("withdrawAll.body")} card>
        <WithdrawAllForm button={t("withdrawAll.button")} />
      </PageSection>

      <PageSection id="objection-heading" heading={t("objection.heading")} lead={t("objection.body")} card>
        {actor.kind === "person" ? (
          <ObjectionForm button={t("objection.button")} />
        ) : (
          <p className="notice">{t("objection.notForStaff")}</p>
        )}
      </PageSection>

      <PageSection id="how-heading" heading={t("how.heading")}>
        <dl className="facts">
          <dt>{t("channels.email")}</dt>
          <dd>{t("how.email")}</dd>
          <dt>{t("channels.sms")}</dt>
          <dd>{t("how.sms")}</dd>
          <dt>
            {t("channels.phone")}, {t("channels.post").toLowerCase()}
          </dt>
          <dd>{t("how.phonePost")}</dd>
          <dt>{t("how.objectionTerm")}</dt>
          <dd>{t("how.objection")}</dd>
        </dl>
      </PageSection>

      <TableSection
        id="history-heading"
        heading={t("history.heading")}
        lead={t("history.lead")}
        columns={headings(t, "history", ["when", "what", "change", "how", "basis", "who", "wording"])}
        rows={prefs.history}
        empty={t("history.empty")}
        row={(h) => (
          <tr key={h.id}>
            <td>{format.dateTime(h.at, { dateStyle: "medium", timeStyle: "short" })}</td>
            <td>
              {t(`channels.${h.channel}`)} · {h.topic ? topicName(h.topic) : t("wholeChannel")}
            </td>
            <td>{label(t, "action", h.action)}</td>
            <td>{label(t, "method", h.method)}</td>
            <td>{label(t, "basis", h.legalBasis)}</td>
            <td>
              {h.actorType === "impersonation"
                ? t("who.impersonation", { name: h.staffName ?? "—" })
                : label(t, "who", h.actorType)}
            </td>
            <td>{h.wordingVersion}</td>
          </tr>
        )}
      />
    </>
  );
}

function label(
  t: Awaited<ReturnType<typeof getTranslations<"preferences">>>,
  group: string,
  key: string,
): string {
  const id = `${group}.${key}` as never;
  return t.has(id) ? t(id) : key;
}
