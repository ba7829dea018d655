// What the end-to-end tests run against: a fake Resend API, the database (DATABASE_URL, or a
// throwaway embedded PostgreSQL), migrations and demo data, one production build served three times
// (demo mode on E2E_PORT, production mode on E2E_PORT+1, and a second demo-mode server on E2E_PORT+2)
// and two workers. The two demo servers and two workers are several instances of the portal on one
// database (e2e/instances.spec.ts, docs/decisions/0033-copies-in-the-database.md): every web server and
// worker has a data folder of its own under .e2e/instances-<E2E_PORT>/ (PORTAL_DATA_DIR, with its
// EXPORT_DIR inside), so nothing works only because two of them share a disk.
import { spawn, type ChildProcess } from "node:child_process";
import pg from "pg";
import { createWriteStream, writeFileSync, mkdirSync, rmSync } from "node:fs";
import path from "node:path";
import { startEmbeddedDatabase } from "../lib/db/embedded";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";
import { startFakeResend } from "../e2e/fake-resend";
import { startFakePartners } from "../e2e/fake-partners";
import { applyTestEnv } from "../test/test-env";

const PORT = Number(process.env.E2E_PORT ?? 3100);
const RESEND_PORT = Number(process.env.E2E_RESEND_PORT ?? 3199);
/** The fake partner APIs (WIX, Microsoft 365, PayPal, Google Analytics) that e2e/connectors.spec.ts configures. */
const PARTNERS_PORT = Number(process.env.E2E_PARTNERS_PORT ?? PORT + 5);

/** The instances that get a data folder of their own: the web servers and the workers. */
const INSTANCES = ["web-demo", "web-production", "web-demo-second", "worker-1", "worker-2"] as const;
type Instance = (typeof INSTANCES)[number];
const INSTANCES_DIR = path.resolve(`.e2e/instances-${PORT}`);

/** An instance's data folder and copy folder, as its environment names them. */
function folderEnv(instance: Instance): { PORTAL_DATA_DIR: string; EXPORT_DIR: string } {
  const dir = path.join(INSTANCES_DIR, instance);
  return { PORTAL_DATA_DIR: dir, EXPORT_DIR: path.join(dir, "exports") };
}

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
  const partners = await startFakePartners(PARTNERS_PORT);
  mkdirSync(".e2e", { recursive: true });
  // Empty folders on every start: what a folder holds afterwards, this run's instance put there.
  rmSync(INSTANCES_DIR, { recursive: true, force: true });
  for (const instance of INSTANCES) mkdirSync(folderEnv(instance).EXPORT_DIR, { recursive: true });
  writeFileSync(
    `.e2e/env-${PORT}.json`,
    JSON.stringify({
      databaseUrl: url,
      resendUrl: fake.url,
      partnersUrl: partners.url,
      databaseKind: embedded ? "embedded" : "postgresql",
      exportDirs: INSTANCES.map((instance) => folderEnv(instance).EXPORT_DIR),
    }),
  );

  if (process.env.E2E_SKIP_BUILD !== "1")
    await run(process.execPath, ["node_modules/next/dist/bin/next", "build"], {});

  const children: ChildProcess[] = [];
  // Idle read connections close after a second, so the suite runs with connections coming and going.
  const base = { ...process.env, READ_POOL_IDLE_MS: process.env.READ_POOL_IDLE_MS ?? "1000" };
  // The workers first, and the web servers only once both work their queues: the tests start when the
  // web server answers, and their emails must not wait for a worker still starting on a busy machine.
  // Both workers make links to the first demo server (E2E_PORT), as the instances of one portal share
  // its public address.
  const workers = (["worker-1", "worker-2"] as const).map((instance) => {
    const worker = spawn(process.execPath, ["--import", "tsx", "scripts/worker.ts"], {
      stdio: ["ignore", "pipe", "inherit"],
      env: { ...base, ...folderEnv(instance), PORTAL_MODE: "demo", PORTAL_URL: `http://localhost:${PORT}` },
    });
    children.push(worker);
    return worker;
  });
  await Promise.all(
    workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          let seen = "";
          worker.stdout!.on("data", (chunk: Buffer) => {
            process.stdout.write(chunk);
            seen = (seen + chunk.toString()).slice(-200);
            if (seen.includes("[worker] ready")) resolve();
          });
          worker.once("exit", (code) =>
            reject(new Error(`a worker exited with ${code} before it was ready`)),
          );
        }),
    ),
  );
  // The web servers' output also goes to a file the tests read (serverLog in e2e/fixtures.ts). The
  // production-mode server runs as if behind one proxy: it takes the client's address from the last
  // X-Forwarded-For entry (requests without one count by their socket, as on the demo servers).
  // One at a time, the first demo server last: each compresses the build's static files it finds
  // uncompressed when it starts (only the first finds any), and the tests start as soon as E2E_PORT
  // answers, so the other servers must already be listening by then.
  const log = createWriteStream(`.e2e/server-${PORT}.log`, { flags: "w" });
  for (const [instance, port, mode, hops] of [
    ["web-production", PORT + 1, "production", "1"],
    ["web-demo-second", PORT + 2, "demo", "0"],
    ["web-demo", PORT, "demo", "0"],
  ] as const) {
    const child = spawn(process.execPath, ["scripts/web-server.mjs", String(port)], {
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...base,
        ...folderEnv(instance),
        PORTAL_MODE: mode,
        PORTAL_URL: `http://localhost:${port}`,
        TRUSTED_PROXY_HOPS: hops,
      },
    });
    children.push(child);
    await new Promise<void>((resolve, reject) => {
      let seen = "";
      child.stdout.on("data", (chunk: Buffer) => {
        process.stdout.write(chunk);
        log.write(chunk);
        seen = (seen + chunk.toString()).slice(-200);
        if (seen.includes("Web server listening")) resolve();
      });
      child.stderr.on("data", (chunk: Buffer) => {
        process.stderr.write(chunk);
        log.write(chunk);
      });
      child.once("exit", (code) =>
        reject(new Error(`the web server on ${port} exited with ${code} before it listened`)),
      );
    });
  }
  const stop = async () => {
    for (const c of children) c.kill("SIGTERM");
    await fake.close();
    await partners.close();
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
