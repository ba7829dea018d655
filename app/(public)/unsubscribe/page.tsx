import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { verifyUnsubscribeToken } from "@/lib/newsletter/unsubscribe-token";
import { type WithSearchParams, pageTitle, param } from "@/lib/i18n/page";
import { Outcome } from "@/components/outcome";

export const generateMetadata = pageTitle("unsubscribe");

// Where the unsubscribe link in a newsletter lands: one button, which POSTs the one-click request.
// Nothing happens on opening (mail scanners open links). The page shows no personal data: whoever
// holds the link sees only that it can unsubscribe. A link that does not work lands here too
// (app/api/unsubscribe sends browsers on with `link=invalid`), in the portal's layout and language.
export default async function UnsubscribePage({ searchParams }: WithSearchParams) {
  const t = await getTranslations("unsubscribe");
  const p = await searchParams;
  if (p.done === "1") {
    return (
      <Outcome
        title={t("doneTitle")}
        body={t("doneBody")}
        className="notice ok"
        role="status"
        next={<Link href="/preferences">{t("manage")}</Link>}
      />
    );
  }
  const token = param(p, "token");
  const target = verifyUnsubscribeToken(token);
  if (!target) {
    return (
      <Outcome
        title={t("invalidTitle")}
        body={t("invalidBody")}
        className="notice warn"
        role="status"
        next={
          <Link className="button" href={`/sign-in?next=${encodeURIComponent("/preferences")}`}>
            {t("signInToManage")}
          </Link>
        }
      />
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{target.topic ? t("bodyTopic") : t("body")}</p>
      <form method="post" action={`/api/unsubscribe?token=${encodeURIComponent(token)}`}>
        <input type="hidden" name="List-Unsubscribe" value="One-Click" />
        <input type="hidden" name="source" value="page" />
        <button type="submit">{t("button")}</button>
      </form>
      <p>
        <Link href="/preferences">{t("manage")}</Link>
      </p>
    </>
  );
}
