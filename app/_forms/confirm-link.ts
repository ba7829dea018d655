// The button of a page an emailed confirmation link opens (components/confirm-link-page.tsx). No
// session is needed: the emailed token is the proof.
import { revalidatePath } from "next/cache";
import { redirect } from "next/navigation";
import { outcomeOf, type Problem } from "@/lib/http/action";

/**
 * Runs `confirm` with the emailed token, then sends the browser back to `page` with the outcome word
 * (`?result=`): `ok`'s word for success, `words` for the expected problems, "invalid" for the rest
 * ("failed" stays "failed"). `refresh`: a page that shows what was confirmed.
 */
export async function confirmFromLink<R>(
  token: string,
  {
    area,
    page,
    confirm,
    ok,
    words,
    refresh,
  }: {
    area: string;
    page: string;
    confirm: (token: string) => Promise<R>;
    ok: (value: R) => string;
    words: Partial<Record<Problem, string>>;
    refresh?: string;
  },
): Promise<never> {
  const outcome = await outcomeOf(area, () => confirm(token), ok, words, "invalid");
  if (refresh) revalidatePath(refresh);
  redirect(`${page}?result=${outcome}`);
}
