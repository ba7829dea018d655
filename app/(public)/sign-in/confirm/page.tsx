import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { safeNext } from "@/lib/auth/safe-next";
import { type WithSearchParams, pageTitle, param } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("auth", "confirmTitle");

// Opening the emailed link only shows this page; the button completes the sign-in. Mail scanners
// (Microsoft 365 Safe Links among them) open links but do not press buttons. The button POSTs, and
// only a POST from the portal's own pages signs in (app/api/auth/[...nextauth]/route.ts): another
// site cannot sign a browser in under its own link.
export default async function ConfirmPage({ searchParams }: WithSearchParams) {
  const t = await getTranslations("auth");
  const p = await searchParams;
  const token = param(p, "token");
  const email = param(p, "email");
  const callbackUrl = safeNext(typeof p.callbackUrl === "string" ? p.callbackUrl : undefined);
  if (!/^[a-f0-9]{16,128}$/.test(token) || !email) {
    return (
      <>
        <h1>{t("linkInvalidTitle")}</h1>
        <p>{t("linkInvalidBody")}</p>
        <Link className="button" href="/sign-in">
          {t("getNewLink")}
        </Link>
      </>
    );
  }
  return (
    <>
      <h1>{t("confirmTitle")}</h1>
      <p className="lead">{t("confirmBody", { email })}</p>
      <form method="post" action="/api/auth/callback/email">
        <input type="hidden" name="token" value={token} />
        <input type="hidden" name="email" value={email} />
        <input type="hidden" name="callbackUrl" value={callbackUrl} />
        <button type="submit">{t("confirmButton")}</button>
      </form>
    </>
  );
}
