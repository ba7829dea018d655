// npm run demo: embedded database (when DATABASE_URL is unset), migrations, demo data, a production
// build, the web server and the worker, in demo mode. npm start: the same without demo data, in the
// mode PORTAL_MODE says. Ctrl-C stops everything.
import { spawn, type ChildProcess } from "node:child_process";
import { closeEmbeddedDatabase, DATA_DIR, ensureDatabaseUrl } from "../lib/db/connection";
import { deployMigrations } from "../lib/db/schema-engine";
import { ensureQueues } from "../lib/jobs/queue";
import { ensureLocalSecrets } from "../lib/secrets";

const args = new Set(process.argv.slice(2));
const demo = args.has("--demo");

async function main() {
  if (demo) process.env.PORTAL_MODE ??= "demo";
  if (!process.env.PORTAL_MODE) throw new Error("Set PORTAL_MODE to demo or production.");
  const port = Number(process.env.PORT ?? 3000);
  process.env.PORTAL_URL ??= `http://localhost:${port}`;
  process.env.NEXT_TELEMETRY_DISABLED = "1";
  process.env.AUTH_TRUST_HOST = "true";
  if (process.env.PORTAL_MODE === "demo") ensureLocalSecrets(DATA_DIR);

  const { url, embedded } = await ensureDatabaseUrl();
  console.log(embedded ? `Embedded database (PGlite) in ${DATA_DIR}/pglite` : "Database: DATABASE_URL");
  const applied = await deployMigrations(url);
  if (applied.length) console.log(`Migrations applied: ${applied.join(", ")}`);
  await ensureQueues(url);

  if (demo) {
    const { seedDemo } = await import("../lib/seed/demo");
    const { printSeedSummary } = await import("../lib/seed/print-summary");
    printSeedSummary(await seedDemo());
  }

  if (!args.has("--no-build")) await run(process.execPath, [nextBin(), "build"]);

  const children: ChildProcess[] = [];
  const stop = async (code = 0) => {
    for (const c of children) c.kill("SIGTERM");
    await new Promise((r) => setTimeout(r, 1500));
    await closeEmbeddedDatabase();
    process.exit(code);
  };
  process.on("SIGINT", () => void stop());
  process.on("SIGTERM", () => void stop());

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
  child.on("exit", (code) => {
    console.error(`[${name}] exited (${code})`);
    void stop(code ?? 1);
  });
  return child;
}

main().catch(async (err) => {
  console.error(err instanceof Error ? err.message : err);
  await closeEmbeddedDatabase();
  process.exit(1);
});
