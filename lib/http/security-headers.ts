// The security headers that depend on the mode, shared by proxy.ts (pages and most routes) and the
// routes it does not run for (see its matcher). The fixed ones are in next.config.ts.

/** An API answer is never a page: it may load nothing and be framed by no one. */
export const API_CSP = "default-src 'none'; frame-ancestors 'none'";
export const HSTS = "max-age=63072000; includeSubDomains";

export function isProduction(): boolean {
  return process.env.PORTAL_MODE === "production";
}

/** Sets the API content security policy (and HSTS in production) on a route's answer. */
export function withApiHeaders(response: Response): Response {
  response.headers.set("Content-Security-Policy", API_CSP);
  if (isProduction()) response.headers.set("Strict-Transport-Security", HSTS);
  return response;
}
