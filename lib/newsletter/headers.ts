// The headers every marketing email carries (RFC 2369 List-Unsubscribe, RFC 8058 one-click), for the
// portal's own sending and for the newsletter partner's set-up (docs/newsletter-partner.md).
import { env } from "../env";
import { unsubscribeToken } from "./unsubscribe-token";

/** The one-click URL: POST `List-Unsubscribe=One-Click` unsubscribes; GET shows a page with one button. */
export function unsubscribeUrl(personId: string, topic?: string): string {
  const url = new URL("/api/unsubscribe", env().PORTAL_URL);
  url.searchParams.set("token", unsubscribeToken(personId, topic ?? ""));
  return url.toString();
}

export function listUnsubscribeHeaders(personId: string, topic?: string): Record<string, string> {
  return {
    "List-Unsubscribe": `<${unsubscribeUrl(personId, topic)}>`,
    "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
  };
}
