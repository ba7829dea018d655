// What the end-to-end tests run against: a fake Resend API, the database (DATABASE_URL, or a
// throwaway embedded PostgreSQL), migrations and demo data, one production build served twice (demo mode on
// E2E_PORT, production mode on E2E_PORT+1) and the worker.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { createWriteStream, writeFileSync, mkdirSync } from "node:fs";
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
  const url = embedded ? embedded.url : await freshDatabaseBeside(process.env.DATABASE_URL!);
  process.env.DATABASE_URL = url;
  await deployMigrations(url);
  await ensureQueues(url);
  const { seedDemo } = await import("../lib/seed/demo");
  await seedDemo();
  // The staff queue as the demo shows it on its first start (e2e/demo-requests.spec.ts).
  const { seedDemoRequests } = await import("../lib/seed/demo-requests");
  await seedDemoRequests();
  const { db, disconnectDb } = await import("../lib/db");
  // One client address runs every test: the per-client limit is raised here; the per-address
  // limit stays at its default and is what the rate-limit tests exercise.
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
  // Idle read connections close after a second, so the suite runs with connections coming and going.
  const base = { ...process.env, READ_POOL_IDLE_MS: process.env.READ_POOL_IDLE_MS ?? "1000" };
  // The worker first, and the web servers only once it works its queues: the tests start when the
  // web server answers, and their emails must not wait for a worker still starting on a busy machine.
  const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
    stdio: ["ignore", "pipe", "inherit"],
    env: { ...base, PORTAL_MODE: "demo", PORTAL_URL: `http://localhost:${PORT}` },
  });
  children.push(worker);
  await new Promise<void>((resolve, reject) => {
    let seen = "";
    worker.stdout!.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      seen = (seen + chunk.toString()).slice(-200);
      if (seen.includes("[worker] ready")) resolve();
    });
    worker.once("exit", (code) => reject(new Error(`the worker exited with ${code} before it was ready`)));
  });
  // The web servers' output also goes to a file the tests read (serverLog in e2e/fixtures.ts). The
  // production-mode server runs as if behind one proxy: it takes the client's address from the last
  // X-Forwarded-For entry (requests without one count by their socket, as on the demo server).
  const log = createWriteStream(`.e2e/server-${PORT}.log`, { flags: "w" });
  for (const [port, mode, hops] of [
    [PORT + 1, "production", "1"],
    [PORT, "demo", "0"],
  ] as const) {
    const child = spawn(process.execPath, ["scripts/web-server.mjs", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: { ...base, PORTAL_MODE: mode, PORTAL_URL: `http://localhost:${port}`, TRUSTED_PROXY_HOPS: hops },
    });
    child.stdout.on("data", (chunk: Buffer) => {
      process.stdout.write(chunk);
      log.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      process.stderr.write(chunk);
      log.write(chunk);
    });
    children.push(child);
  }
  const stop = async () => {
    for (const c of children) c.kill("SIGTERM");
    await fake.close();
    await embedded?.close();
    if (!embedded) await dropDatabase(url).catch(() => {});
    process.exit(0);
  };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

/**
 * A database of the suite's own on the server DATABASE_URL names, made anew for every run: what the unit
 * tests left there (people, and jobs no worker ran) must not be a queue the first tests wait behind.
 */
async function freshDatabaseBeside(serverUrl: string): Promise<string> {
  const url = new URL(serverUrl);
  const name = `${url.pathname.slice(1) || "portal"}_e2e_${PORT}`.replace(/[^a-zA-Z0-9_]/g, "_").slice(0, 63);
  url.pathname = `/${name}`;
  await dropDatabase(url.toString());
  await onServer(url.toString(), `CREATE DATABASE "${name}"`);
  return url.toString();
}

async function dropDatabase(databaseUrl: string): Promise<void> {
  const name = new URL(databaseUrl).pathname.slice(1);
  await onServer(databaseUrl, `DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
}

/** Runs one statement on the server's maintenance database (postgres). */
async function onServer(databaseUrl: string, sql: string): Promise<void> {
  const admin = new URL(databaseUrl);
  admin.pathname = "/postgres";
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
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
