import { getFormatter, getLocale, getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/actor";
import { newsletterOverview } from "@/lib/newsletter/send-newsletter";
import { NewsletterForm } from "./newsletter-form";
import { pageTitle } from "@/lib/i18n/page";
import { TableSection } from "@/components/data-table";
import { PageSection } from "@/components/page-section";

export const generateMetadata = pageTitle("newsletter");

// Admins only: a staff member without the role gets a 404 (requireStaff), and the use-cases refuse too.
export default async function NewsletterPage() {
  const actor = await requireStaff("admin.newsletter");
  const t = await getTranslations("newsletter");
  const format = await getFormatter();
  const en = (await getLocale()) === "en";
  const { topics, sends } = await newsletterOverview(actor);
  const topicName = (key: string) => {
    const topic = topics.find((x) => x.key === key);
    return topic ? (en ? topic.nameEn : topic.nameSv) : key;
  };
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>

      <TableSection
        id="newsletter-reach-title"
        heading={t("reachTitle")}
        columns={[t("topicColumn"), t("reachColumn")]}
        rows={topics}
        row={(x) => (
          <tr key={x.key}>
            <th scope="row">{en ? x.nameEn : x.nameSv}</th>
            <td>{t("people", { count: x.reach })}</td>
          </tr>
        )}
      />

      <PageSection id="newsletter-compose-title" heading={t("composeTitle")}>
        <NewsletterForm
          topics={topics.map((x) => ({ value: x.key, label: en ? x.nameEn : x.nameSv }))}
          labels={{
            topic: t("topic"),
            topicHint: t("topicHint"),
            swedish: t("swedish"),
            english: t("english"),
            languageHint: t("languageHint"),
            subject: t("subject"),
            body: t("body"),
            bodyHint: t("bodyHint"),
            previewButton: t("previewButton"),
            previewTitle: t("previewTitle"),
            previewSv: t("previewSv"),
            previewEn: t("previewEn"),
            previewLink: t("previewLink"),
          }}
        />
      </PageSection>

      <TableSection
        id="newsletter-history-title"
        heading={t("historyTitle")}
        columns={[
          t("when"),
          t("topicColumn"),
          t("by"),
          t("expected"),
          t("sentCount"),
          t("skipped"),
          t("status"),
        ]}
        rows={sends}
        empty={t("historyEmpty")}
        row={(s) => (
          <tr key={s.id}>
            <td>{when(s.createdAt)}</td>
            <td>{topicName(s.topic)}</td>
            <td>{s.sentBy ?? t("byPortal")}</td>
            <td>{s.expected}</td>
            <td>{s.sent}</td>
            <td>{s.skipped}</td>
            <td>{s.status === "done" || s.status === "sending" ? t(`statuses.${s.status}`) : s.status}</td>
          </tr>
        )}
      />
    </>
  );
}
