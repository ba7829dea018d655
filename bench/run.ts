// npm run bench: every benchmark in turn, on PostgreSQL. Each prints its table and appends it to
// bench/RESULTS.md. `npm run bench -- prepared load` (or BENCH_ONLY=load,js-size,copy,import,prepared)
// picks some. Without DATABASE_URL each runs on a fresh database of its own on the local server
// (portal_bench_<name>).
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { benchDatabase } from "./server";

const all = ["copy", "import", "load", "js-size", "prepared", "audit"];
const named = process.argv.slice(2);
const only = named.length > 0 ? named : (process.env.BENCH_ONLY?.split(",") ?? all);
const unknown = only.filter((n) => !all.includes(n));
if (unknown.length > 0) {
  console.error(`Unknown benchmark: ${unknown.join(", ")} (one of ${all.join(", ")})`);
  process.exit(2);
}
let failed = false;
for (const name of all) {
  if (!only.includes(name) || !existsSync(`bench/${name}.ts`)) continue;
  console.log(`\n=== bench: ${name}`);
  const databaseUrl =
    process.env.DATABASE_URL ?? (await benchDatabase(`portal_bench_${name.replace("-", "_")}`));
  const r = spawnSync(process.execPath, ["--import", "tsx", `bench/${name}.ts`], {
    stdio: "inherit",
    env: { ...process.env, DATABASE_URL: databaseUrl },
  });
  if (r.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
