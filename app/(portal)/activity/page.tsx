import { getFormatter, getTranslations } from "next-intl/server";
import { requireSubject } from "@/lib/auth/actor";
import { listActivity } from "@/lib/privacy/activity";
import { signOutEverywhereAction } from "@/app/actions/session";

export async function generateMetadata() {
  const t = await getTranslations("activity");
  return { title: t("title") };
}

export default async function ActivityPage() {
  const actor = await requireSubject();
  const t = await getTranslations("activity");
  const format = await getFormatter();
  const items = await listActivity(actor);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {actor.kind === "person" && (
        <form action={signOutEverywhereAction}>
          <button type="submit" className="secondary">
            {t("signOutEverywhere")}
          </button>
        </form>
      )}
      {items.length === 0 ? (
        <p>{t("empty")}</p>
      ) : (
        <div className="table-wrap">
          <table>
            <caption className="sr-only">{t("title")}</caption>
            <thead>
              <tr>
                <th scope="col">{t("when")}</th>
                <th scope="col">{t("what")}</th>
                <th scope="col">{t("details")}</th>
              </tr>
            </thead>
            <tbody>
              {items.map((i) => (
                <tr key={i.id}>
                  <td>{format.dateTime(i.at, { dateStyle: "medium", timeStyle: "short" })}</td>
                  <td>{t.has(`kinds.${i.kind}`) ? t(`kinds.${i.kind}`) : i.kind}</td>
                  <td>
                    {i.staffName
                      ? t("byStaff", { name: i.staffName, reason: i.reason ?? "—" })
                      : [i.device, i.language ? t("language", { language: i.language }) : null]
                          .filter(Boolean)
                          .join(" · ")}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}
