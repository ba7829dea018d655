// What the copy and import benchmarks share: one file is both the parent (prepares the database,
// starts a child per run, prints the table) and the child (one measured run in a fresh process, so
// its peak RSS is its own). The children run as compiled JavaScript (an esbuild bundle, node_modules
// external), the way a deployment runs; BENCH_RUNNER=tsx runs them through tsx instead.
import { spawn } from "node:child_process";
import path from "node:path";
import { applyTestEnv } from "../test/test-env";

/** Runs `child` with the arguments after `--child`, otherwise `parent`; a failure exits with 1. */
export function parentOrChild(
  parent: () => Promise<void>,
  child: (...args: string[]) => Promise<void>,
): void {
  const args = process.argv.slice(2);
  const isChild = args[0] === "--child";
  (isChild ? child(...args.slice(1)) : parent()).catch((err) => {
    const e = err as Error;
    console.error(`[bench${isChild ? " child" : ""}] ${e?.stack ?? err}`);
    process.exit(1);
  });
}

/** The benchmark's database, migrated (test keys unless real ones are set); returns its URL. */
export async function migratedBenchDatabase(): Promise<string> {
  applyTestEnv();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to a PostgreSQL database for the benchmark.");
  const { deployMigrations } = await import("../lib/db/schema-engine");
  const { ensureQueues } = await import("../lib/jobs/queue");
  await deployMigrations(url);
  await ensureQueues(url);
  return url;
}

export type Runner = { label: string; argv: (args: string[]) => string[] };

/** How children of `script` (e.g. "bench/copy.ts") are started; the bundle is written to `outDir`. */
export async function childRunner(script: string, outDir: string): Promise<Runner> {
  const tsx: Runner = {
    label: `node --import tsx ${script}`,
    argv: (args) => ["--import", "tsx", script, "--child", ...args],
  };
  if (process.env.BENCH_RUNNER === "tsx") return tsx;
  try {
    const esbuild = await import("esbuild");
    const outfile = path.join(outDir, `${path.basename(script, ".ts")}-child.mjs`);
    await esbuild.build({
      entryPoints: [script],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      outfile,
      logLevel: "silent",
    });
    return {
      label: `compiled JavaScript (esbuild bundle of ${script}, node_modules external)`,
      argv: (args) => [outfile, "--child", ...args],
    };
  } catch {
    return tsx;
  }
}

/** One child run; resolves with what the child reported with `report`. */
export function runChild<R>(
  runner: Runner,
  args: string[],
  env: NodeJS.ProcessEnv = process.env,
): Promise<R> {
  return new Promise((resolve, reject) => {
    // BENCH_CPU_PROF_DIR: each child writes a V8 CPU profile there (open it in Chrome's DevTools).
    const prof = env.BENCH_CPU_PROF_DIR ? ["--cpu-prof", `--cpu-prof-dir=${env.BENCH_CPU_PROF_DIR}`] : [];
    const child = spawn(process.execPath, [...prof, ...runner.argv(args)], {
      env,
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH "));
      if (code !== 0 || !line) return reject(new Error(`${args[0]} child exited with ${code}`));
      resolve(JSON.parse(line.slice(6)) as R);
    });
  });
}

/** In the child: hands the run's result to the parent. */
export function report(result: object): void {
  process.stdout.write(`BENCH ${JSON.stringify(result)}\n`);
}

/** A database URL without credentials or options, for the results file. */
export function redact(url: string): string {
  return url.replace(/\/\/[^@]*@/, "//").replace(/\?.*$/, "");
}

/**
 * Which database the run is on, for the results' heading: BENCH_DATABASE_KIND as `npm run bench` sets
 * it ("server" or "embedded"), otherwise the PostgreSQL server DATABASE_URL names.
 */
export function databaseKind(kind = process.env.BENCH_DATABASE_KIND): string {
  if (!kind || kind === "server") return "PostgreSQL server";
  if (kind === "embedded") return "embedded PostgreSQL";
  return kind;
}

/** Where the tables are appended: BENCH_RESULTS_FILE, or bench/RESULTS.md. */
export function resultsFile(): string {
  return path.resolve(process.env.BENCH_RESULTS_FILE ?? "bench/RESULTS.md");
}
