import Link from "next/link";
import { serverTranslator } from "@/lib/i18n/client-texts";
import { param, type SearchParams } from "@/lib/i18n/page";
import { PostingForm } from "@/components/forms/posting-form";
import { Outcome } from "@/components/outcome";

/** The shape of an emailed link's token (opt-in, e-mail change); anything else is not looked up. */
const LINK_TOKEN_PATTERN = /^[A-Za-z0-9_-]{20,100}$/;

/**
 * The page an emailed confirmation link opens. Opening the link only shows this page; the button
 * confirms (mail scanners, Microsoft 365 Safe Links among them, open links, they do not press buttons).
 * The action answers by coming back with `?result=<word>`, which the page explains.
 *
 * Messages under `namespace`: `title`, `body`, `button`, and `results.<word>.title|body` per result.
 */
export async function ConfirmLinkPage({
  searchParams,
  namespace,
  results,
  tokenPattern = LINK_TOKEN_PATTERN,
  action,
  good,
  back,
  announce = false,
  footnote,
}: {
  searchParams: SearchParams;
  namespace: string;
  /** The result words the action can answer with; anything else is shown as "invalid". */
  results: readonly string[];
  /** The shape a token must have to be offered the button (an emailed link's token when not given). */
  tokenPattern?: RegExp;
  action: (formData: FormData) => Promise<void>;
  /** Whether a result is good news. */
  good: (result: string) => boolean;
  /** The link under a result: where to, and the message key of its text. */
  back: (good: boolean) => { href: string; label: string };
  /** Announce the result (role status or alert). */
  announce?: boolean;
  /** A message key for a line under the button. */
  footnote?: string;
}) {
  const t = await serverTranslator(namespace);
  const result = param(searchParams, "result");
  const token = param(searchParams, "token");

  if (result || !tokenPattern.test(token)) {
    const known = results.includes(result) ? result : "invalid";
    const isGood = good(known);
    const link = back(isGood);
    return (
      <Outcome
        title={t(`results.${known}.title`)}
        body={t(`results.${known}.body`)}
        className={isGood ? "lead" : "notice warn"}
        role={announce ? (isGood ? "status" : "alert") : undefined}
        next={<Link href={link.href}>{t(link.label)}</Link>}
      />
    );
  }
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("body")}</p>
      <PostingForm action={action}>
        <input type="hidden" name="token" value={token} />
        <button type="submit">{t("button")}</button>
      </PostingForm>
      {footnote && <p>{t(footnote)}</p>}
    </>
  );
}
