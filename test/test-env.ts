// Keys for tests only: fixed, protecting nothing real.
export const TEST_ENV: Record<string, string> = {
  PORTAL_MODE: "demo",
  AUTH_SECRET: "test-auth-secret-test-auth-secret-test-auth-secret",
  PORTAL_MASTER_KEY: Buffer.alloc(32, 7).toString("base64"),
  PORTAL_HMAC_KEY: Buffer.alloc(32, 9).toString("base64"),
  PORTAL_URL: "http://localhost:3000",
  NEWSLETTER_WEBHOOK_SECRET: "whsec_" + Buffer.alloc(24, 5).toString("base64"),
};

export function applyTestEnv(): void {
  for (const [k, v] of Object.entries(TEST_ENV)) process.env[k] ??= v;
}
