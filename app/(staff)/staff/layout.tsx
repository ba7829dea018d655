import { headers } from "next/headers";
import Link from "next/link";
import { getTranslations } from "next-intl/server";
import { requireStaff } from "@/lib/auth/actor";
import { goLiveReminder } from "@/lib/datamap/go-live";

export default async function StaffLayout({ children }: { children: React.ReactNode }) {
  const actor = await requireStaff();
  const t = await getTranslations("staffconsole.nav");
  const tn = await getTranslations("newsletter");
  const tg = await getTranslations("golive");
  const path = ((await headers()).get("x-portal-path") ?? "").split("?")[0] ?? "";
  const links: [string, string][] = [
    ["/staff", t("home")],
    ["/staff/requests", t("requests")],
    ["/staff/tasks", t("tasks")],
    ["/staff/audit", t("audit")],
  ];
  if (actor.role === "admin") {
    links.push(
      ["/staff/impersonations", t("impersonations")],
      ["/staff/newsletter", tn("nav")],
      ["/staff/settings", t("settings")],
      ["/staff/go-live", tg("nav")],
    );
  }
  // While facts people are told are still unstated, admins are reminded on every page.
  const unstated = (await goLiveReminder(actor)) ?? 0;

  const current = (href: string) => (href === "/staff" ? path === "/staff" : path.startsWith(href));
  return (
    <>
      <nav className="main" aria-label={t("label")}>
        <ul>
          {links.map(([href, label]) => (
            <li key={href}>
              <Link href={href} aria-current={current(href) ? "page" : undefined}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      {unstated > 0 && !current("/staff/go-live") && (
        <p className="notice warn">
          {tg("notice", { count: unstated })} <Link href="/staff/go-live">{tg("noticeLink")}</Link>
        </p>
      )}
      {children}
    </>
  );
}
