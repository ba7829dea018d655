// npm run bench: every benchmark in turn, on both databases the portal runs on: the PostgreSQL server
// (a fresh database per benchmark on the local server, or DATABASE_URL's server) and the embedded
// PostgreSQL of the default set-up (a durable data folder of its own, as the demo runs it). Each
// benchmark prints its table and gates and appends them to bench/RESULTS.md; the run ends with one
// summary of every gate on each database, printed and appended too.
//
//   npm run bench                                   every benchmark, both databases
//   npm run bench -- load audit                     some (or BENCH_ONLY=load,audit)
//   npm run bench -- --database server|embedded     one database
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, appendFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { databaseKind, resultsFile } from "./child";
import type { Gate } from "./gates";
import { benchDatabase, machineLine } from "./server";

const all = ["copy", "import", "load", "js-size", "prepared", "audit"];
const kinds = ["server", "embedded"] as const;
type Kind = (typeof kinds)[number];

const args = process.argv.slice(2);
const at = args.indexOf("--database");
const database = at >= 0 ? args[at + 1] : (process.env.BENCH_DATABASES ?? "both");
const named = args.filter((a, i) => !a.startsWith("--") && (at < 0 || i !== at + 1));
const only = named.length > 0 ? named : (process.env.BENCH_ONLY?.split(",") ?? all);
const unknown = only.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(", ")} (one of ${all.join(", ")})`);
  process.exit(2);
}
if (database !== "both" && !kinds.includes(database as Kind)) {
  console.error(`--database is server, embedded or both, not ${database}`);
  process.exit(2);
}
const databases: Kind[] = database === "both" ? [...kinds] : [database as Kind];

// The benchmarks that serve pages share one production build: the first of them builds it.
const SERVING = ["load", "js-size"];
let built = process.env.BENCH_SKIP_BUILD === "1";

const gatesDir = mkdtempSync(path.join(os.tmpdir(), "portal-bench-gates-"));
let failed = false;
for (const kind of databases) {
  const embedded = kind === "embedded" ? await startEmbedded() : null;
  try {
    for (const name of all) {
      if (!only.includes(name) || !existsSync(`bench/${name}.ts`)) continue;
      console.log(`\n=== bench: ${name} on the ${databaseKind(kind)}`);
      const dbName = `portal_bench_${name.replace("-", "_")}`;
      const databaseUrl = embedded ? await embedded.create(dbName) : await benchDatabase(dbName);
      const r = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.ts`], {
        stdio: "inherit",
        env: {
          ...process.env,
          DATABASE_URL: databaseUrl,
          BENCH_DATABASE_KIND: kind,
          BENCH_GATES_FILE: path.join(gatesDir, `${kind}.jsonl`),
          ...(built ? { BENCH_SKIP_BUILD: "1" } : {}),
        },
      });
      if (r.status !== 0) failed = true;
      // Built by now whether or not its gates were met (a failed build fails this benchmark and the run).
      if (SERVING.includes(name)) built = true;
    }
  } finally {
    await embedded?.close();
  }
}
summarise();
rmSync(gatesDir, { recursive: true, force: true });
process.exit(failed ? 1 : 0);

/**
 * The embedded PostgreSQL as the default set-up runs it (a data folder that persists, so PostgreSQL's
 * default durability), with pg_stat_statements loaded so the load benchmark can count statements.
 */
async function startEmbedded() {
  const { startEmbeddedDatabase } = await import("../lib/db/embedded");
  const dir = mkdtempSync(path.join(os.tmpdir(), "portal-bench-embedded-"));
  const server = await startEmbeddedDatabase({
    dataDir: path.join(dir, "postgres"),
    settings: ["shared_preload_libraries=pg_stat_statements"],
  });
  return {
    async create(name: string) {
      const client = new pg.Client({ connectionString: server.url });
      await client.connect();
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      const url = new URL(server.url);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async close() {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** One table of every gate the benchmarks reported, a column per database. */
function summarise() {
  const byKind = new Map<Kind, (Gate & { benchmark: string })[]>();
  for (const kind of databases) {
    const file = path.join(gatesDir, `${kind}.jsonl`);
    if (!existsSync(file)) continue;
    byKind.set(
      kind,
      readFileSync(file, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((line) => JSON.parse(line) as Gate & { benchmark: string }),
    );
  }
  if (byKind.size === 0) return;
  const names = [...new Set([...byKind.values()].flat().map((g) => g.name))];
  const cell = (kind: Kind, name: string) => {
    const g = byKind.get(kind)?.find((x) => x.name === name);
    return g ? `${g.measured} ${g.met ? "met" : "**NOT met**"}` : "—";
  };
  const target = (name: string) => [...byKind.values()].flat().find((g) => g.name === name)!.target;
  const lines = [
    `| gate | target | ${databases.map((k) => databaseKind(k)).join(" | ")} |`,
    `|---|--:|${databases.map(() => "--:").join("|")}|`,
    ...names.map((n) => `| ${n} | ${target(n)} | ${databases.map((k) => cell(k, n)).join(" | ")} |`),
  ];
  const heading = `## Gates of one run (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${machineLine()})`;
  console.log(`\n${heading}\n\n${lines.join("\n")}`);
  appendFileSync(
    resultsFile(),
    `\n${heading}\n\n\`npm run bench\` (${only.join(", ")}), every gate on each database.\n\n${lines.join("\n")}\n`,
  );
}
