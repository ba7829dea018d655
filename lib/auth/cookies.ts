// Every cookie the portal sets, by name: the cookies page lists exactly these.
export function secureCookies(): boolean {
  return process.env.PORTAL_MODE === "production";
}

export function sessionCookieName(): string {
  return secureCookies() ? "__Secure-portal.session" : "portal.session";
}

export function csrfCookieName(): string {
  return secureCookies() ? "__Host-portal.csrf" : "portal.csrf";
}

export function callbackCookieName(): string {
  return secureCookies() ? "__Secure-portal.callback" : "portal.callback";
}

export const COOKIE_LIST = [
  { key: "session", name: sessionCookieName, lifetime: "30d" },
  { key: "language", name: () => "portal.lang", lifetime: "1y" },
  { key: "csrf", name: csrfCookieName, lifetime: "session" },
  { key: "callback", name: callbackCookieName, lifetime: "session" },
] as const;
