import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { listAuditEntries } from "@/lib/staff/audit-log";
import { AUDIT_ACTIONS } from "@/lib/audit/actions";
import { staffWords } from "../_components/words";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";
import { DataTable, headings } from "@/components/data-table";

export const generateMetadata = pageTitle("staffconsole.audit");

export default async function AuditPage({ searchParams }: WithSearchParams) {
  const actor = await requireStaff("staff.audit.view");
  const sp = await searchParams;
  const raw = Object.fromEntries(
    ["action", "personId", "from", "to", "before"].map((k) => [
      k,
      typeof sp[k] === "string" ? (sp[k] as string) : undefined,
    ]),
  );
  const { entries, filter, invalid, nextBefore } = await listAuditEntries(actor, raw);
  const t = await getTranslations("staffconsole.audit");
  const w = await staffWords();
  const actions = AUDIT_ACTIONS.map((a) => ({ value: a, label: w.action(a) })).sort((a, b) =>
    a.label.localeCompare(b.label, w.locale),
  );
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "short", timeStyle: "medium" });
  const next = new URLSearchParams(
    Object.entries({ ...filter, before: nextBefore ?? "" }).filter(([, v]) => !!v) as [string, string][],
  );
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <form method="get" action="/staff/audit" className="stack" aria-label={t("filters")}>
        <div className="field">
          <label htmlFor="audit-action">{t("action")}</label>
          <select
            id="audit-action"
            name="action"
            defaultValue={filter.action ?? ""}
            aria-describedby="audit-action-hint"
          >
            <option value="">{t("allActions")}</option>
            {/* An earlier link may carry a prefix (e.g. every staff action): kept as chosen. */}
            {filter.action && !actions.some((a) => a.value === filter.action) && (
              <option value={filter.action}>{t("actionPrefix")}</option>
            )}
            {actions.map((a) => (
              <option key={a.value} value={a.value}>
                {a.label}
              </option>
            ))}
          </select>
          <span id="audit-action-hint" className="hint">
            {t("actionHint")}
          </span>
        </div>
        <div className="field">
          <label htmlFor="audit-person">{t("personId")}</label>
          <input id="audit-person" name="personId" defaultValue={filter.personId} />
        </div>
        <div className="field">
          <label htmlFor="audit-from">{t("from")}</label>
          <input id="audit-from" name="from" type="date" defaultValue={filter.from} />
        </div>
        <div className="field">
          <label htmlFor="audit-to">{t("to")}</label>
          <input id="audit-to" name="to" type="date" defaultValue={filter.to} />
        </div>
        {invalid && (
          <p className="notice error" role="alert">
            {t("invalid")}
          </p>
        )}
        <div>
          <button type="submit">{t("apply")}</button>
        </div>
      </form>
      <DataTable
        caption={t("title")}
        columns={headings(t, "columns", ["seq", "at", "actor", "person", "action", "target", "meta"])}
        rows={entries}
        empty={t("empty")}
        row={(e) => (
          <tr key={e.seq}>
            <td>{e.seq}</td>
            <td>{when(e.at)}</td>
            <td>
              {w.actor(e.actorType)}
              {e.actorName ? (
                ` · ${e.actorName}`
              ) : e.actorId ? (
                <>
                  {" · "}
                  {/* An id, or the name of the system's own job: shown as recorded. */}
                  <code data-verbatim="">{e.actorId}</code>
                </>
              ) : (
                ""
              )}
            </td>
            <td>
              {e.personId ? (
                <Link href={`/staff/audit?personId=${encodeURIComponent(e.personId)}`}>
                  <code>{e.personId}</code>
                </Link>
              ) : (
                "—"
              )}
            </td>
            <td>{w.action(e.action)}</td>
            <td>{w.targetOf(e.targetType, e.targetId)}</td>
            <td>
              {/* The entry's own record, exactly as the chain hashes it. */}
              <code data-verbatim="">{e.meta ?? ""}</code>
            </td>
          </tr>
        )}
      />
      {nextBefore && (
        <p>
          <Link href={`/staff/audit?${next.toString()}`}>{t("older")}</Link>
        </p>
      )}
    </>
  );
}
