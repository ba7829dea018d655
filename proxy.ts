// Only headers and redirects happen here; every page, action and route checks the actor itself.
import { NextResponse, type NextRequest } from "next/server";

// Authenticated by their own token or signature, not by cookies: exempt from the Origin check.
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

export function proxy(request: NextRequest) {
  if (isCrossSite(request)) {
    return new NextResponse("Cross-site request refused.", {
      status: 403,
      headers: { "content-type": "text/plain" },
    });
  }
  const production = process.env.PORTAL_MODE === "production";
  if (request.nextUrl.pathname.startsWith("/api/")) {
    const res = NextResponse.next();
    res.headers.set("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    if (production) res.headers.set("Strict-Transport-Security", HSTS);
    return res;
  }
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
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (production) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}

const HSTS = "max-age=63072000; includeSubDomains";

export const config = {
  matcher: [
    {
      source: "/((?!_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
