import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { GO_LIVE_KINDS, listGoLive } from "@/lib/datamap/go-live";
import { localeOf } from "@/lib/i18n/config";
import { pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("golive");

export default async function GoLivePage() {
  const actor = await requireStaff("admin.golive");
  const rawLocale = await getLocale();
  const items = await listGoLive(actor, localeOf(rawLocale));
  const t = await getTranslations("golive");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      {items.length === 0 ? (
        <p className="notice ok">{t("done")}</p>
      ) : (
        <>
          <p>{t("count", { count: items.length })}</p>
          {GO_LIVE_KINDS.map((kind) => {
            const group = items.filter((i) => i.kind === kind);
            if (group.length === 0) return null;
            return (
              <section key={kind} aria-labelledby={`golive-${kind}`}>
                <h2 id={`golive-${kind}`}>{t(`kinds.${kind}.title`)}</h2>
                <p>{t(`kinds.${kind}.lead`)}</p>
                <ul data-kind={kind}>
                  {group.map((item) => (
                    <li key={item.key} data-key={item.key}>
                      {item.href ? (
                        <Link href={item.href} prefetch={false}>
                          {t(`kinds.${kind}.link`, { what: item.label })}
                        </Link>
                      ) : (
                        <>
                          {item.label}: {t("inEnvironment", { setting: item.key })}
                        </>
                      )}
                      {item.where.length > 0 && (
                        <>
                          <br />
                          <small>{t("where", { categories: item.where.join(", ") })}</small>
                        </>
                      )}
                    </li>
                  ))}
                </ul>
              </section>
            );
          })}
        </>
      )}
    </>
  );
}
