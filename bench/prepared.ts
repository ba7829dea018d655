// Unnamed against named (prepared once per connection) statements for the reads every data page
// makes on the read pool (lib/db/read-pool.ts): the session lookup (lib/auth/actor.ts), the data map
// (lib/datamap/read.ts) and the feeds' batched count-and-latest statement (lib/connectors/feeds.ts),
// taken from a real "my data" view of the demo customer. On PostgreSQL directly (a named statement is
// not usable behind a transaction-pooling pooler at all; decision 0015).
//
// Per statement: the mean and median time of one execution, run one after another on one connection.
// Per view (the three reads in turn): the CPU of the database server's backend (from /proc, when it
// runs on this machine) and of this process. Each way runs in turn, several rounds, so a change in the
// machine's speed weighs on both alike.
import { appendFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import pg from "pg";
import { migratedBenchDatabase, redact, resultsFile } from "./child";
import { processCpuMs } from "./proc";
import { machineLine } from "./server";

const RUNS = Number(process.env.BENCH_PREPARED_RUNS ?? 400);
const ROUNDS = 3;
const holder = globalThis as unknown as { portalReadPool?: pg.Pool };

type Captured = { label: string; text: string; values: unknown[] };

/** The read pool's statements of one session lookup and one "my data" view, as the page runs them. */
async function captureStatements(token: string): Promise<Captured[]> {
  const seen: { text: string; values: unknown[] }[] = [];
  const original = pg.Pool.prototype.query;
  pg.Pool.prototype.query = function (this: pg.Pool, ...args: unknown[]) {
    const config = args[0] as { text?: string; values?: unknown[] };
    if (config && typeof config === "object" && config.text)
      seen.push({ text: config.text, values: config.values ?? [] });
    return (original as (...a: unknown[]) => unknown).apply(this, args);
  } as typeof original;
  try {
    const { actorFromSessionToken } = await import("../lib/auth/actor");
    const { viewMyData } = await import("../lib/privacy/my-data");
    const actor = await actorFromSessionToken(token);
    if (actor?.kind !== "person") throw new Error("the benchmark's session did not resolve to the person");
    await viewMyData(actor, {}, "sv");
  } finally {
    pg.Pool.prototype.query = original;
  }
  const pick = (label: string, test: (text: string) => boolean): Captured => {
    const found = seen.find((s) => test(s.text));
    if (!found) throw new Error(`the view made no ${label} statement`);
    return { label, ...found };
  };
  return [
    pick("session lookup (lib/auth/actor.ts)", (t) => t.includes('FROM "Session" s')),
    pick("data map (lib/datamap/read.ts)", (t) => t.includes('FROM "DataCategory" c')),
    pick(
      "feeds' batched counts and latest records (lib/connectors/feeds.ts)",
      (t) =>
        // Its columns: each feed's total and window, "c<i>" and "r<i>" (windowsStatement).
        t.includes('AS "c0"') && t.includes('AS "r0"'),
    ),
  ];
}

type Sample = { times: number[][]; serverCpu: number | null; clientCpu: number; views: number };

/** One round of one way: a fresh single-connection pool, warmed up, then RUNS views. */
async function round(statements: Captured[], named: boolean): Promise<Sample> {
  process.env.DATABASE_PREPARED_STATEMENTS = named ? "true" : "false";
  process.env.READ_POOL_SIZE = "1";
  await holder.portalReadPool?.end();
  holder.portalReadPool = undefined;
  const { query } = await import("../lib/db/read-pool");
  const backend = (await query<{ pid: number }>("SELECT pg_backend_pid() AS pid", []))[0]!.pid;
  for (let i = 0; i < 30; i++) for (const s of statements) await query(s.text, s.values, { prepare: true });
  const times = statements.map(() => [] as number[]);
  const server0 = processCpuMs(backend);
  const client0 = process.cpuUsage();
  for (let i = 0; i < RUNS; i++) {
    for (const [k, s] of statements.entries()) {
      const t = performance.now();
      await query(s.text, s.values, { prepare: true });
      times[k]!.push(performance.now() - t);
    }
  }
  const client = process.cpuUsage(client0);
  const server1 = processCpuMs(backend);
  return {
    times,
    serverCpu: server0 === null || server1 === null ? null : server1 - server0,
    clientCpu: (client.user + client.system) / 1000,
    views: RUNS,
  };
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
};

async function main() {
  const url = await migratedBenchDatabase();
  const { seedDemo } = await import("../lib/seed/demo");
  await seedDemo();
  const { db, disconnectDb } = await import("../lib/db");
  await db.$executeRawUnsafe("ANALYZE");
  const anna = await db.person.findUniqueOrThrow({ where: { email: "anna.andersson@demo.example" } });
  const user = await db.user.upsert({
    where: { email: anna.email },
    create: { email: anna.email, personId: anna.id },
    update: {},
  });
  const token = randomBytes(32).toString("hex");
  await db.session.create({
    data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 3_600_000) },
  });

  const statements = await captureStatements(token);
  const ways = { unnamed: [] as Sample[], named: [] as Sample[] };
  for (let r = 0; r < ROUNDS; r++) {
    ways.unnamed.push(await round(statements, false));
    ways.named.push(await round(statements, true));
  }
  await holder.portalReadPool?.end();
  await db.session.deleteMany({ where: { sessionToken: token } });
  await disconnectDb();

  const fmt = (n: number) => n.toFixed(3);
  const rows = statements.map((s, k) => {
    const u = ways.unnamed.flatMap((x) => x.times[k]!);
    const n = ways.named.flatMap((x) => x.times[k]!);
    return `| ${s.label} | ${fmt(mean(u))} | ${fmt(median(u))} | ${fmt(mean(n))} | ${fmt(median(n))} | ${(median(u) / median(n)).toFixed(2)} × |`;
  });
  const perView = (xs: Sample[], f: (x: Sample) => number | null) => {
    const total = xs.reduce((a, x) => (a === null || f(x) === null ? null : a + f(x)!), 0 as number | null);
    return total === null ? "n/a" : fmt(total / xs.reduce((a, x) => a + x.views, 0));
  };
  const view = (xs: Sample[]) =>
    mean(xs.flatMap((x) => x.times[0]!.map((_, i) => x.times.reduce((a, t) => a + t[i]!, 0))));
  const lines = [
    "| statement | unnamed mean (ms) | unnamed median (ms) | named mean (ms) | named median (ms) | unnamed / named (median) |",
    "|---|--:|--:|--:|--:|--:|",
    ...rows,
    "",
    "| per view (the three reads) | unnamed | named |",
    "|---|--:|--:|",
    `| time (ms, mean) | ${fmt(view(ways.unnamed))} | ${fmt(view(ways.named))} |`,
    `| database server CPU (ms) | ${perView(ways.unnamed, (x) => x.serverCpu)} | ${perView(ways.named, (x) => x.serverCpu)} |`,
    `| portal process CPU (ms) | ${perView(ways.unnamed, (x) => x.clientCpu)} | ${perView(ways.named, (x) => x.clientCpu)} |`,
  ];
  console.log(lines.join("\n"));
  appendFileSync(
    resultsFile(),
    `\n## Read pool: unnamed against named statements (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${machineLine()})\n\nDatabase: ${await serverVersion(url)} (${redact(url)}), directly (no pooler). The statements of a "my data" view of the demo customer Anna, ${ROUNDS} rounds × ${RUNS} views each way, in turn, on one connection; CPU per view from /proc (the database server's backend) and process.cpuUsage (this process).\n\n${lines.join("\n")}\n`,
  );
}

async function serverVersion(url: string): Promise<string> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const v = (await client.query("SHOW server_version")).rows[0] as { server_version: string };
    return `PostgreSQL ${v.server_version.split(" ")[0]}`;
  } finally {
    await client.end();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
