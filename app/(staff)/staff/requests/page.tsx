import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { listRequestQueue, STATUS_FILTERS } from "@/lib/staff/queue";
import { REQUEST_TYPES } from "@/lib/staff/validation";
import { DueBadge } from "../_components/due-badge";
import { staffWords } from "../_components/words";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";
import { DataTable, headings } from "@/components/data-table";

export const generateMetadata = pageTitle("staffconsole.queue");

export default async function RequestQueuePage({ searchParams }: WithSearchParams) {
  const actor = await requireStaff("staff.requests.manage");
  const sp = await searchParams;
  const one = (k: string) => (typeof sp[k] === "string" ? (sp[k] as string) : undefined);
  const filter = { type: one("type"), status: one("status"), assigned: one("assigned") };
  const { rows, truncated, status } = await listRequestQueue(actor, filter);
  const t = await getTranslations("staffconsole.queue");
  const tr = await getTranslations("requests");
  const w = await staffWords();
  const format = await getFormatter();
  const day = (d: Date) => format.dateTime(d, { dateStyle: "medium" });

  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <form method="get" action="/staff/requests" className="stack" aria-label={t("filters")}>
        <div className="field">
          <label htmlFor="filter-type">{t("filterType")}</label>
          <select id="filter-type" name="type" defaultValue={filter.type ?? ""}>
            <option value="">{t("allTypes")}</option>
            {REQUEST_TYPES.map((v) => (
              <option key={v} value={v}>
                {w.requestType(v)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-status">{t("filterStatus")}</label>
          <select id="filter-status" name="status" defaultValue={status}>
            {STATUS_FILTERS.map((v) => (
              <option key={v} value={v}>
                {v === "open" ? t("openStatuses") : v === "all" ? t("allStatuses") : w.requestStatus(v)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor="filter-assigned">{t("filterAssigned")}</label>
          <select id="filter-assigned" name="assigned" defaultValue={filter.assigned ?? ""}>
            <option value="">{t("anyone")}</option>
            <option value="me">{t("me")}</option>
            <option value="none">{t("unassigned")}</option>
          </select>
        </div>
        <div>
          <button type="submit">{t("apply")}</button>
        </div>
      </form>

      <DataTable
        caption={t("caption", { count: rows.length })}
        showCaption
        columns={headings(t, "columns", ["type", "person", "status", "received", "due", "assigned", "tasks"])}
        rows={rows}
        empty={t("empty")}
        row={(r) => (
          <tr key={r.id}>
            <td>
              <Link href={`/staff/requests/${r.id}`}>{w.requestType(r.type)}</Link>
            </td>
            <td>
              {r.personId ? <Link href={`/staff/people/${r.personId}`}>{r.personName}</Link> : r.personName}
            </td>
            <td>{w.requestStatus(r.status)}</td>
            <td>
              {day(r.receivedAt)}
              <br />
              <small>{tr("channel", { channel: tr(`channels.${r.channel}`) })}</small>
            </td>
            <td>
              {day(r.effectiveDueAt)} <DueBadge status={r.dueStatus} />
              {r.extended && (
                <>
                  <br />
                  <small>{t("extended")}</small>
                </>
              )}
            </td>
            <td>{r.assignedToName ?? t("unassigned")}</td>
            <td>{r.openTasks}</td>
          </tr>
        )}
      />
      {truncated && <p className="notice">{t("truncated")}</p>}
    </>
  );
}
