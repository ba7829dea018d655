// Benchmark: building the copy for a customer with 10,000 orders and 100,000 web events.
//
//   DATABASE_URL=postgresql://… npx tsx bench/copy.ts        (BENCH_RUNS=3 by default)
//
// Compares the real build (the "copy.build" job: connectors, spool files, sealed output, staff tasks,
// audit, email) with a baseline that reads the same rows in one pass (one query per table, all in
// memory) and writes the same files (JSON, CSV, HTML, Art. 15) into a ZIP with fflate, with no queue,
// connectors or audit. The real build includes what a ready copy costs: the ZIP sealed with the
// person's key (sealed-file.ts) and stored in the database in chunks of at most 1 MiB (COPY_STORAGE's
// default, copy-store.ts); the benchmark checks both on every real build. Each build runs in a child
// process that reports its own time and peak RSS (process.resourceUsage().maxRSS).
//
// Gates (bench/gates.ts): the real build takes at most 0.8 times the baseline's time, and its peak RSS
// stays under 256 MB. The exit code is 1 when one is not met; the table is appended to
// bench/RESULTS.md (or BENCH_RESULTS_FILE) either way.
//
// The children run as compiled JavaScript (bundled here with esbuild, the way a deployment runs
// compiled code); BENCH_RUNNER=tsx runs them through the TypeScript loader instead, which alone adds
// roughly 60–90 MB to any process (its own transform worker and source maps).
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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

type Mode = "real" | "real-fflate" | "baseline";
type ChildResult = { mode: Mode; ms: number; maxRssMb: number; rssBeforeMb: number; zipBytes: number };
/** How a real build's copy was kept: where, in how many chunks, and whether it was sealed. */
type Kept = { label: string; storage: string | null; chunks: number; storedBytes: number; sealed: boolean };

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const WEB_EVENTS = Number(process.env.BENCH_WEB_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
/** The real build's time may be at most this many times the baseline's. */
const TIME_GATE = 0.8;
/** The real build's peak RSS must stay under this many MB (MiB). */
const RSS_GATE_MB = 256;
const BENCH_EMAIL = "bench-copy@bench.example";
const SMALL_EMAIL = "bench-copy-small@bench.example";
// glibc gives each thread its own malloc arena; Node's helper threads (libuv, V8) then leave memory
// stranded in arenas the main thread cannot reuse. Two arenas is the usual setting for Node in
// production and what the worker should run with (set before the process starts).
const ARENAS = process.env.BENCH_MALLOC_ARENA_MAX ?? "2";
const OUT = path.resolve(".data/bench-copy");
const childEnv = { ...process.env, EXPORT_DIR: OUT, ...(ARENAS ? { MALLOC_ARENA_MAX: ARENAS } : {}) };

parentOrChild(main, (mode, id, target) => child(mode as Mode, id!, target!));

// ---------------------------------------------------------------------------------------------- parent

async function main() {
  const url = await migratedBenchDatabase();
  const { db, disconnectDb } = await import("../lib/db");
  const { seedDataMap } = await import("../lib/datamap/policy-map");
  const { seedBulkHistory } = await import("../lib/seed/demo");
  const { encryptForPerson } = await import("../lib/crypto/keys");
  await db.$transaction((tx) => seedDataMap(tx));

  const customer = async (email: string, orders: number, webEvents: number) => {
    let person = await db.person.findUnique({ where: { email } });
    if (!person) {
      person = await db.person.create({
        data: {
          email,
          firstName: "Bänk",
          lastName: "Märkning",
          phone: "+46701740699",
          billingStreet: "Testgatan 1",
          billingPostcode: "111 11",
          billingCity: "Stockholm",
          billingCountry: "SE",
          language: "sv",
        },
      });
      // An official test personnummer (belongs to no one).
      await db.person.update({
        where: { id: person.id },
        data: { personnummerEnc: await encryptForPerson(db, person.id, "19121212-1212") },
      });
    }
    await seedBulkHistory(person.id, { orders, webEvents });
    return person.id;
  };
  console.log(`Seeding ${ORDERS} orders and ${WEB_EVENTS} web events (skipped where present)…`);
  const big = await customer(BENCH_EMAIL, ORDERS, WEB_EVENTS);
  const small = await customer(SMALL_EMAIL, Math.ceil(ORDERS / 10), Math.ceil(WEB_EVENTS / 10));
  // Fresh statistics after a bulk load, as autovacuum would give a long-lived database.
  await db.$executeRawUnsafe(`ANALYZE "Order", "OrderItem", "Shipment", "Invoice", "Payment", "WebEvent"`);

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const runner = await childRunner("bench/copy.ts", OUT);
  console.log(`Children run as: ${runner.label}; MALLOC_ARENA_MAX=${ARENAS || "(unset)"}`);

  const { SEALED_HEADER, SEALED_OVERHEAD, SEALED_VERSION } = await import("../lib/privacy/copy/sealed-file");
  const { CHUNK_BYTES } = await import("../lib/privacy/copy/copy-store");
  const kept: Kept[] = [];
  const run = async (mode: Mode, personId: string, label: string = mode): Promise<ChildResult> => {
    if (mode === "baseline") {
      const target = path.join(OUT, `baseline.zip`);
      const r = await runChild<ChildResult>(runner, [mode, personId, target], childEnv);
      rmSync(target, { force: true });
      return r;
    }
    const request = await db.request.create({
      data: {
        personId,
        type: "copy",
        status: "in_progress",
        receivedAt: new Date(),
        dueAt: new Date(Date.now() + 30 * 86_400_000),
      },
    });
    const copy = await db.copy.create({
      data: { personId, requestId: request.id, free: false, status: "queued" },
    });
    const r = await runChild<ChildResult>(runner, [mode, copy.id, copy.id], childEnv);
    const done = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
    if (done.status !== "ready") throw new Error(`${label} build ended ${done.status} (${done.error})`);
    // What the copy costs to keep is part of the build: sealed, and (by default) in the database.
    const chunks = await db.$queryRaw<{ n: number; length: number; head: Buffer }[]>`
      SELECT n, length(data) AS length, substring(data FROM 1 FOR ${SEALED_HEADER}) AS head
      FROM "CopyChunk" WHERE "copyId" = ${copy.id} ORDER BY n`;
    const storedBytes = chunks.reduce((sum, c) => sum + Number(c.length), 0);
    const first = chunks[0] ? Buffer.from(chunks[0].head) : null;
    const k: Kept = {
      label,
      storage: done.storage,
      chunks: chunks.length,
      storedBytes,
      // The sealed layout (version byte, IV, ciphertext, tag) and not a plain ZIP ("PK").
      sealed:
        first !== null &&
        first[0] === SEALED_VERSION &&
        first.subarray(0, 2).toString("latin1") !== "PK" &&
        storedBytes === (done.sizeBytes ?? 0) + SEALED_OVERHEAD,
    };
    if (k.storage === "database" && (!k.sealed || chunks.some((c) => Number(c.length) > CHUNK_BYTES))) {
      throw new Error(`${label} build: the stored copy is not sealed in chunks of at most 1 MiB`);
    }
    kept.push(k);
    // Leave the benchmark database as it was: the copy, its request and staff tasks go.
    if (done.filePath) rmSync(done.filePath, { force: true });
    await db.copy.delete({ where: { id: copy.id } });
    await db.request.delete({ where: { id: request.id } });
    return r;
  };
  const show = (label: string, r: ChildResult) =>
    console.log(
      `  ${label.padEnd(24)} ${(r.ms / 1000).toFixed(2)} s  peak RSS ${r.maxRssMb.toFixed(0)} MB  ZIP ${(r.zipBytes / 1e6).toFixed(1)} MB`,
    );

  const results: ChildResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ["baseline", "real", "real-fflate"] as const) {
      const r = await run(mode, big);
      results.push(r);
      show(`run ${i + 1} ${mode}`, r);
    }
  }
  const smallRun = await run("real", small, "real (1/10 history)");
  show("real, 1/10 of the history", smallRun);
  await disconnectDb();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pick = (mode: Mode) => results.filter((r) => r.mode === mode);
  const stat = (mode: Mode) => ({
    ms: median(pick(mode).map((r) => r.ms)),
    rss: median(pick(mode).map((r) => r.maxRssMb)),
    maxRss: Math.max(...pick(mode).map((r) => r.maxRssMb)),
    before: median(pick(mode).map((r) => r.rssBeforeMb)),
  });
  const base = stat("baseline");
  const real = stat("real");
  const alt = stat("real-fflate");
  const ratio = real.ms / base.ms;
  const gates: Gate[] = [
    {
      name: "copy: time against the one-pass baseline",
      measured: `${ratio.toFixed(2)}×`,
      target: `≤ ${TIME_GATE}×`,
      met: ratio <= TIME_GATE,
    },
    {
      name: "copy: peak memory of the build",
      measured: `${real.maxRss.toFixed(0)} MB`,
      target: `< ${RSS_GATE_MB} MB`,
      met: real.maxRss < RSS_GATE_MB,
    },
  ];
  const met = reportGates("copy", gates);

  const inDatabase = kept.every((k) => k.storage === "database");
  const chunkCounts = [...new Set(kept.filter((k) => k.label === "real").map((k) => k.chunks))].join("/");
  const keptText = inDatabase
    ? `sealed with the person's key and stored in the database (${chunkCounts} chunks of ≤ 1 MiB)`
    : `sealed with the person's key and kept as a file (COPY_STORAGE=${kept[0]?.storage ?? "?"})`;
  const mb = (x: number) => `${x.toFixed(0)} MB`;
  const table = [
    `| build (median of ${RUNS}) | time | peak RSS (max) | RSS before the build |`,
    "|---|---:|---:|---:|",
    `| baseline: one pass in memory, fflate ZIP, a plain file | ${(base.ms / 1000).toFixed(2)} s | ${mb(base.rss)} (${mb(base.maxRss)}) | ${mb(base.before)} |`,
    `| **real: copy.build job**, ${keptText} | **${(real.ms / 1000).toFixed(2)} s** | **${mb(real.rss)} (${mb(real.maxRss)})** | ${mb(real.before)} |`,
    `| real build, deflating with fflate's ZipDeflate like the baseline | ${(alt.ms / 1000).toFixed(2)} s | ${mb(alt.rss)} (${mb(alt.maxRss)}) | ${mb(alt.before)} |`,
    `| real build, 1/10 of the history (memory stays flat) | ${(smallRun.ms / 1000).toFixed(2)} s | ${mb(smallRun.maxRssMb)} | ${mb(smallRun.rssBeforeMb)} |`,
    `| **real / baseline** | **${ratio.toFixed(2)} ×**; with fflate ${(alt.ms / base.ms).toFixed(2)} × | | |`,
  ].join("\n");
  console.log(`\n${table}\n`);

  const machine = `${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`;
  const resultsMd = resultsFile();
  if (!existsSync(resultsMd)) writeFileSync(resultsMd, "# Benchmark results\n");
  appendFileSync(
    resultsMd,
    `\n## Copy build: ${ORDERS.toLocaleString("en")} orders, ${WEB_EVENTS.toLocaleString("en")} web events, ${databaseKind()} (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)\n\n` +
      `Machine: ${machine}. Database: ${databaseKind()} (${redact(url)}). Children: ${runner.label}, MALLOC_ARENA_MAX=${ARENAS || "unset"}. MB = MiB.\n\n${table}\n\n${gateTable(gates).join("\n")}\n`,
  );
  rmSync(OUT, { recursive: true, force: true });
  if (!met) process.exitCode = 1;
}

// ---------------------------------------------------------------------------------------------- child

async function child(mode: Mode, id: string, target: string) {
  applyTestEnv();
  const { db } = await import("../lib/db");
  await db.$queryRaw`SELECT 1`;
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  let zipBytes = 0;
  const t0 = performance.now();
  if (mode !== "baseline") {
    const { buildCopy } = await import("../lib/privacy/copy/build");
    const { portalConnector } = await import("../lib/connectors/portal-db");
    const { newsletterConnector } = await import("../lib/connectors/newsletter");
    const { manualConnector } = await import("../lib/connectors/manual");
    const result = await buildCopy(id, {
      connectors: [portalConnector, newsletterConnector({}), manualConnector],
      exportDir: OUT,
      fflateEntries: mode === "real-fflate",
    });
    if (result !== "ready") throw new Error(`build ${result}`);
    zipBytes = (await db.copy.findUniqueOrThrow({ where: { id } })).sizeBytes ?? 0;
  } else {
    await baselineCopy(id, target);
    zipBytes = statSync(target).size;
  }
  const ms = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  report({ mode, ms, maxRssMb, rssBeforeMb, zipBytes } satisfies ChildResult);
  await db.$disconnect();
  process.exit(0);
}

/**
 * The baseline: every table read whole in one query each (pg, the same driver as the real build's
 * reads), every file built in memory with the same encoders, written into a ZIP with fflate. No
 * connectors, paging, spool files, encryption, queue or audit.
 */
async function baselineCopy(personId: string, target: string) {
  const { Zip, ZipDeflate } = await import("fflate");
  const { closeSync, openSync, writeSync } = await import("node:fs");
  const pg = (await import("pg")).default;
  const { db } = await import("../lib/db");
  const { PORTAL_SECTIONS: S } = await import("../lib/connectors/portal-db");
  const { loadDataMap } = await import("../lib/datamap/read");
  const { decryptWith, existingDataKey } = await import("../lib/crypto/keys");
  const { BOM, csvLine } = await import("../lib/privacy/copy/formats");
  const { escapeHtml } = await import("../lib/format/html");
  const { valueFormatter } = await import("../lib/format/values");
  const { art15Document, art15Html, categoryFactsHtml, copyText, htmlHead, rightsHtml } =
    await import("../lib/privacy/copy/art15");
  type Row = import("../lib/connectors/types").Row;
  type Spec = import("../lib/connectors/types").SectionSpec;
  type Any = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

  const client = new pg.Client({
    connectionString: process.env.DATABASE_URL,
    // Timestamps are stored as UTC without a zone: parse them as UTC.
    types: {
      getTypeParser: ((oid: number, format?: "text" | "binary") =>
        oid === 1114
          ? (v: string) => new Date(`${v.replace(" ", "T")}Z`)
          : pg.types.getTypeParser(oid, format)) as never,
    },
  });
  await client.connect();
  const all = async (sql: string): Promise<Any[]> => (await client.query(sql, [personId])).rows;
  const queries = [
    `SELECT p.*, c.id AS "companyId", c.name AS "companyName", c."orgNumber", c."soleTrader", c."contactPerson"
           FROM "Person" p LEFT JOIN "Company" c ON c."personId" = p.id WHERE p.id = $1`,
    `SELECT * FROM "Order" WHERE "personId" = $1 ORDER BY "placedAt" DESC, id DESC`,
    `SELECT i.*, o."orderNumber", o."placedAt" FROM "OrderItem" i JOIN "Order" o ON o.id = i."orderId"
           WHERE o."personId" = $1 ORDER BY o."placedAt" DESC, i.id DESC`,
    `SELECT s.*, o."orderNumber" FROM "Shipment" s JOIN "Order" o ON o.id = s."orderId"
           WHERE o."personId" = $1 ORDER BY s."shippedAt" DESC, s.id DESC`,
    `SELECT * FROM "Invoice" WHERE "personId" = $1 ORDER BY "issuedAt" DESC, id DESC`,
    `SELECT p.*, i."invoiceNumber" FROM "Payment" p LEFT JOIN "Invoice" i ON i.id = p."invoiceId"
           WHERE p."personId" = $1 ORDER BY p."paidAt" DESC, p.id DESC`,
    `SELECT * FROM "CreditCheck" WHERE "personId" = $1 ORDER BY "checkedAt" DESC, id DESC`,
    `SELECT * FROM "WebEvent" WHERE "personId" = $1 ORDER BY "occurredAt" DESC, id DESC`,
    `SELECT channel::text AS channel, topic, status, "legalBasis", "updatedAt" FROM "ConsentState"
           WHERE "personId" = $1 ORDER BY channel, topic`,
    `SELECT *, channel::text AS channel FROM "ConsentEvent" WHERE "personId" = $1 ORDER BY "at" DESC, id DESC`,
    `SELECT * FROM "SocialInteraction" WHERE "personId" = $1 ORDER BY "occurredAt" DESC, id DESC`,
    `SELECT * FROM "SupportContact" WHERE "personId" = $1 ORDER BY "occurredAt" DESC, id DESC`,
    `SELECT * FROM "FormSubmission" WHERE "personId" = $1 ORDER BY "submittedAt" DESC, id DESC`,
    `SELECT * FROM "AuthorityDisclosure" WHERE "personId" = $1 ORDER BY "disclosedAt" DESC, id DESC`,
  ];
  const results: Any[][] = [];
  for (const q of queries) results.push(await all(q));
  const [
    people,
    orders,
    items,
    shipments,
    invoices,
    payments,
    credit,
    web,
    states,
    events,
    social,
    support,
    forms,
    disclosures,
  ] = results as [
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
    Any[],
  ];
  await client.end();
  const person = people[0];
  if (!person) throw new Error("no such person");
  const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
  const pnr = decryptWith(await existingDataKey(db, personId), person.personnummerEnc);
  const webRows: Row[] = web.map((w) => ({
    eventId: Number(w.id),
    occurredAt: iso(w.occurredAt),
    kind: w.kind,
    path: w.path,
    referrer: w.referrer,
    responseMs: w.responseMs,
    ip: w.ip,
    language: w.language,
    browser: w.browser,
    timeZone: w.timeZone,
    os: w.os,
    platform: w.platform,
    screen: w.screen,
    country: w.country,
    city: w.city,
  }));
  const sections: [Spec, Row[]][] = [
    [
      S.contact,
      [
        {
          email: person.email,
          phone: person.phone,
          language: person.language,
          customerNumber: person.externalId,
          registeredAt: iso(person.createdAt),
        },
      ],
    ],
    [
      S.company,
      person.companyId
        ? [
            {
              name: person.companyName,
              orgNumber: person.orgNumber,
              soleTrader: person.soleTrader,
              contactPerson: person.contactPerson,
            },
          ]
        : [],
    ],
    [
      S.identity,
      [
        {
          firstName: person.firstName,
          lastName: person.lastName,
          dateOfBirth: person.dateOfBirth ? String(person.dateOfBirth).slice(0, 10) : null,
          personnummer: pnr,
        },
      ],
    ],
    [
      S.addresses,
      [
        {
          billingStreet: person.billingStreet,
          billingPostcode: person.billingPostcode,
          billingCity: person.billingCity,
          billingCountry: person.billingCountry,
          deliveryStreet: person.deliveryStreet,
          deliveryPostcode: person.deliveryPostcode,
          deliveryCity: person.deliveryCity,
          deliveryCountry: person.deliveryCountry,
          email: person.email,
          mobile: person.phone,
        },
      ],
    ],
    [
      S.orders,
      orders.map((o) => ({
        orderNumber: o.orderNumber,
        placedAt: iso(o.placedAt),
        status: o.status,
        totalOre: o.totalOre,
        currency: o.currency,
      })),
    ],
    [
      S.orderItems,
      items.map((i) => ({
        orderNumber: i.orderNumber,
        placedAt: iso(i.placedAt),
        sku: i.sku,
        description: i.description,
        quantity: i.quantity,
        unitPriceOre: i.unitPriceOre,
      })),
    ],
    [
      S.shipments,
      shipments.map((x) => ({
        orderNumber: x.orderNumber,
        carrier: x.carrier,
        trackingNumber: x.trackingNumber,
        shippedAt: iso(x.shippedAt),
      })),
    ],
    [
      S.invoices,
      invoices.map((v) => ({
        invoiceNumber: v.invoiceNumber,
        issuedAt: iso(v.issuedAt),
        dueAt: iso(v.dueAt),
        amountOre: v.amountOre,
        currency: v.currency,
        status: v.status,
        paidAt: iso(v.paidAt),
        counterparty: v.counterparty,
      })),
    ],
    [
      S.payments,
      payments.map((p) => ({
        paidAt: iso(p.paidAt),
        amountOre: p.amountOre,
        currency: p.currency,
        method: p.method,
        provider: p.provider,
        providerRef: p.providerRef,
        invoiceNumber: p.invoiceNumber ?? null,
      })),
    ],
    [
      S.creditChecks,
      credit.map((c) => ({
        checkedAt: iso(c.checkedAt),
        provider: c.provider,
        outcome: c.outcome,
        limitOre: c.limitOre,
      })),
    ],
    [S.webEvents, webRows],
    [S.devices, webRows],
    [S.locations, webRows],
    [
      S.paymentPartner,
      payments
        .filter((p) => p.sharedWithProvider !== null)
        .map((p) => ({
          paidAt: iso(p.paidAt),
          provider: p.provider,
          providerRef: p.providerRef,
          shared: p.sharedWithProvider,
        })),
    ],
    [
      S.consentStatus,
      states.map((c) => ({
        channel: c.channel,
        topic: c.topic || null,
        status: c.status,
        legalBasis: c.legalBasis,
        updatedAt: iso(c.updatedAt),
      })),
    ],
    [
      S.consentHistory,
      events.map((e) => ({
        at: iso(e.at),
        channel: e.channel,
        topic: e.topic || null,
        action: e.action,
        method: e.method,
        wordingVersion: e.wordingVersion,
        legalBasis: e.legalBasis,
        by: e.actorType,
      })),
    ],
    [
      S.social,
      social.map((x) => ({
        occurredAt: iso(x.occurredAt),
        network: x.network,
        kind: x.kind,
        content: x.content,
      })),
    ],
    [
      S.supportContacts,
      support.map((x) => ({
        occurredAt: iso(x.occurredAt),
        channel: x.channel,
        subject: x.subject,
        summary: x.summary,
      })),
    ],
    [
      S.forms,
      forms.map((f) => ({
        submittedAt: iso(f.submittedAt),
        form: f.form,
        storedIn: f.storedIn,
        message: f.message,
      })),
    ],
    [
      S.disclosures,
      disclosures.map((d) => ({
        disclosedAt: iso(d.disclosedAt),
        authority: d.authority,
        legalBasis: d.legalBasis,
        description: d.description,
      })),
    ],
  ];

  const locale = "sv" as const;
  const map = await loadDataMap(locale);
  const controller = { name: "Exempelbolaget AB", email: "privacy@example.se" };
  const text = copyText(locale);
  const doc = art15Document(map, text, controller, new Date());
  const fmt = valueFormatter(locale);
  const fd = openSync(target, "w");
  const zip = new Zip((err, chunk) => {
    if (err) throw err;
    writeSync(fd, chunk);
  });
  const add = (name: string, content: string) => {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(Buffer.from(content, "utf8"), true);
  };
  const project = (row: Row, spec: Spec) =>
    Object.fromEntries(spec.columns.map((c) => [c.key, row[c.key] ?? null]));

  add("README.txt", "Your copy: data.json, csv/*.csv, report.html, art15.html, art15.json.\r\n");
  const json: string[] = [];
  for (const cat of map) {
    const own = sections.filter(([sec]) => sec.category === cat.key);
    json.push(
      JSON.stringify({
        key: cat.key,
        name: cat.name,
        description: cat.description,
        empty: own.every(([, rows]) => rows.length === 0),
        sections: own.map(([sec, rows]) => ({
          key: sec.key,
          heldBy: sec.heldBy,
          complete: true,
          rowCount: rows.length,
          columns: sec.columns,
          rows: rows.map((r) => project(r, sec)),
        })),
      }),
    );
  }
  add(
    "data.json",
    `{"about":${JSON.stringify({ generatedAt: new Date().toISOString(), language: locale })},"categories":[${json.join(",")}]}`,
  );
  map.forEach((cat, i) => {
    const own = sections.filter(([sec]) => sec.category === cat.key);
    const multi = own.length > 1;
    const columns = [...new Set(own.flatMap(([sec]) => sec.columns.map((c) => c.key)))];
    const lines = [BOM + csvLine(multi ? ["record", ...columns] : columns)];
    for (const [sec, rows] of own) {
      const own2 = new Set(sec.columns.map((c) => c.key));
      for (const r of rows) {
        const values = columns.map((k) => (own2.has(k) ? (r[k] ?? null) : null));
        lines.push(csvLine(multi ? [sec.key, ...values] : values));
      }
    }
    add(`csv/${String(i + 1).padStart(2, "0")}-${cat.key}.csv`, lines.join(""));
  });
  const html: string[] = [htmlHead(locale, "Dina personuppgifter"), "<main>"];
  for (const cat of map) {
    html.push(`<section><h2>${escapeHtml(cat.name)}</h2>`);
    for (const [sec, rows] of sections.filter(([x]) => x.category === cat.key)) {
      html.push(
        `<h3>${escapeHtml(sec.key)}</h3><table><thead><tr>${sec.columns.map((c) => `<th>${escapeHtml(c.key)}</th>`).join("")}</tr></thead><tbody>`,
      );
      for (const r of rows)
        html.push(
          `<tr>${sec.columns.map((c) => `<td>${escapeHtml(fmt.text(c, r[c.key], r))}</td>`).join("")}</tr>\n`,
        );
      html.push("</tbody></table>");
    }
    const facts = doc.categories.find((c) => c.key === cat.key);
    if (facts) html.push(categoryFactsHtml(facts, text));
    html.push("</section>");
  }
  html.push(rightsHtml(doc, text), "</main></body></html>");
  add("report.html", html.join(""));
  add("art15.json", JSON.stringify(doc, null, 2));
  add("art15.html", art15Html(doc, text));
  zip.end();
  closeSync(fd);
  if (!existsSync(target)) throw new Error("baseline wrote nothing");
}
