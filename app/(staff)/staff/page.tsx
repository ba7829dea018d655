import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { isAppError } from "@/lib/errors";
import { queueSummary } from "@/lib/staff/queue";
import { searchPeople, type SearchHit } from "@/lib/staff/search";

export async function generateMetadata() {
  const t = await getTranslations("staffconsole.home");
  return { title: t("title") };
}

export default async function StaffHome({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireStaff();
  const t = await getTranslations("staffconsole.home");
  const tStaff = await getTranslations("staff");
  const p = await searchParams;
  const q = typeof p.q === "string" ? p.q.trim() : "";
  let hits: SearchHit[] | null = null;
  let searchError: string | null = null;
  if (q) {
    try {
      hits = await searchPeople(actor, q);
    } catch (err) {
      if (!isAppError(err)) throw err;
      searchError = err.code === "invalid_input" ? t("queryInvalid") : t("searchFailed");
    }
  }
  const summary = await queueSummary(actor);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{tStaff("welcome", { name: actor.name, role: tStaff(`roles.${actor.role}`) })}</p>

      <div className="grid">
        <p className="card">
          <Link href="/staff/requests">{t("summary.open", { count: summary.open })}</Link>
        </p>
        <p className="card">
          <span className="badge overdue">{t("summary.overdue", { count: summary.overdue })}</span>{" "}
          <span className="badge due_soon">{t("summary.dueSoon", { count: summary.dueSoon })}</span>
        </p>
        <p className="card">
          <Link href="/staff/tasks">{t("summary.openTasks", { count: summary.openTasks })}</Link>
        </p>
      </div>

      <h2 id="search-heading">{t("searchHeading")}</h2>
      <form method="get" action="/staff" role="search" aria-labelledby="search-heading" className="stack">
        <div className="field">
          <label htmlFor="staff-search">{t("searchLabel")}</label>
          <input
            id="staff-search"
            name="q"
            type="search"
            defaultValue={q}
            autoComplete="off"
            aria-describedby="staff-search-hint"
            aria-invalid={searchError ? true : undefined}
          />
          <span id="staff-search-hint" className="hint">
            {t("searchHint")}
          </span>
          {searchError && (
            <span className="error" role="alert">
              {searchError}
            </span>
          )}
        </div>
        <div>
          <button type="submit">{t("searchButton")}</button>
        </div>
      </form>

      {hits && (
        <section aria-labelledby="results-heading">
          <h2 id="results-heading">{t("results", { count: hits.length })}</h2>
          {hits.length === 0 ? (
            <p>{t("noResults")}</p>
          ) : (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">{t("results", { count: hits.length })}</caption>
                <thead>
                  <tr>
                    <th scope="col">{t("columns.name")}</th>
                    <th scope="col">{t("columns.email")}</th>
                    <th scope="col">{t("columns.kind")}</th>
                    <th scope="col">{t("columns.company")}</th>
                    <th scope="col">{t("columns.matched")}</th>
                  </tr>
                </thead>
                <tbody>
                  {hits.map((h) => (
                    <tr key={h.id}>
                      <td>
                        <Link href={`/staff/people/${h.id}`}>{h.name}</Link>
                        {h.restricted && <span className="badge"> {t("restricted")}</span>}
                      </td>
                      <td>{h.email}</td>
                      <td>{t(`kinds.${h.kind}` as never)}</td>
                      <td>{h.company ?? "—"}</td>
                      <td>{h.matchedBy.map((m) => t(`matchedBy.${m}` as never)).join(", ")}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </section>
      )}
    </>
  );
}
