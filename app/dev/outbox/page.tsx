import { notFound } from "next/navigation";
import { getFormatter, getTranslations } from "next-intl/server";
import { isDemo } from "@/lib/env";
import { demoOutbox } from "@/lib/email/outbox";
import { usableAddress } from "@/lib/validation/email-address";
import { type WithSearchParams } from "@/lib/i18n/page";

export const metadata = { title: "Outbox" };

// Demo mode only: the local email outbox. In production this route does not exist.
export default async function OutboxPage({ searchParams }: WithSearchParams) {
  if (!isDemo()) notFound();
  const t = await getTranslations("outbox");
  const tn = await getTranslations("newsletter.outbox");
  const format = await getFormatter();
  const { to } = await searchParams;
  const wanted = typeof to === "string" && to ? to : undefined;
  // Something that is no address is named as such, and shows nothing.
  const unusable = wanted !== undefined && usableAddress(wanted) === null;
  const messages = await demoOutbox(wanted);
  return (
    <>
      <h1>{t("title")}</h1>
      <p className="lead">{t("lead")}</p>
      <form method="get" className="stack">
        <div className="field">
          <label htmlFor="to">{t("filter")}</label>
          <input
            id="to"
            name="to"
            type="email"
            defaultValue={typeof to === "string" ? to : ""}
            aria-invalid={unusable ? true : undefined}
            aria-describedby={unusable ? "to-error" : undefined}
          />
          {unusable && (
            <span id="to-error" className="error" role="alert">
              {t("invalidAddress")}
            </span>
          )}
        </div>
        <div>
          <button type="submit">{t("show")}</button>
        </div>
      </form>
      {messages.length === 0 && <p>{t("empty")}</p>}
      {messages.map((m) => (
        <article className="card" key={m.id} aria-labelledby={`m-${m.id}`}>
          <h2 id={`m-${m.id}`}>{m.subject}</h2>
          <dl className="facts">
            <dt>{t("to")}</dt>
            <dd data-testid="outbox-to">{m.to}</dd>
            <dt>{t("when")}</dt>
            <dd>{format.dateTime(m.createdAt, { dateStyle: "short", timeStyle: "medium" })}</dd>
            <dt>{t("status")}</dt>
            <dd>{m.status}</dd>
            {listUnsubscribe(m.headers) && (
              <>
                <dt>{tn("unsubscribe")}</dt>
                <dd>
                  <a href={listUnsubscribe(m.headers)!} data-testid="outbox-list-unsubscribe">
                    {listUnsubscribe(m.headers)}
                  </a>
                </dd>
              </>
            )}
          </dl>
          <pre className="card muted" data-testid="outbox-text">
            {linkify(m.text)}
          </pre>
        </article>
      ))}
    </>
  );
}

function linkify(text: string) {
  return text.split(/(https?:\/\/\S+)/g).map((part, i) =>
    /^https?:\/\//.test(part) ? (
      <a key={i} href={part}>
        {part}
      </a>
    ) : (
      part
    ),
  );
}

/** A marketing email's List-Unsubscribe address (`<https://…>`), so a demo user can follow it. */
function listUnsubscribe(headers: unknown): string | null {
  if (!headers || typeof headers !== "object") return null;
  const value = (headers as Record<string, unknown>)["List-Unsubscribe"];
  const url = typeof value === "string" ? /^<(https?:\/\/[^>\s]+)>$/.exec(value)?.[1] : undefined;
  return url ?? null;
}
