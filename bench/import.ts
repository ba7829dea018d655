// Benchmark: importing 100,000 orders from a CSV file.
//
//   DATABASE_URL=postgresql://… npx tsx bench/import.ts        (BENCH_IMPORT_ORDERS=100000 by default)
//
// Compares the real import (lib/import: streaming CSV parser, zod validation, person lookups, per-batch
// transactions with existence checks, per-row report file, audit entry) with a baseline that reads the
// same file with the same CSV parser and inserts the same rows with multi-row INSERTs (1,000 orders a
// statement, items beside them) and no validation, checks or report. Then the real import runs again
// on the same file: every row is already there, so it measures the idempotent re-import. Each run is a
// child process that reports its time and peak RSS (process.resourceUsage().maxRSS) and its RSS after
// the first tenth of the rows, to show that memory does not grow with the file.
//
// Gate: the import takes at most 1.25 times the baseline's time (bench/gates.ts). The exit code is 1
// when it is not met; the table is appended to bench/RESULTS.md (or BENCH_RESULTS_FILE) either way.
//
// The children run as compiled JavaScript (an esbuild bundle, node_modules external) when esbuild is
// available; BENCH_RUNNER=tsx runs them through the TypeScript loader instead (adds 60–90 MB RSS to
// every run alike). Everything the benchmark creates is removed at the end (the audit entries stay:
// the trail is append-only).
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import {
  appendFileSync,
  createWriteStream,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { applyTestEnv } from "../test/test-env";
import {
  childRunner,
  databaseKind,
  migratedBenchDatabase,
  parentOrChild,
  redact,
  report,
  resultsFile,
  runChild,
} from "./child";
import { gateTable, reportGates, type Gate } from "./gates";

type Mode = "baseline" | "import" | "reimport";
type ChildResult = {
  mode: Mode;
  ms: number;
  orders: number;
  maxRssMb: number;
  rssStartMb: number;
  rssAtTenthMb: number;
  summary?: Record<string, number | string>;
};

const ORDERS = Number(process.env.BENCH_IMPORT_ORDERS ?? 100_000);
const PEOPLE = 1_000;
/** The import's time may be at most this many times the baseline's. */
const IMPORT_GATE = 1.25;
const OUT = path.resolve(".data/bench-import");

parentOrChild(main, (mode, file) => child(mode as Mode, file!));

// ---------------------------------------------------------------------------------------------- parent

async function main() {
  const url = await migratedBenchDatabase();
  const { db, disconnectDb } = await import("../lib/db");
  mkdirSync(OUT, { recursive: true });

  const run = `bench-${randomUUID().slice(0, 8)}`;
  console.log(
    `Preparing ${PEOPLE} customers and two files of ${ORDERS.toLocaleString("en")} orders (${run}) …`,
  );
  await db.$executeRawUnsafe(
    `INSERT INTO "Person" (id, "externalId", email, kind, language, "updatedAt")
     SELECT gen_random_uuid()::text, $1 || '-K' || i, $1 || '-' || i || '@bench.example', 'customer', 'sv', now()
     FROM generate_series(1, ${PEOPLE}) AS i`,
    run,
  );
  const baselineFile = path.join(OUT, `orders-${run}-baseline.csv`);
  const importFile = path.join(OUT, `orders-${run}-import.csv`);
  await writeOrders(baselineFile, run, `${run}-b`);
  await writeOrders(importFile, run, `${run}-i`);
  const lines = Math.round(ORDERS * 1.25);
  console.log(
    `  ${(statSync(importFile).size / 1e6).toFixed(1)} MB, ${lines.toLocaleString("en")} lines each`,
  );

  const runner = await childRunner("bench/import.ts", OUT);
  const results: ChildResult[] = [];
  try {
    for (const [mode, file] of [
      ["baseline", baselineFile],
      ["import", importFile],
      ["reimport", importFile],
    ] as const) {
      const r = await runChild<ChildResult>(runner, [mode, file]);
      results.push(r);
      console.log(
        `  ${mode.padEnd(9)} ${(r.ms / 1000).toFixed(2)} s  ${Math.round(r.orders / (r.ms / 1000)).toLocaleString("en")} orders/s  peak RSS ${r.maxRssMb.toFixed(0)} MB`,
      );
      if (r.summary) console.log(`            ${JSON.stringify(r.summary)}`);
    }
    const [baseCount, importCount] = await Promise.all([
      db.order.count({ where: { externalId: { startsWith: `${run}-b-` } } }),
      db.order.count({ where: { externalId: { startsWith: `${run}-i-` } } }),
    ]);
    if (baseCount !== ORDERS || importCount !== ORDERS) {
      throw new Error(`expected ${ORDERS} orders each, found baseline ${baseCount}, import ${importCount}`);
    }
  } finally {
    // Leave the database as it was (items and orders go with their people).
    await db.person.deleteMany({ where: { externalId: { startsWith: `${run}-K` } } });
    await disconnectDb();
    rmSync(OUT, { recursive: true, force: true });
  }

  const byMode = (m: Mode) => results.find((r) => r.mode === m)!;
  const base = byMode("baseline");
  const rate = (r: ChildResult) => Math.round(r.orders / (r.ms / 1000)).toLocaleString("en");
  const row = (label: string, r: ChildResult) =>
    `| ${label} | ${(r.ms / 1000).toFixed(2)} s | ${rate(r)} | ${r.maxRssMb.toFixed(0)} MB | ${r.rssAtTenthMb.toFixed(0)} MB | ${(r.ms / base.ms).toFixed(2)} × |`;
  const table = [
    `| run (${ORDERS.toLocaleString("en")} orders, ${lines.toLocaleString("en")} CSV lines) | time | orders/s | peak RSS | RSS after 10 % of rows | time / baseline |`,
    "|---|---:|---:|---:|---:|---:|",
    row("baseline: same CSV parser, multi-row INSERT of 1,000 orders, no validation", base),
    row("import: zod validation, lookups, batch transactions, report, audit", byMode("import")),
    row("import again: every row already stored (nothing written)", byMode("reimport")),
  ].join("\n");
  console.log(`\n${table}\n`);

  const ratio = byMode("import").ms / base.ms;
  const gates: Gate[] = [
    {
      name: "import: time against the baseline",
      measured: `${ratio.toFixed(3)}×`,
      target: `≤ ${IMPORT_GATE}×`,
      met: ratio <= IMPORT_GATE,
    },
  ];
  const met = reportGates("import", gates);

  const machine = `${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`;
  const resultsMd = resultsFile();
  if (!existsSync(resultsMd)) writeFileSync(resultsMd, "# Benchmark results\n");
  // Only ever appended: other benchmarks write here too.
  appendFileSync(
    resultsMd,
    `\n## Import: ${ORDERS.toLocaleString("en")} orders from CSV, ${databaseKind()} (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)\n\n` +
      `Machine: ${machine}. Database: ${databaseKind()} (${redact(url)}). Children: ${runner.label}. ` +
      `Each order has one item, every fourth two; batches of 2,000 records (an order weighs 1 + a quarter per item).\n\n${table}\n\n` +
      `${gateTable(gates).join("\n")}\n`,
  );
  if (!met) process.exitCode = 1;
}

/** The orders file: 1,000 customers, every fourth order with two item lines. */
async function writeOrders(file: string, run: string, prefix: string) {
  const out = createWriteStream(file);
  const write = async (s: string) => {
    if (!out.write(s)) await once(out, "drain");
  };
  await write(
    "externalId,orderNumber,customerExternalId,placedAt,status,currency,totalOre,itemSku,itemDescription,itemQuantity,itemUnitPriceOre\n",
  );
  const start = Date.UTC(2024, 0, 1);
  for (let i = 1; i <= ORDERS; i++) {
    const customer = `${run}-K${(i % PEOPLE) + 1}`;
    const placed = new Date(start + i * 600_000).toISOString();
    const two = i % 4 === 0;
    const total = two ? 49_900 + 2 * 12_500 : 49_900;
    const head = `${prefix}-${i},${prefix}-W${i},${customer},${placed},completed,SEK,${total}`;
    await write(`${head},SKU-${i % 50},"Produkt ${i % 50}, standard",1,49900\n`);
    if (two) await write(`${head},TILL-1,"Tillbehör ""Bas""",2,12500\n`);
  }
  out.end();
  await once(out, "finish");
}

// ---------------------------------------------------------------------------------------------- child

async function child(mode: Mode, file: string) {
  applyTestEnv();
  const { db } = await import("../lib/db");
  await db.$queryRaw`SELECT 1`;
  const rssStartMb = process.memoryUsage().rss / 2 ** 20;
  let rssAtTenthMb = 0;
  const tenth = Math.max(1, Math.floor(ORDERS / 10));
  const seen = (orders: number) => {
    if (rssAtTenthMb === 0 && orders >= tenth) rssAtTenthMb = process.memoryUsage().rss / 2 ** 20;
  };
  const t0 = performance.now();
  let orders = 0;
  let summary: ChildResult["summary"];
  if (mode === "baseline") {
    orders = await baselineInsert(file, seen);
  } else {
    const { importFile } = await import("../lib/import/run-file");
    const result = await importFile(file, {
      type: "orders",
      reportPath: `${file}.${mode}.report.jsonl`,
      onProgress: (_bytes, rows) => seen(rows),
    });
    orders = result.summary.total;
    const { created, updated, skipped, rejected } = result.summary;
    summary = { created, updated, skipped, rejected };
    if (rejected > 0) throw new Error(`${rejected} rows rejected`);
  }
  const ms = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  report({ mode, ms, orders, maxRssMb, rssStartMb, rssAtTenthMb, summary } satisfies ChildResult);
  await db.$disconnect();
  process.exit(0);
}

/**
 * The baseline: the same file through the same streaming CSV parser, the lines of an order grouped,
 * and the rows inserted with multi-row INSERT statements of 1,000 orders (and their items). No
 * validation, no existence checks, no transactions beyond each statement, no report, no audit.
 */
async function baselineInsert(file: string, seen: (orders: number) => void): Promise<number> {
  const { createReadStream } = await import("node:fs");
  const { db } = await import("../lib/db");
  const { parseCsv } = await import("../lib/import/csv");
  const people = await db.person.findMany({
    where: { externalId: { startsWith: "bench-" } },
    select: { id: true, externalId: true },
  });
  const personOf = new Map(people.map((p) => [p.externalId!, p.id]));
  type Order = { id: string; cols: string[]; items: string[][] };
  let batch: Order[] = [];
  let current: Order | null = null;
  let count = 0;
  const flush = async () => {
    if (batch.length === 0) return;
    const orderValues: unknown[] = [];
    const orderRows: string[] = [];
    const itemValues: unknown[] = [];
    const itemRows: string[] = [];
    for (const o of batch) {
      const [ext, number, customer, placed, status, currency, total] = o.cols;
      const n = orderValues.length;
      orderRows.push(
        `($${n + 1}, $${n + 2}, $${n + 3}, $${n + 4}, $${n + 5}::timestamp, $${n + 6}, $${n + 7}::int, $${n + 8})`,
      );
      orderValues.push(o.id, personOf.get(customer!), ext, number, placed, status, total, currency);
      for (const it of o.items) {
        const m = itemValues.length;
        itemRows.push(`($${m + 1}, $${m + 2}, $${m + 3}, $${m + 4}, $${m + 5}::int, $${m + 6}::int)`);
        itemValues.push(randomUUID(), o.id, it[0], it[1], it[2], it[3]);
      }
    }
    await db.$executeRawUnsafe(
      `INSERT INTO "Order" (id, "personId", "externalId", "orderNumber", "placedAt", status, "totalOre", currency) VALUES ${orderRows.join(", ")}`,
      ...orderValues,
    );
    await db.$executeRawUnsafe(
      `INSERT INTO "OrderItem" (id, "orderId", sku, description, quantity, "unitPriceOre") VALUES ${itemRows.join(", ")}`,
      ...itemValues,
    );
    count += batch.length;
    seen(count);
    batch = [];
  };
  let header = true;
  for await (const ev of parseCsv(createReadStream(file, { highWaterMark: 256 * 1024 }))) {
    if (ev.kind !== "row") throw new Error(`unreadable line ${ev.line}`);
    if (header) {
      header = false;
      continue;
    }
    const cols = ev.fields.slice(0, 7);
    const item = ev.fields.slice(7);
    if (current && current.cols[0] === cols[0]) {
      current.items.push(item);
      continue;
    }
    current = { id: randomUUID(), cols, items: [item] };
    batch.push(current);
    // One order may still get lines: flush the ones before it.
    if (batch.length > 1_000) {
      const last = batch.pop()!;
      await flush();
      batch.push(last);
    }
  }
  await flush();
  return count;
}
