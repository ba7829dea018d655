// What the end-to-end tests run against: a fake Resend API, the database (DATABASE_URL, or an
// in-memory PGlite), migrations and demo data, one production build served twice (demo mode on
// E2E_PORT, production mode on E2E_PORT+1) and the worker.
import { spawn, type ChildProcess } from "node:child_process";
import { writeFileSync, mkdirSync } from "node:fs";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";
import { startFakeResend } from "../e2e/fake-resend";
import { applyTestEnv } from "../test/test-env";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const RESEND_PORT = Number(process.env.E2E_RESEND_PORT ?? 3199);

async function main() {
  applyTestEnv();
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.AUTH_TRUST_HOST = "true";
  const embedded = process.env.DATABASE_URL ? null : await startEmbeddedDatabase({});
  const url = process.env.DATABASE_URL ?? embedded!.url;
  process.env.DATABASE_URL = url;
  await deployMigrations(url);
  await ensureQueues(url);
  const { seedDemo } = await import("../lib/seed/demo");
  await seedDemo();
  const { db, disconnectDb } = await import("../lib/db");
  // One client address runs every test: the per-client limit is raised here; the per-address
  // limit stays at its default and is what the rate-limit test exercises.
  await db.setting.upsert({
    where: { key: "signInLimitPerClient" },
    create: { key: "signInLimitPerClient", value: 100000 },
    update: { value: 100000 },
  });
  await disconnectDb();

  const fake = await startFakeResend(RESEND_PORT);
  process.env.RESEND_BASE_URL = fake.url;
  process.env.RESEND_API_KEY = "re_test_key";
  mkdirSync(".e2e", { recursive: true });
  writeFileSync(
    `.e2e/env-${PORT}.json`,
    JSON.stringify({
      databaseUrl: url,
      resendUrl: fake.url,
      databaseKind: embedded ? "embedded" : "postgresql",
    }),
  );

  if (process.env.E2E_SKIP_BUILD !== "1")
    await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {});

  const children: ChildProcess[] = [];
  const base = { ...process.env };
  children.push(
    spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      stdio: "inherit",
      env: { ...base, PORTAL_MODE: "demo", PORTAL_URL: `http://localhost:${PORT}` },
    }),
  );
  children.push(
    spawn(process.execPath, ["scripts/web-server.mjs", String(PORT + 1)], {
      stdio: "inherit",
      env: { ...base, PORTAL_MODE: "production", PORTAL_URL: `http://localhost:${PORT + 1}` },
    }),
  );
  children.push(
    spawn(process.execPath, ["scripts/web-server.mjs", String(PORT)], {
      stdio: "inherit",
      env: { ...base, PORTAL_MODE: "demo", PORTAL_URL: `http://localhost:${PORT}` },
    }),
  );
  const stop = async () => {
    for (const c of children) c.kill("SIGTERM");
    await fake.close();
    await embedded?.close();
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

function run(cmd: string, argv: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env: { ...process.env, ...env } });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(" ")} exited with ${code}`)),
    );
  });
}

main().catch((err) => {
  console.error(err instanceof Error ? err.stack : err);
  process.exit(1);
});
