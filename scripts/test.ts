// npm test: type check, lint, formatting, unit and integration tests, end-to-end tests in Chromium.
// Uses DATABASE_URL when set (a PostgreSQL server), otherwise a throwaway embedded PostgreSQL.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { chromiumPath } from "./chromium";

const chromium = chromiumPath();
if (!existsSync(chromium)) {
  console.error(
    `Chromium was not found at ${chromium}: install it with "sudo apt-get install -y chromium-headless-shell" (or chromium) or set CHROMIUM_PATH.`,
  );
  process.exit(1);
}

const only = process.argv.slice(2);
const steps: [string, string, string[]][] = [
  ["typecheck", "npx", ["tsc", "--noEmit"]],
  ["lint", "npx", ["eslint", ".", "--max-warnings", "0"]],
  ["format", "npx", ["prettier", "--check", "."]],
  ["unit", "npx", ["vitest", "run"]],
  ["e2e", "npx", ["playwright", "test"]],
];

const env = { ...process.env, NEXT_TELEMETRY_DISABLED: "1" };
for (const [name, cmd, args] of steps) {
  if (only.length && !only.includes(name)) continue;
  console.log(`\n=== ${name}: ${cmd} ${args.join(" ")}`);
  const started = Date.now();
  const result = spawnSync(cmd, args, { stdio: "inherit", env });
  const seconds = ((Date.now() - started) / 1000).toFixed(0);
  if (result.status !== 0) {
    console.error(`\n=== ${name} failed after ${seconds}s`);
    process.exit(result.status ?? 1);
  }
  console.log(`=== ${name} passed in ${seconds}s`);
}
