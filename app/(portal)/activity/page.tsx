import { getLocale, getTranslations } from "next-intl/server";
import { requireSubject } from "@/lib/auth/actor";
import { listActivity } from "@/lib/privacy/activity";
import { signOutEverywhereAction } from "@/app/actions/session";
import { ActionProblem } from "@/components/forms/action-problem";
import { PostingForm } from "@/components/forms/posting-form";
import { valueFormatter } from "@/lib/format/values";
import { localeOf } from "@/lib/i18n/config";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";
import { DataTable } from "@/components/data-table";

export const generateMetadata = pageTitle("activity");

export default async function ActivityPage({ searchParams }: WithSearchParams) {
  const actor = await requireSubject();
  const t = await getTranslations("activity");
  const rawLocale = await getLocale();
  const format = valueFormatter(localeOf(rawLocale));
  const items = await listActivity(actor);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <ActionProblem searchParams={await searchParams} />
      {actor.kind === "person" && (
        <PostingForm action={signOutEverywhereAction}>
          <button type="submit" className="secondary">
            {t("signOutEverywhere")}
          </button>
        </PostingForm>
      )}
      <DataTable
        caption={t("title")}
        columns={[t("when"), t("what"), t("details")]}
        rows={items}
        empty={t("empty")}
        row={(i) => (
          <tr key={i.id}>
            <td>{format.dateTime(i.at)}</td>
            <td>{t.has(`kinds.${i.kind}`) ? t(`kinds.${i.kind}`) : i.kind}</td>
            <td>
              {i.staffName
                ? t("byStaff", { name: i.staffName, reason: i.reason ?? "—" })
                : [
                    i.device ? format.device(i.device) : null,
                    i.language ? t("language", { language: format.language(i.language) }) : null,
                  ]
                    .filter(Boolean)
                    .join(" · ")}
            </td>
          </tr>
        )}
      />
    </>
  );
}
