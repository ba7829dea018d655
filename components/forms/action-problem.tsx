import { getTranslations } from "next-intl/server";
import { PROBLEM_PARAM } from "@/lib/http/action";

/** What went wrong with a plain form's action (lib/actions/plain-form.ts), from the page's query. */
export async function ActionProblem({
  searchParams,
}: {
  searchParams: Record<string, string | string[] | undefined>;
}) {
  const code = searchParams[PROBLEM_PARAM];
  if (typeof code !== "string" || !code) return null;
  const t = await getTranslations("common.problems");
  return (
    <p className="notice error" role="alert">
      {t.has(code) ? t(code as never) : t("failed")}
    </p>
  );
}
