import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";
import { queueSummary } from "@/lib/staff/queue";
import { ActionProblem } from "@/components/forms/action-problem";
import { StaffSearchForm } from "./search-form";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("staffconsole.home");

export default async function StaffHome({ searchParams }: WithSearchParams) {
  const actor = await requireStaff();
  const t = await getTranslations("staffconsole.home");
  const tStaff = await getTranslations("staff");
  const summary = await queueSummary(actor);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{tStaff("welcome", { name: actor.name, role: tStaff(`roles.${actor.role}`) })}</p>
      <ActionProblem searchParams={await searchParams} />

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

      <StaffSearchForm
        texts={{
          heading: t("searchHeading"),
          label: t("searchLabel"),
          hint: t("searchHint"),
          button: t("searchButton"),
          noResults: t("noResults"),
          restricted: t("restricted"),
          columns: {
            name: t("columns.name"),
            email: t("columns.email"),
            kind: t("columns.kind"),
            company: t("columns.company"),
            matched: t("columns.matched"),
          },
        }}
      />
    </>
  );
}
