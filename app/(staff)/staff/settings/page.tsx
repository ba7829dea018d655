import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getSettingsView } from "@/lib/staff/settings";
import { DataMapForms, GeneralSettingsForm, TopicForms } from "./datamap-forms";
import { requireStaff } from "@/lib/auth/actor";
import { listStaff } from "@/lib/staff/allow-list";
import { setStaffActiveAction } from "@/app/actions/staff-settings";
import { AddStaffForm } from "./add-staff-form";
import { ActionProblem } from "@/components/forms/action-problem";
import { PostingForm } from "@/components/forms/posting-form";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";
import { DataTable } from "@/components/data-table";

export const generateMetadata = pageTitle("staff.settings");

export default async function SettingsPage({ searchParams }: WithSearchParams) {
  const actor = await requireStaff("admin.settings");
  const t = await getTranslations("staff.settings");
  const staff = await listStaff(actor);
  const view = await getSettingsView(actor);
  const tc = await getTranslations("staffconsole.settings");
  const tConnectors = await getTranslations("connectors");
  const locale = await getLocale();
  const sp = await searchParams;
  const open = typeof sp.open === "string" ? sp.open.slice(0, 100) : undefined;
  return (
    <>
      <h1>{t("title")}</h1>
      <h2>{t("allowList")}</h2>
      <p>{t("allowListLead")}</p>
      <ActionProblem searchParams={sp} />
      <DataTable caption={t("allowList")} columns={[t("name"), t("email"), t("role"), t("status")]}>
        {staff.map((s) => (
          <tr key={s.id}>
            <td>{s.name}</td>
            <td>{s.email}</td>
            <td>{t(`roles.${s.role}`)}</td>
            <td>
              {s.active ? t("active") : t("inactive")}{" "}
              {s.id !== actor.staffMemberId && (
                <PostingForm action={setStaffActiveAction} className="inline-form">
                  <input type="hidden" name="staffId" value={s.id} />
                  <input type="hidden" name="active" value={s.active ? "false" : "true"} />
                  <button type="submit" className="secondary">
                    {s.active ? t("deactivate") : t("activate")}
                  </button>
                </PostingForm>
              )}
            </td>
          </tr>
        ))}
      </DataTable>
      <h3>{t("addTitle")}</h3>
      <AddStaffForm
        texts={{
          email: t("email"),
          name: t("name"),
          role: t("role"),
          roles: { staff: t("roles.staff"), admin: t("roles.admin") },
          add: t("add"),
        }}
      />

      <h2>{tc("generalHeading")}</h2>
      <p>{tc("generalLead")}</p>
      <GeneralSettingsForm settings={view.settings} />

      <h2>{tc("topicsHeading")}</h2>
      <p>{tc("topicsLead")}</p>
      <TopicForms topics={view.topics} />

      <h2>{tc("datamapHeading")}</h2>
      <p>{tc("datamapLead")}</p>
      <DataMapForms view={view} locale={locale} open={open} />

      <h2>{tConnectors("title")}</h2>
      <p>{tConnectors("settingsLead")}</p>
      <p>
        <Link href="/staff/settings/connectors">{tConnectors("settingsLink")}</Link>
      </p>

      <h2>{tc("apiKeysHeading")}</h2>
      <p>
        <Link href="/staff/settings/api-keys">{tc("apiKeysLink")}</Link>
      </p>
    </>
  );
}
