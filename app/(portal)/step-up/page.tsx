import { getTranslations } from "next-intl/server";
import Link from "next/link";
import { redirect } from "next/navigation";
import { requireSubject } from "@/lib/auth/actor";
import { safeNext } from "@/lib/auth/safe-next";
import { stepUpAddress } from "@/lib/auth/step-up";
import { requestStepUpAction } from "@/app/actions/sign-in";
import { PostingForm } from "@/components/forms/posting-form";
import { type WithSearchParams, pageTitle } from "@/lib/i18n/page";

export const generateMetadata = pageTitle("auth", "stepUpTitle");

// After "send a new link" the person comes back here (`link=sent` or `link=limited`): they are signed
// in, so the page says plainly where the link went (masked) instead of the sign-in form's neutral
// answer, and the link itself brings them back to the page they wanted.
export default async function StepUpPage({ searchParams }: WithSearchParams) {
  const actor = await requireSubject();
  const t = await getTranslations("auth");
  const ts = await getTranslations("stepup");
  const { next, link } = await searchParams;
  const target = safeNext(typeof next === "string" ? next : undefined);
  if (actor.kind === "impersonation") redirect(target);
  const address = link === "sent" ? await stepUpAddress(actor) : null;
  return (
    <>
      <h1>{t("stepUpTitle")}</h1>
      {address ? (
        <>
          <p className="notice ok" role="status">
            {ts("sent", { address })}
          </p>
          <p>{ts("sentNext")}</p>
          <p>
            <Link href={target}>{ts("continue")}</Link>
          </p>
        </>
      ) : link === "limited" ? (
        <p className="notice warn" role="status">
          {ts("limited")}
        </p>
      ) : (
        <p className="lead">{t("stepUpBody")}</p>
      )}
      <PostingForm action={requestStepUpAction}>
        <input type="hidden" name="next" value={target} />
        <button type="submit" className={address ? "secondary" : undefined}>
          {address ? ts("sendAnother") : t("stepUpButton")}
        </button>
      </PostingForm>
    </>
  );
}
