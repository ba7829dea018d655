// npm run demo: embedded database (when DATABASE_URL is unset), migrations, demo data, a production
// build, the web server and the worker, in demo mode. npm start: the same without demo data, in the
// mode PORTAL_MODE says. Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { closeEmbeddedDatabase, DATA_DIR, ownDatabase } from "../lib/db/connection";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";
import { ensureLocalSecrets } from "../lib/secrets";

const args = new Set(process.argv.slice(2));
const demo = args.has("--demo");

const children: ChildProcess[] = [];
let stopping = false;
const stop = async (code = 0) => {
  if (stopping) return;
  stopping = true;
  for (const c of children) if (c.exitCode === null) c.kill("SIGTERM");
  // The web server and the worker finish what they are doing, then the database stops.
  await Promise.all(
    children.map(
      (c) =>
        new Promise<void>((resolve) => {
          if (c.exitCode !== null || c.signalCode !== null) return resolve();
          c.once("exit", () => resolve());
          setTimeout(() => {
            c.kill("SIGKILL");
            resolve();
          }, 10_000).unref();
        }),
    ),
  );
  await closeEmbeddedDatabase();
  process.exit(code);
};

async function main() {
  checkNodeVersion();
  // From the start: Ctrl-C or SIGTERM during migrations or the build stops the database cleanly too.
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());
  if (demo) process.env.PORTAL_MODE ??= "demo";
  if (!process.env.PORTAL_MODE) throw new Error("Set PORTAL_MODE to demo or production.");
  const port = Number(process.env.PORT ?? 3000);
  process.env.PORTAL_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.AUTH_TRUST_HOST = "true";
  if (process.env.PORTAL_MODE === "demo") ensureLocalSecrets(DATA_DIR);

  const { url, embedded } = await ownDatabase();
  console.log(embedded ? `Embedded PostgreSQL in ${DATA_DIR}/postgres` : "Database: DATABASE_URL");
  const applied = await deployMigrations(url);
  if (applied.length) console.log(`Migrations applied: ${applied.join(", ")}`);
  await ensureQueues(url);

  if (demo) {
    const { seedDemo } = await import("../lib/seed/demo");
    const { seedDemoRequests } = await import("../lib/seed/demo-requests");
    const { printSeedSummary } = await import("../lib/seed/print-summary");
    const summary = await seedDemo();
    printSeedSummary(summary, await seedDemoRequests());
  }

  if (!args.has("--no-build")) await run(process.execPath, [nextBin(), "build"]);

  // The worker builds copies of long histories: fewer malloc arenas keep its peak memory flat.
  children.push(
    spawnChild("worker", process.execPath, ["--import", "tsx", "scripts/worker.ts"], stop, {
      MALLOC_ARENA_MAX: "2",
      NODE_ENV: "production",
    }),
  );
  children.push(spawnChild("web", process.execPath, ["scripts/web-server.mjs", String(port)], stop));
  console.log(
    `\nThe portal: ${process.env.PORTAL_URL}${process.env.PORTAL_MODE === "demo" ? `  (outbox: ${process.env.PORTAL_URL}/dev/outbox)` : ""}\n`,
  );
}

/** The Node.js versions the portal runs on (package.json's engines). */
function checkNodeVersion() {
  const [major = 0, minor = 0] = process.versions.node.split(".").map(Number);
  if (major < 20 || (major === 20 && minor < 19)) {
    console.error(`The portal needs Node.js 20.19 or newer (this is ${process.versions.node}).`);
    process.exit(1);
  }
}

function nextBin() {
  return "node_modules/next/dist/bin/next";
}

function run(cmd: string, argv: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, argv, { stdio: "inherit", env: process.env });
    child.on("exit", (code) =>
      code === 0 ? resolve() : reject(new Error(`${argv.join(" ")} exited with ${code}`)),
    );
  });
}

function spawnChild(
  name: string,
  cmd: string,
  argv: string[],
  stop: (code: number) => Promise<void>,
  extraEnv: Record<string, string> = {},
) {
  const child = spawn(cmd, argv, { stdio: "inherit", env: { ...process.env, ...extraEnv } });
  child.on("exit", (code, signal) => {
    if (signal === "SIGTERM" && code === null) return void stop(0);
    console.error(`[${name}] exited (${code ?? signal})`);
    void stop(code ?? 1);
  });
  return child;
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await closeEmbeddedDatabase();
  process.exit(1);
});
