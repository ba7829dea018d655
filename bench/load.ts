// Load on the signed-in "my data" pages: what a view costs, whether that cost depends on how long the
// person's history is, and whether several web servers on one database serve as much as one server
// with as many processes. A shared machine's speed varies from minute to minute, so the gates are
// measures that do not move with its load (CPU time of the web server per view; rows the database
// read per view) and ratios of measurements taken side by side, in turn, in several rounds.
//
// People: the demo data, a long-history customer (10,000 orders with their items, invoices and
// payments; 100,000 web events) and a short one (10 records).
//
// Gates:
// - the web server's CPU per view of the long-history customer's overview and of a category page, at
//   most 1.4 times the bare baseline's per request (a route handler running the same use-case, and so
//   the same reads, answering JSON);
// - the long-history customer's views against the short one's: rows read and CPU per view at most
//   1.2 times;
// - two web servers of one process each reach at least 0.9 times the sustained rate of one server of
//   two processes (the machine has two cores: nothing may serialise across instances).
// Rates and latencies at a fixed rate are reported as information.
//
// CPU is the user and system time of the server's processes (/proc, what process.cpuUsage() reports
// inside them). Rows read are the database's own counters (pg_stat_database: rows returned by scans
// and fetched by index scans), read once the server's connections have reported them; statements are
// counted too where pg_stat_statements is loaded (the embedded PostgreSQL of `npm run bench`).
import type { ChildProcess } from "node:child_process";
import { appendFileSync } from "node:fs";
import pg from "pg";
import { databaseKind, resultsFile } from "./child";
import { gateTable, reportGates, type Gate } from "./gates";
import { treeCpuMs } from "./proc";
import { BENCH_PORT, machineLine, prepareBenchDatabase, sessionCookieFor, startBenchServer } from "./server";

const LONG = { email: "bench-long@bench.example", orders: 10_000, webEvents: 100_000 };
// Two orders, each with its item, invoice and payment, and two web events: 10 records.
const SHORT = { email: "bench-short@bench.example", orders: 2, webEvents: 2 };
/** Rounds of the CPU measurement, and of the sustained-rate comparison. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const RATE_ROUNDS = Math.min(ROUNDS, 3);
/** Views per CPU measurement, and per rows measurement. */
const CPU_VIEWS = Number(process.env.BENCH_CPU_VIEWS ?? 60);
const ROWS_VIEWS = 20;
/** Seconds per sustained-rate measurement, and the connections kept busy during it. */
const RATE_SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const RATE_CONNECTIONS = 16;
/** A PostgreSQL backend reports its counters at the latest 10 s after it goes idle. */
const STATS_SETTLE_MS = 11_500;

type Target = { name: string; path: string; cookie: string };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

// ------------------------------------------------------------------------------------ measurement

async function get(base: string, target: Target): Promise<number> {
  const res = await fetch(`${base}${target.path}`, {
    headers: { cookie: target.cookie },
    redirect: "manual",
    signal: AbortSignal.timeout(60_000),
  });
  await res.arrayBuffer();
  if (res.status !== 200) throw new Error(`${target.name}: ${res.status}`);
  return res.status;
}

/** `views` requests, `connections` at a time. */
async function views(base: string, target: Target, count: number, connections = 2) {
  let next = 0;
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (next++ < count) await get(base, target);
    }),
  );
}

/** The database's counters: rows read, and statements where pg_stat_statements is loaded. */
async function dbCounters(client: pg.Client, statements: boolean) {
  const rows = await client.query<{ n: string }>(
    `SELECT (tup_returned + tup_fetched)::text AS n FROM pg_stat_database WHERE datname = current_database()`,
  );
  const calls = statements
    ? await client.query<{ n: string | null }>(
        `SELECT sum(calls)::text AS n FROM pg_stat_statements s JOIN pg_database d ON d.oid = s.dbid
         WHERE d.datname = current_database() AND s.query NOT LIKE '%pg_stat%'`,
      )
    : null;
  return { rows: Number(rows.rows[0]!.n), statements: calls ? Number(calls.rows[0]!.n ?? 0) : null };
}

/**
 * Sustained rate: `connections` kept busy for RATE_SECONDS, requests spread over the servers in turn;
 * answers per second, and the latencies as information.
 */
async function sustained(bases: string[], target: Target) {
  const end = performance.now() + RATE_SECONDS * 1000;
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: RATE_CONNECTIONS }, async () => {
      while (performance.now() < end) {
        const base = bases[n++ % bases.length]!;
        const t = performance.now();
        try {
          await get(base, target);
          latencies.push(performance.now() - t);
        } catch {
          errors++;
        }
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return { rate: latencies.length / seconds, p50: q(0.5), p99: q(0.99), errors };
}

/** Requests evenly spaced at `rate` for RATE_SECONDS, each latency counted from when it was due. */
async function paced(base: string, target: Target, rate: number) {
  const total = Math.round(rate * RATE_SECONDS);
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const all: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    all.push(
      get(base, target).then(
        () => void latencies.push(performance.now() - due),
        () => void errors++,
      ),
    );
  }
  await Promise.all(all);
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? 0);
  return { p50: q(0.5), p99: q(0.99), errors };
}

// ------------------------------------------------------------------------------------------- run

async function seedPeople() {
  const { db } = await import("../lib/db");
  const { seedBulkHistory } = await import("../lib/seed/demo");
  const ids: string[] = [];
  for (const who of [LONG, SHORT]) {
    const person =
      (await db.person.findUnique({ where: { email: who.email } })) ??
      (await db.person.create({
        data: { email: who.email, firstName: "Bänk", lastName: "Märkning", language: "sv" },
      }));
    await seedBulkHistory(person.id, { orders: who.orders, webEvents: who.webEvents });
    ids.push(person.id);
  }
  // Statistics and visibility as autovacuum keeps them on a live database.
  await db.$executeRawUnsafe("VACUUM ANALYZE");
  return ids;
}

async function main() {
  const url = await prepareBenchDatabase();
  console.log("Seeding the long-history customer (10,000 orders, 100,000 web events) and a short one…");
  await seedPeople();
  const stats = new pg.Client({ connectionString: url });
  await stats.connect();
  const statements = (
    await stats.query<{ on: boolean }>(
      `SELECT current_setting('shared_preload_libraries') LIKE '%pg_stat_statements%' AS on`,
    )
  ).rows[0]!.on;
  if (statements) await stats.query("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");

  // One server of one process (its CPU is measured), a second of one process, one of two processes.
  const ports = { one: BENCH_PORT, other: BENCH_PORT + 1, two: BENCH_PORT + 2 };
  const servers: ChildProcess[] = [];
  try {
    servers.push(await startBenchServer({ port: ports.one, processes: 1 }));
    servers.push(await startBenchServer({ port: ports.other, processes: 1, build: false }));
    servers.push(await startBenchServer({ port: ports.two, processes: 2, build: false }));
    const base = (port: number) => `http://localhost:${port}`;

    const long = await sessionCookieFor(LONG.email);
    const short = await sessionCookieFor(SHORT.email);
    // The category with the most records of the long-history customer (its web events).
    const overview = (await (
      await fetch(`${base(ports.one)}/api/bench/my-data`, { headers: { cookie: long } })
    ).json()) as { categories: { category: { key: string }; total: number }[] };
    const category = [...overview.categories].sort((a, b) => b.total - a.total)[0]!;
    const cat = `category=${encodeURIComponent(category.category.key)}`;
    const targets: Target[] = [
      { name: "overview, long history", path: "/my-data", cookie: long },
      { name: "overview, long history: baseline", path: "/api/bench/my-data", cookie: long },
      { name: "overview, short history", path: "/my-data", cookie: short },
      { name: "category page, long history", path: `/my-data?${cat}`, cookie: long },
      { name: "category page, long history: baseline", path: `/api/bench/my-data?${cat}`, cookie: long },
      { name: "category page, short history", path: `/my-data?${cat}`, cookie: short },
      // Information: a page that reads nothing of the person's (the cookie notice, signed in), so what
      // any page costs before its own work.
      { name: "nearly empty page (/cookies), for comparison", path: "/cookies", cookie: long },
    ];

    // Warm-up, unmeasured: every process compiles its hot paths first.
    for (const port of Object.values(ports)) for (const t of targets) await views(base(port), t, 20, 4);

    // CPU per view, in rounds, the targets in turn.
    const cpu = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    const pid = servers[0]!.pid!;
    for (let round = 0; round < ROUNDS; round++) {
      for (const t of targets) {
        const before = treeCpuMs(pid);
        await views(base(ports.one), t, CPU_VIEWS);
        cpu.get(t.name)!.push((treeCpuMs(pid) - before) / CPU_VIEWS);
      }
    }
    // Rows read (and statements) per view: the counters once every connection has reported.
    const reads = new Map<string, { rows: number; statements: number | null }>();
    for (const t of targets) {
      await sleep(STATS_SETTLE_MS);
      const before = await dbCounters(stats, statements);
      await views(base(ports.one), t, ROWS_VIEWS);
      await sleep(STATS_SETTLE_MS);
      const after = await dbCounters(stats, statements);
      reads.set(t.name, {
        rows: (after.rows - before.rows) / ROWS_VIEWS,
        statements: after.statements === null ? null : (after.statements - before.statements!) / ROWS_VIEWS,
      });
    }

    // Sustained rate: two servers of one process against one server of two, in turn.
    const rate = { split: [] as number[], single: [] as number[] };
    const rateDetail: string[] = [];
    for (let round = 0; round < RATE_ROUNDS; round++) {
      const single = await sustained([base(ports.two)], targets[0]!);
      const split = await sustained([base(ports.one), base(ports.other)], targets[0]!);
      rate.single.push(single.rate);
      rate.split.push(split.rate);
      rateDetail.push(
        `round ${round + 1}: one server of two processes ${single.rate.toFixed(1)}/s (p50 ${single.p50} ms, p99 ${single.p99} ms, ${single.errors} errors); two servers of one process ${split.rate.toFixed(1)}/s (p50 ${split.p50} ms, p99 ${split.p99} ms, ${split.errors} errors)`,
      );
    }
    // Information: latency at a fixed rate on the production set-up (one server, a process per core).
    const info: string[] = [];
    for (const t of [targets[0]!, targets[1]!, targets[2]!, targets[3]!]) {
      const r = await paced(base(ports.two), t, 10);
      info.push(`| ${t.name} | 10 | ${r.p50} | ${r.p99} | ${r.errors} |`);
    }

    const c = (name: string) => median(cpu.get(name)!);
    // A CPU ratio is taken within each round (its two views measured minutes apart at most), then the
    // median over the rounds: a change in the machine's speed between rounds cancels out.
    const cpuRatio = (a: string, b: string) =>
      median(
        cpu.get(a)!.map((v, i) => (cpu.get(b)![i]! > 0 ? v / cpu.get(b)![i]! : Number.POSITIVE_INFINITY)),
      );
    const r = (name: string) => reads.get(name)!;
    const ratio = (a: number, b: number) => (b > 0 ? a / b : Number.POSITIVE_INFINITY);
    const x = (v: number) => `${v.toFixed(2)}×`;
    const gates: Gate[] = [];
    for (const [page, baseline] of [
      ["overview, long history", "overview, long history: baseline"],
      ["category page, long history", "category page, long history: baseline"],
    ]) {
      const v = cpuRatio(page!, baseline!);
      gates.push({
        name: `load: CPU per view, ${page} against its baseline`,
        measured: `${x(v)} (${c(page!).toFixed(1)} / ${c(baseline!).toFixed(1)} ms)`,
        target: "≤ 1.4×",
        met: v <= 1.4,
      });
    }
    for (const [longName, shortName] of [
      ["overview, long history", "overview, short history"],
      ["category page, long history", "category page, short history"],
    ]) {
      const rows = ratio(r(longName!).rows, r(shortName!).rows);
      gates.push({
        name: `load: rows read per view, ${longName!.split(",")[0]}, long against short history`,
        measured: `${x(rows)} (${r(longName!).rows.toFixed(0)} / ${r(shortName!).rows.toFixed(0)})`,
        target: "≤ 1.2×",
        met: rows <= 1.2,
      });
      const cpuLong = cpuRatio(longName!, shortName!);
      gates.push({
        name: `load: CPU per view, ${longName!.split(",")[0]}, long against short history`,
        measured: `${x(cpuLong)} (${c(longName!).toFixed(1)} / ${c(shortName!).toFixed(1)} ms)`,
        target: "≤ 1.2×",
        met: cpuLong <= 1.2,
      });
    }
    const instances = median(rate.split.map((v, i) => ratio(v, rate.single[i]!)));
    gates.push({
      name: "load: two servers of one process against one of two processes, sustained rate",
      measured: `${x(instances)} (${median(rate.split).toFixed(1)} / ${median(rate.single).toFixed(1)} views/s)`,
      target: "≥ 0.9×",
      met: instances >= 0.9,
    });

    const table = [
      "| view | CPU per view (ms, median of rounds) | rounds | rows read per view | statements per view |",
      "|---|--:|---|--:|--:|",
      ...targets.map(
        (t) =>
          `| ${t.name} | ${c(t.name).toFixed(1)} | ${cpu
            .get(t.name)!
            .map((v) => v.toFixed(1))
            .join(", ")} | ${r(t.name).rows.toFixed(0)} | ${r(t.name).statements?.toFixed(1) ?? "—"} |`,
      ),
    ];
    const infoTable = [
      "| view (one server, a process per core) | rate (views/s) | p50 (ms) | p99 (ms) | errors |",
      "|---|--:|--:|--:|--:|",
      ...info,
    ];
    console.log([...table, "", ...rateDetail, "", ...infoTable].join("\n"));
    const ok = reportGates("load", gates);
    appendFileSync(
      resultsFile(),
      [
        "",
        `## Load: the "my data" views, long and short histories (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${machineLine()}; ${databaseKind()})`,
        "",
        `Production build. A long-history customer (${LONG.orders.toLocaleString("en")} orders with items, invoices and payments; ${LONG.webEvents.toLocaleString("en")} web events) and a short one (10 records); the category page is the long history's largest category (\`${category.category.key}\`, ${category.total.toLocaleString("en")} records). CPU: the web server's processes, ${CPU_VIEWS} views per measurement, two at a time, ${ROUNDS} rounds with the views in turn; a gate's ratio is the median of its ratios within each round. Rows read: pg_stat_database, ${ROWS_VIEWS} views.`,
        "",
        ...table,
        "",
        `Sustained rate (${RATE_CONNECTIONS} connections, ${RATE_SECONDS} s, the long history's overview):`,
        "",
        ...rateDetail.map((l) => `- ${l}`),
        "",
        ...infoTable,
        "",
        ...gateTable(gates),
        "",
      ].join("\n"),
    );
    process.exitCode = ok ? 0 : 1;
  } finally {
    for (const s of servers) s.kill();
    await stats.end();
    const { disconnectDb } = await import("../lib/db");
    await disconnectDb();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
