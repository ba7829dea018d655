// Who asked for a sign-in link, carried from the request-link use-case into Auth.js's callbacks
// (which see no request when the portal calls Auth.js from the server).
import { AsyncLocalStorage } from "node:async_hooks";
import { isLocale, type Locale, LOCALE_COOKIE } from "../i18n/config";
import { clientKeyOf } from "./client-address";

export type LinkRequestFrom = {
  /** The per-client rate-limit key (lib/auth/client-address.ts). */
  client: string;
  /** The language the person browses the portal in, when they chose one. */
  locale?: Locale;
};

export function linkRequestFrom(headers: Headers): LinkRequestFrom {
  return { client: clientKeyOf(headers), locale: localeCookieOf(headers) };
}

export function localeCookieOf(headers: Headers | undefined): Locale | undefined {
  const cookie = headers
    ?.get("cookie")
    ?.split(";")
    .map((c) => c.trim().split("="))
    .find(([k]) => k === LOCALE_COOKIE)?.[1];
  return isLocale(cookie) ? cookie : undefined;
}

/** Set by the use-case while it asks Auth.js for a link; Auth.js's callbacks read it. */
export const linkRequestScope = new AsyncLocalStorage<{ address: string; locale?: Locale }>();
