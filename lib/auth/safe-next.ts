// Where the portal may send a browser after sign-in, step-up or any Auth.js redirect: only to a
// path on its own origin. The value is parsed the way a browser parses a Location (tabs and line
// breaks dropped, backslashes read as slashes, hosts IDNA-mapped), so "same origin" is decided on
// what the browser would do rather than on how the text starts.
import { env } from "../env";

/**
 * The path, query and fragment of `value` when it resolves to the portal's own origin; otherwise
 * `fallback`. The answer is always a clean path that a browser resolves on the portal itself.
 */
export function sameOriginPath(
  value: string | null | undefined,
  fallback: string,
  portalOrigin: string = env().PORTAL_URL,
): string {
  if (!value) return fallback;
  const base = new URL(portalOrigin);
  let url: URL;
  try {
    url = new URL(value, base);
  } catch {
    return fallback;
  }
  if (url.origin !== base.origin) return fallback;
  const path = url.pathname + url.search + url.hash;
  // "/.//host" resolves to the path "//host", which a browser reads as another host.
  if (!path.startsWith("/") || path.startsWith("//")) return fallback;
  return path;
}

/** A destination after signing in: same origin, and not back into sign-in or Auth.js itself. */
export function safeNext(
  next: string | null | undefined,
  fallback = "/my-data",
  portalOrigin: string = env().PORTAL_URL,
): string {
  const path = sameOriginPath(next, fallback, portalOrigin);
  if (/^\/(sign-in|api)(\/|\?|#|$)/.test(path)) return fallback;
  return path;
}
