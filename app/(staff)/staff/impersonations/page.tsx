import { getFormatter, getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { listImpersonations } from "@/lib/staff/impersonation";
import { pageTitle } from "@/lib/i18n/page";
import { DataTable, headings } from "@/components/data-table";

export const generateMetadata = pageTitle("staffconsole.impersonations");

export default async function ImpersonationsPage() {
  const actor = await requireStaff("admin.settings");
  const rows = await listImpersonations(actor);
  const t = await getTranslations("staffconsole.impersonations");
  const format = await getFormatter();
  const when = (d: Date) => format.dateTime(d, { dateStyle: "medium", timeStyle: "short" });
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <DataTable
        caption={t("title")}
        columns={headings(t, "columns", ["started", "staff", "person", "reason", "state"])}
        rows={rows}
        empty={t("empty")}
        row={(r) => (
          <tr key={r.id}>
            <td>{when(r.startedAt)}</td>
            <td>{r.staffName}</td>
            <td>
              {r.personName ? (
                <Link href={`/staff/people/${r.personId}`}>{r.personName}</Link>
              ) : (
                t("personGone")
              )}
            </td>
            <td>{r.reason}</td>
            <td>
              {t(`states.${r.state}`)}
              {" · "}
              {r.endedAt
                ? t("endedAt", { time: when(r.endedAt) })
                : t("expiresAt", { time: when(r.expiresAt) })}
            </td>
          </tr>
        )}
      />
    </>
  );
}
