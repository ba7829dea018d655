import { getTranslations } from "next-intl/server";
import { redirect } from "next/navigation";
import { requireSubject } from "@/lib/auth/actor";
import { safeNext } from "@/lib/auth/sign-in.validation";
import { requestStepUpAction } from "@/app/actions/sign-in";

export async function generateMetadata() {
  const t = await getTranslations("auth");
  return { title: t("stepUpTitle") };
}

export default async function StepUpPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const actor = await requireSubject();
  const t = await getTranslations("auth");
  const { next } = await searchParams;
  const target = safeNext(typeof next === "string" ? next : undefined);
  if (actor.kind === "impersonation") redirect(target);
  return (
    <>
      <h1>{t("stepUpTitle")}</h1>
      <p className="lead">{t("stepUpBody")}</p>
      <form action={requestStepUpAction}>
        <input type="hidden" name="next" value={target} />
        <button type="submit">{t("stepUpButton")}</button>
      </form>
    </>
  );
}
