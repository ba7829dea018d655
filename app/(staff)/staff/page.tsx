import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { requireStaff } from "@/lib/auth/actor";

export async function generateMetadata() {
  const t = await getTranslations("staff");
  return { title: t("title") };
}

export default async function StaffHome() {
  const actor = await requireStaff();
  const t = await getTranslations("staff");
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("welcome", { name: actor.name, role: t(`roles.${actor.role}`) })}</p>
      <ul>
        <li>
          <Link href="/staff/requests">{t("requestsLink")}</Link>
        </li>
        {actor.role === "admin" && (
          <li>
            <Link href="/staff/settings">{t("settingsLink")}</Link>
          </li>
        )}
      </ul>
    </>
  );
}
