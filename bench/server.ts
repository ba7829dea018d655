// A production build of the portal on PostgreSQL for the benchmarks: a fresh database on the local
// server unless DATABASE_URL is given, demo data, rate limits raised (one client address drives all
// the load), and the web server (scripts/web-server.mjs) on BENCH_PORT.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { availableParallelism } from "node:os";
import { migratedBenchDatabase } from "./child";

export const BENCH_PORT = Number(process.env.BENCH_PORT ?? 3900);
export const BASE = `http://localhost:${BENCH_PORT}`;

/** DATABASE_URL, or a fresh database on the local server. */
export async function benchDatabase(name = process.env.BENCH_DATABASE ?? "portal_bench"): Promise<string> {
  if (process.env.DATABASE_URL) return process.env.DATABASE_URL;
  onLocalServer(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
  const created = onLocalServer(`CREATE DATABASE ${name}`);
  if (created.status !== 0) {
    throw new Error(
      "Benchmarks run on PostgreSQL: start the local server (127.0.0.1:5432) or set DATABASE_URL.",
    );
  }
  return `postgresql://postgres@127.0.0.1:5432/${name}`;
}

/** One statement through psql on the local server's postgres database. */
function onLocalServer(sql: string) {
  return spawnSync("psql", ["-h", "127.0.0.1", "-U", "postgres", "-d", "postgres", "-qc", sql]);
}

export async function prepareBenchDatabase(): Promise<string> {
  process.env.DATABASE_URL = await benchDatabase();
  const url = await migratedBenchDatabase();
  const { seedDemo } = await import("../lib/seed/demo");
  await seedDemo();
  const { db } = await import("../lib/db");
  // Statistics as autovacuum would have them on a live database, rather than those of empty tables.
  await db.$executeRawUnsafe("ANALYZE");
  const raised = { signInLimitPerAddress: 1_000_000, signInLimitPerClient: 1_000_000 };
  for (const [key, value] of Object.entries(raised)) {
    await db.setting.upsert({ where: { key }, create: { key, value }, update: { value } });
  }
  return url;
}

/** A session for the address, as the magic link would create it; returns the cookie header. */
export async function sessionCookieFor(email: string): Promise<string> {
  const { db } = await import("../lib/db");
  const person = await db.person.findUniqueOrThrow({ where: { email } });
  const user = await db.user.upsert({ where: { email }, create: { email, personId: person.id }, update: {} });
  const token = randomBytes(32).toString("hex");
  await db.session.create({
    data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 86_400_000) },
  });
  return `__Secure-portal.session=${token}`;
}

/** The environment of a benchmark server (and of its build). */
function serverEnv(port: number, processes: number): NodeJS.ProcessEnv {
  return {
    ...process.env,
    PORTAL_MODE: "production",
    PORTAL_BENCH: "1",
    PORTAL_URL: `http://localhost:${port}`,
    AUTH_TRUST_HOST: "true",
    NEXT_TELEMETRY_DISABLED: "1",
    NEXT_DIST_DIR: process.env.NEXT_DIST_DIR ?? ".next-bench",
    WEB_CONCURRENCY: String(processes),
  };
}

/** The production build the benchmark servers run (skipped when BENCH_SKIP_BUILD=1). */
export function buildForBench(): void {
  if (process.env.BENCH_SKIP_BUILD === "1") return;
  const build = spawnSync(process.execPath, ["node_modules/next/dist/bin/next", "build"], {
    stdio: "inherit",
    env: serverEnv(BENCH_PORT, 1),
  });
  if (build.status !== 0) throw new Error("next build failed");
}

/**
 * A web server (scripts/web-server.mjs) on the benchmark's build: on BENCH_PORT with one process per
 * core unless told otherwise, as in production. Builds first unless BENCH_SKIP_BUILD=1 or `build` is
 * false.
 */
export async function startBenchServer(
  opts: { port?: number; processes?: number; build?: boolean } = {},
): Promise<ChildProcess> {
  const port = opts.port ?? BENCH_PORT;
  const processes = opts.processes ?? Number(process.env.WEB_CONCURRENCY ?? String(availableParallelism()));
  if (opts.build !== false) buildForBench();
  const child = spawn(process.execPath, ["scripts/web-server.mjs", String(port)], {
    stdio: "ignore",
    env: serverEnv(port, processes),
  });
  for (let i = 0; i < 120; i++) {
    try {
      const res = await fetch(`http://localhost:${port}/sign-in`);
      if (res.ok) return child;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  child.kill();
  throw new Error("the benchmark server did not start");
}

export function machineLine(): string {
  const os = spawnSync("uname", ["-sm"]).stdout.toString().trim();
  const cpus = spawnSync("nproc").stdout.toString().trim();
  return `${os}, ${cpus} cores, Node ${process.version}`;
}
