import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getMessages, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getActor } from "@/lib/auth/actor";
import { isDemo } from "@/lib/env";
import { LanguageSwitch } from "@/components/language-switch";
import { ImpersonationBanner } from "@/components/impersonation-banner";
import { signOutAction } from "./actions/session";
import { CLIENT_NAMESPACES } from "@/lib/i18n/config";
import "./globals.css";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: t("title"), template: `%s · ${t("title")}` }, robots: { index: false } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  const actor = await getActor();
  const allMessages = await getMessages();
  const clientMessages = Object.fromEntries(
    CLIENT_NAMESPACES.filter((ns) => ns in allMessages).map((ns) => [ns, allMessages[ns]]),
  );
  const subject = actor?.kind === "person" || actor?.kind === "impersonation";
  const staff = actor?.kind === "staff";
  const portalLinks = [
    ["/my-data", t("nav.myData")],
    ["/copy", t("nav.copy")],
    ["/details", t("nav.details")],
    ["/preferences", t("nav.preferences")],
    ["/requests", t("nav.requests")],
    ["/deletion", t("nav.deletion")],
    ["/activity", t("nav.activity")],
  ] as const;
  return (
    <html lang={locale}>
      <body>
        <a className="skip-link" href="#main">
          {t("skipToContent")}
        </a>
        {isDemo() && (
          <div className="demo-marker" role="note">
            {t("demoMarker")} · <Link href="/dev/outbox">{t("outbox")}</Link>
          </div>
        )}
        {actor?.kind === "impersonation" && <ImpersonationBanner actor={actor} />}
        <header className="site">
          <div className="container bar">
            <Link href="/" className="brand">
              {t("title")}
            </Link>
            <LanguageSwitch current={locale} />
          </div>
          {(subject || staff) && (
            <div className="container">
              <nav className="main" aria-label={t("nav.label")}>
                <ul>
                  {subject &&
                    portalLinks.map(([href, label]) => (
                      <li key={href}>
                        <Link href={href}>{label}</Link>
                      </li>
                    ))}
                  {staff && (
                    <>
                      <li>
                        <Link href="/staff">{t("nav.staff")}</Link>
                      </li>
                      <li>
                        <Link href="/staff/requests">{t("nav.staffRequests")}</Link>
                      </li>
                      {actor.role === "admin" && (
                        <li>
                          <Link href="/staff/settings">{t("nav.settings")}</Link>
                        </li>
                      )}
                    </>
                  )}
                  {actor?.kind !== "impersonation" && (
                    <li>
                      <form action={signOutAction} className="inline-form">
                        <button type="submit" className="link-button">
                          {t("signOut")}
                        </button>
                      </form>
                    </li>
                  )}
                </ul>
              </nav>
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          <div className="container">
            <NextIntlClientProvider messages={clientMessages}>{children}</NextIntlClientProvider>
          </div>
        </main>
        <footer className="site">
          <div className="container">
            <ul>
              <li>
                <Link href="/privacy">{t("footer.privacy")}</Link>
              </li>
              <li>
                <Link href="/cookies">{t("footer.cookies")}</Link>
              </li>
            </ul>
          </div>
        </footer>
      </body>
    </html>
  );
}
