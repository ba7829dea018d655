// Every page and API route of the portal, and the spec that calls it as an attacker with a victim's
// identifiers (or, for public pages, with forged tokens). test/surface.test.ts fails when a page or
// route exists that is not listed here: a new one needs its attacker/victim coverage first.
// Server actions need no entry: test/actions-fuzz.test.ts calls every exported action.
export const SURFACE: Record<string, string> = {
  // public
  "/": "e2e/pages.spec.ts",
  "/sign-in": "e2e/sign-in.spec.ts",
  "/sign-in/check-email": "e2e/sign-in.spec.ts",
  "/sign-in/confirm": "e2e/sign-in.spec.ts",
  "/sign-in/error": "e2e/sign-in.spec.ts",
  "/privacy": "e2e/pages.spec.ts",
  "/cookies": "e2e/pages.spec.ts",
  "/dev/outbox": "e2e/pages.spec.ts",
  "/unsubscribe": "e2e/preferences.spec.ts",
  "/confirm-subscription": "e2e/preferences.spec.ts",
  "/confirm-email": "e2e/attacker-victim-details.spec.ts",
  "/confirm-request": "e2e/attacker-victim.spec.ts",
  // the person's pages
  "/my-data": "e2e/attacker-victim.spec.ts",
  "/copy": "e2e/attacker-victim.spec.ts",
  "/details": "e2e/attacker-victim.spec.ts",
  "/preferences": "e2e/attacker-victim.spec.ts",
  "/requests": "e2e/attacker-victim.spec.ts",
  "/requests/fee/[id]": "e2e/attacker-victim.spec.ts",
  "/deletion": "e2e/attacker-victim.spec.ts",
  "/activity": "e2e/attacker-victim.spec.ts",
  "/step-up": "e2e/attacker-victim.spec.ts",
  // staff
  "/staff": "e2e/attacker-victim.spec.ts",
  "/staff/audit": "e2e/attacker-victim.spec.ts",
  "/staff/impersonations": "e2e/attacker-victim.spec.ts",
  "/staff/people/[id]": "e2e/attacker-victim.spec.ts",
  "/staff/requests": "e2e/attacker-victim.spec.ts",
  "/staff/requests/[id]": "e2e/attacker-victim.spec.ts",
  "/staff/settings": "e2e/attacker-victim.spec.ts",
  "/staff/settings/api-keys": "e2e/attacker-victim.spec.ts",
  "/staff/tasks": "e2e/attacker-victim.spec.ts",
  // API routes
  "/api/auth/[...nextauth]": "e2e/sign-in.spec.ts",
  "/api/auth/verify-request": "e2e/sign-in.spec.ts",
  "/api/exports/[id]": "e2e/attacker-victim.spec.ts",
  "/api/exports/status": "e2e/attacker-victim.spec.ts",
  "/api/ingest/[type]": "test/routes-fuzz.test.ts",
  "/api/ingest/openapi.json": "e2e/security.spec.ts",
  "/api/bench/my-data": "e2e/security.spec.ts",
  "/api/unsubscribe": "test/routes-fuzz.test.ts",
  "/api/webhooks/newsletter": "test/routes-fuzz.test.ts",
};
