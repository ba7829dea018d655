// Secrets for a machine that has none configured: generated once and kept in .data/secrets.json
// (never committed). Values in the environment always win.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { randomBytes } from "node:crypto";

const KEYS = {
  AUTH_SECRET: () => randomBytes(32).toString("base64url"),
  PORTAL_MASTER_KEY: () => randomBytes(32).toString("base64"),
  PORTAL_HMAC_KEY: () => randomBytes(32).toString("base64"),
  NEWSLETTER_WEBHOOK_SECRET: () => "whsec_" + randomBytes(24).toString("base64"),
} as const;

export function ensureLocalSecrets(dataDir: string): void {
  const file = path.join(dataDir, "secrets.json");
  const stored: Record<string, string> = existsSync(file) ? JSON.parse(readFileSync(file, "utf8")) : {};
  let changed = false;
  for (const [key, make] of Object.entries(KEYS)) {
    if (process.env[key]) continue;
    if (!stored[key]) {
      stored[key] = make();
      changed = true;
    }
    process.env[key] = stored[key];
  }
  if (changed) {
    mkdirSync(dataDir, { recursive: true });
    writeFileSync(file, JSON.stringify(stored, null, 2), { mode: 0o600 });
  }
}
