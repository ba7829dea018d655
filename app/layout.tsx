import type { Metadata } from "next";
import { getLocale, getTranslations } from "next-intl/server";
import Link from "next/link";
import { getActor } from "@/lib/auth/actor";
import { isDemo } from "@/lib/env";
import { LanguageSwitch } from "@/components/language-switch";
import { ImpersonationBanner } from "@/components/impersonation-banner";
import { ErrorTextsProvider } from "@/components/error-texts";
import { signOutAction } from "./actions/session";
import "./globals.css";
import { PostingForm } from "@/components/forms/posting-form";

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("common");
  return { title: { default: t("title"), template: `%s · ${t("title")}` }, robots: { index: false } };
}

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await getLocale();
  const t = await getTranslations("common");
  const actor = await getActor();
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
                      {actor.role === "admin" && (
                        <li>
                          <Link href="/staff/settings">{t("nav.settings")}</Link>
                        </li>
                      )}
                    </>
                  )}
                  {actor?.kind !== "impersonation" && (
                    <li>
                      <PostingForm action={signOutAction} className="inline-form">
                        <button type="submit" className="link-button">
                          {t("signOut")}
                        </button>
                      </PostingForm>
                    </li>
                  )}
                </ul>
              </nav>
            </div>
          )}
        </header>
        <main id="main" tabIndex={-1}>
          <div className="container">
            {/* No messages go to the browser: pages translate and hand client components their texts. */}
            <ErrorTextsProvider texts={{ title: t("errorTitle"), body: t("errorBody") }}>
              {children}
            </ErrorTextsProvider>
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
