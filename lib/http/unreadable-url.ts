// Used by proxy.ts for every request it sees.

/**
 * A URL no page can use: a NUL (which PostgreSQL cannot store, so it would fail deep inside as a 500
 * with the driver's error in the log) or percent-encoding that is not UTF-8. Refused here, for every
 * page, action and route at once, before any of them reads it.
 */
export function isUnreadableUrl(url: string): boolean {
  const start = url.indexOf("/", url.indexOf("//") + 2);
  const pathAndQuery = (start < 0 ? "" : url.slice(start)).split("#")[0]!;
  if (pathAndQuery.includes("\0") || /%00/i.test(pathAndQuery)) return true;
  for (const part of pathAndQuery.split(/[?&=]/)) {
    try {
      if (decodeURIComponent(part.replace(/\+/g, " ")).includes("\0")) return true;
    } catch {
      return true;
    }
  }
  return false;
}
