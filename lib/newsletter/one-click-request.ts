// Reading an RFC 8058 one-click POST: the body is `List-Unsubscribe=One-Click`, form-encoded or
// multipart (mail providers send either); the token is in the URL from the List-Unsubscribe header,
// or a form field when the portal's own page posts it.
import { DEFAULT_LOCALE, isLocale, LOCALE_COOKIE, type Locale } from "../i18n/config";

const MAX_BODY = 64 * 1024;

export type OneClickBody = { oneClick: boolean; token: string | null; fromPage: boolean };

export async function readOneClickBody(request: Request): Promise<OneClickBody | null> {
  const length = Number(request.headers.get("content-length") ?? 0);
  if (length > MAX_BODY) return null;
  const type = (request.headers.get("content-type") ?? "").toLowerCase();
  let fields: { get(name: string): unknown };
  try {
    if (type.startsWith("multipart/form-data")) {
      fields = await request.formData();
    } else {
      const text = await request.text();
      if (text.length > MAX_BODY) return null;
      fields = new URLSearchParams(text.trim());
    }
  } catch {
    return null;
  }
  const value = fields.get("List-Unsubscribe");
  const token = new URL(request.url).searchParams.get("token") ?? fields.get("token");
  return {
    oneClick: typeof value === "string" && value.trim() === "One-Click",
    token: typeof token === "string" && token ? token : null,
    fromPage: fields.get("source") === "page",
  };
}

/** The language for an answer without a session: the remembered choice, else the browser's. */
export function requestLocale(request: Request): Locale {
  const cookie = request.headers.get("cookie") ?? "";
  const chosen = new RegExp(`(?:^|;\\s*)${LOCALE_COOKIE.replace(".", "\\.")}=([a-z]{2})`).exec(cookie)?.[1];
  if (isLocale(chosen)) return chosen;
  const accept = (request.headers.get("accept-language") ?? "").toLowerCase();
  if (accept.startsWith("en")) return "en";
  return DEFAULT_LOCALE;
}
