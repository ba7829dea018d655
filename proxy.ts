// Only headers, redirects and refusals of unreadable requests happen here; every page, action and
// route checks the actor itself.
import { NextResponse, type NextRequest } from "next/server";
import { API_CSP, HSTS, isProduction } from "./lib/http/security-headers";
import { isUnreadableUrl } from "./lib/http/unreadable-url";

// Authenticated by their own token or signature, not by cookies: exempt from the Origin check. (They
// are also outside the matcher below; the list keeps them exempt should that change.)
const ORIGIN_EXEMPT = ["/api/unsubscribe", "/api/webhooks/", "/api/ingest/"];

/** A state-changing request from another site is refused before it reaches an action or route. */
function isCrossSite(request: NextRequest): boolean {
  if (request.method === "GET" || request.method === "HEAD" || request.method === "OPTIONS") return false;
  if (ORIGIN_EXEMPT.some((p) => request.nextUrl.pathname.startsWith(p))) return false;
  if (request.headers.get("sec-fetch-site") === "cross-site") return true;
  const origin = request.headers.get("origin");
  if (!origin) return false;
  // Browsers send "null" for some same-site form posts; Sec-Fetch-Site then says where it came from.
  if (origin === "null") return request.headers.get("sec-fetch-site") !== "same-origin";
  const host = request.headers.get("x-forwarded-host") ?? request.headers.get("host");
  try {
    return new URL(origin).host !== host;
  } catch {
    return true;
  }
}

function refuse(status: number, text: string): NextResponse {
  const res = new NextResponse(text, { status, headers: { "content-type": "text/plain; charset=utf-8" } });
  return withHeaders(res, API_CSP);
}

function withHeaders(res: NextResponse, csp: string): NextResponse {
  res.headers.set("Content-Security-Policy", csp);
  if (isProduction()) res.headers.set("Strict-Transport-Security", HSTS);
  return res;
}

export function proxy(request: NextRequest) {
  if (isUnreadableUrl(request.url)) return refuse(400, "Bad request: the address cannot be read.");
  if (isCrossSite(request)) return refuse(403, "Cross-site request refused.");
  const production = isProduction();
  if (request.nextUrl.pathname.startsWith("/api/")) return withHeaders(NextResponse.next(), API_CSP);
  const nonce = Buffer.from(crypto.randomUUID()).toString("base64");
  const dev = process.env.NODE_ENV === "development";
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ""}`,
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    ...(production ? ["upgrade-insecure-requests"] : []),
  ].join("; ");
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("x-nonce", nonce);
  requestHeaders.set("x-portal-path", request.nextUrl.pathname + request.nextUrl.search);
  requestHeaders.set("Content-Security-Policy", csp);
  return withHeaders(NextResponse.next({ request: { headers: requestHeaders } }), csp);
}

// Every request, prefetches included (a prefetched page is a page: it gets its CSP and nonce too).
// Not: static files, and the routes that a token, signature or API key authenticates rather than a
// cookie; those read (bounded) bodies of their own, which a proxy would first buffer (and log the URL,
// token and all, of a too large one). They set their headers themselves (lib/http/security-headers.ts).
export const config = {
  matcher: ["/((?!_next/static|_next/image|favicon.ico|api/unsubscribe|api/webhooks/|api/ingest/).*)"],
};
