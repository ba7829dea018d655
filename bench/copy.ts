// Benchmark: building the copy for a customer with 10,000 orders and 100,000 web events.
//
//   DATABASE_URL=postgresql://… npx tsx bench/copy.ts        (BENCH_RUNS=3 by default)
//
// Compares the real build (the "copy.build" job: connectors, spool files, sealed output, staff tasks,
// audit, email) with a baseline that reads the same rows in one pass (one query per table, all in
// memory) and writes the same files (JSON, CSV, HTML, Art. 15) into a ZIP with fflate, with no queue,
// connectors or audit. Each build runs in a child process that reports its own time and peak RSS
// (process.resourceUsage().maxRSS). Targets: real ≤ 1.5 × baseline time, real peak RSS < 256 MB.
//
// The children run as compiled JavaScript (bundled here with esbuild, the way a deployment runs
// compiled code); BENCH_RUNNER=tsx runs them through the TypeScript loader instead, which alone adds
// roughly 60–90 MB to any process (its own transform worker and source maps).
import { spawn } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { applyTestEnv } from "../test/test-env";

type Mode = "real" | "baseline";
type ChildResult = { mode: Mode; ms: number; maxRssMb: number; rssBeforeMb: number; zipBytes: number };

const ORDERS = Number(process.env.BENCH_ORDERS ?? 10_000);
const WEB_EVENTS = Number(process.env.BENCH_WEB_EVENTS ?? 100_000);
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BENCH_EMAIL = "bench-copy@bench.example";
const OUT = path.resolve(".data/bench-copy");

const args = process.argv.slice(2);
if (args[0] === "--child") {
  child(args[1] as Mode, args[2]!, args[3]!).catch((err) => {
    console.error(`[bench child] ${(err as Error)?.stack ?? err}`);
    process.exit(1);
  });
} else {
  main().catch((err) => {
    console.error(`[bench] ${(err as Error)?.stack ?? err}`);
    process.exit(1);
  });
}

// ---------------------------------------------------------------------------------------------- parent

async function main() {
  // Keys for a benchmark database only (the test keys), unless real ones are set.
  applyTestEnv();
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error("Set DATABASE_URL to a PostgreSQL database for the benchmark.");
  const { deployMigrations } = await import("../lib/db/schema-engine");
  const { ensureQueues } = await import("../lib/jobs/queue");
  await deployMigrations(url);
  await ensureQueues(url);
  const { db, disconnectDb } = await import("../lib/db");
  const { seedDataMap } = await import("../lib/datamap/policy-map");
  const { seedBulkHistory } = await import("../lib/seed/demo");
  const { encryptForPerson } = await import("../lib/crypto/keys");
  await db.$transaction((tx) => seedDataMap(tx));

  let person = await db.person.findUnique({ where: { email: BENCH_EMAIL } });
  if (!person) {
    person = await db.person.create({
      data: {
        email: BENCH_EMAIL,
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
  console.log(`Seeding ${ORDERS} orders and ${WEB_EVENTS} web events (skipped where present)…`);
  await seedBulkHistory(person.id, { orders: ORDERS, webEvents: WEB_EVENTS });
  // Fresh statistics after a bulk load, as autovacuum would give a long-lived database.
  await db.$executeRawUnsafe(`ANALYZE "Order", "OrderItem", "Shipment", "Invoice", "Payment", "WebEvent"`);

  rmSync(OUT, { recursive: true, force: true });
  mkdirSync(OUT, { recursive: true });
  const runner = await childCommand();
  console.log(`Children run as: ${runner.label}`);

  const results: ChildResult[] = [];
  for (let i = 0; i < RUNS; i++) {
    for (const mode of ["baseline", "real"] as const) {
      let target = path.join(OUT, `baseline-${i}.zip`);
      let copyId = "";
      if (mode === "real") {
        const request = await db.request.create({
          data: {
            personId: person.id,
            type: "copy",
            status: "in_progress",
            receivedAt: new Date(),
            dueAt: new Date(Date.now() + 30 * 86_400_000),
          },
        });
        const copy = await db.copy.create({
          data: { personId: person.id, requestId: request.id, free: false, status: "queued" },
        });
        copyId = copy.id;
        target = copy.id;
      }
      const r = await runChild(runner, mode, mode === "real" ? copyId : person.id, target);
      results.push(r);
      console.log(
        `  run ${i + 1} ${mode.padEnd(8)} ${(r.ms / 1000).toFixed(2)} s  peak RSS ${r.maxRssMb.toFixed(0)} MB  ZIP ${(r.zipBytes / 1e6).toFixed(1)} MB`,
      );
      if (mode === "real") {
        const copy = await db.copy.findUniqueOrThrow({ where: { id: copyId } });
        if (copy.status !== "ready") throw new Error(`real build ended ${copy.status} (${copy.error})`);
        // Leave the benchmark database as it was: the copy, its request and staff tasks go.
        if (copy.filePath) rmSync(copy.filePath, { force: true });
        await db.copy.delete({ where: { id: copyId } });
        await db.request.delete({ where: { id: copy.requestId! } });
      } else {
        rmSync(target, { force: true });
      }
    }
  }
  await disconnectDb();

  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const pick = (mode: Mode) => results.filter((r) => r.mode === mode);
  const base = { ms: median(pick("baseline").map((r) => r.ms)), rss: median(pick("baseline").map((r) => r.maxRssMb)) };
  const real = { ms: median(pick("real").map((r) => r.ms)), rss: median(pick("real").map((r) => r.maxRssMb)) };
  const realPeak = Math.max(...pick("real").map((r) => r.maxRssMb));
  const realBefore = median(pick("real").map((r) => r.rssBeforeMb));
  const ratio = real.ms / base.ms;
  const timeOk = ratio <= 1.5;
  const rssOk = realPeak < 256;

  const table = [
    `| build (median of ${RUNS}) | time | peak RSS | RSS before the build |`,
    "|---|---:|---:|---:|",
    `| baseline: one pass in memory, fflate ZIP | ${(base.ms / 1000).toFixed(2)} s | ${base.rss.toFixed(0)} MB | ${median(pick("baseline").map((r) => r.rssBeforeMb)).toFixed(0)} MB |`,
    `| real: copy.build job | ${(real.ms / 1000).toFixed(2)} s | ${real.rss.toFixed(0)} MB (max ${realPeak.toFixed(0)}) | ${realBefore.toFixed(0)} MB |`,
    `| ratio real / baseline | ${ratio.toFixed(2)} × (target ≤ 1.5: ${timeOk ? "met" : "NOT met"}) | target < 256 MB: ${rssOk ? "met" : "NOT met"} | |`,
  ].join("\n");
  console.log(`\n${table}\n`);

  const machine = `${os.cpus()[0]?.model ?? "cpu"} × ${os.cpus().length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, ${os.type()} ${os.release()}, Node ${process.version}`;
  const results_md = path.resolve("bench/RESULTS.md");
  if (!existsSync(results_md)) writeFileSync(results_md, "# Benchmark results\n");
  appendFileSync(
    results_md,
    `\n## Copy build: ${ORDERS.toLocaleString("en")} orders, ${WEB_EVENTS.toLocaleString("en")} web events (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC)\n\n` +
      `Machine: ${machine}. Database: PostgreSQL (${redact(url)}). Children: ${runner.label}.\n\n${table}\n`,
  );
  rmSync(OUT, { recursive: true, force: true });
  if (!timeOk || !rssOk) process.exitCode = 1;
}

type Runner = { label: string; argv: (mode: Mode, id: string, target: string) => string[] };

async function childCommand(): Promise<Runner> {
  const tsx: Runner = {
    label: "node --import tsx bench/copy.ts",
    argv: (mode, id, target) => ["--import", "tsx", "bench/copy.ts", "--child", mode, id, target],
  };
  if (process.env.BENCH_RUNNER === "tsx") return tsx;
  try {
    const esbuild = await import("esbuild");
    const outfile = path.join(OUT, "copy-child.mjs");
    await esbuild.build({
      entryPoints: ["bench/copy.ts"],
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      packages: "external",
      outfile,
      logLevel: "silent",
    });
    return {
      label: "compiled JavaScript (esbuild bundle of bench/copy.ts, node_modules external)",
      argv: (mode, id, target) => [outfile, "--child", mode, id, target],
    };
  } catch {
    return tsx;
  }
}

function runChild(runner: Runner, mode: Mode, id: string, target: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, runner.argv(mode, id, target), {
      env: { ...process.env, EXPORT_DIR: OUT },
      stdio: ["ignore", "pipe", "inherit"],
    });
    let out = "";
    child.stdout.on("data", (d) => (out += d));
    child.on("exit", (code) => {
      const line = out.split("\n").find((l) => l.startsWith("BENCH "));
      if (code !== 0 || !line) return reject(new Error(`${mode} child exited with ${code}`));
      resolve(JSON.parse(line.slice(6)) as ChildResult);
    });
  });
}

function redact(url: string): string {
  return url.replace(/\/\/[^@]*@/, "//").replace(/\?.*$/, "");
}

// ---------------------------------------------------------------------------------------------- child

async function child(mode: Mode, id: string, target: string) {
  applyTestEnv();
  const { db } = await import("../lib/db");
  await db.$queryRaw`SELECT 1`;
  const rssBeforeMb = process.memoryUsage().rss / 2 ** 20;
  let zipBytes = 0;
  const t0 = performance.now();
  if (mode === "real") {
    const { buildCopy } = await import("../lib/privacy/copy/build");
    const { portalConnector } = await import("../lib/connectors/portal-db");
    const { newsletterConnector } = await import("../lib/connectors/newsletter");
    const { manualConnector } = await import("../lib/connectors/manual");
    const result = await buildCopy(id, {
      connectors: [portalConnector, newsletterConnector({}), manualConnector],
      exportDir: OUT,
    });
    if (result !== "ready") throw new Error(`build ${result}`);
    zipBytes = (await db.copy.findUniqueOrThrow({ where: { id } })).sizeBytes ?? 0;
  } else {
    await baselineCopy(id, target);
    zipBytes = statSync(target).size;
  }
  const ms = performance.now() - t0;
  const maxRssMb = process.resourceUsage().maxRSS / 1024;
  process.stdout.write(`BENCH ${JSON.stringify({ mode, ms, maxRssMb, rssBeforeMb, zipBytes })}\n`);
  await db.$disconnect();
  process.exit(0);
}

/**
 * The baseline: every table read whole in one query each, every file built in memory with the same
 * encoders, written into a ZIP with fflate. No connectors, spool files, encryption, queue or audit.
 */
async function baselineCopy(personId: string, target: string) {
  const { Zip, ZipDeflate } = await import("fflate");
  const { closeSync, openSync, writeSync } = await import("node:fs");
  const { db } = await import("../lib/db");
  const { PORTAL_SECTIONS: S } = await import("../lib/connectors/portal-db");
  const { loadDataMap } = await import("../lib/datamap/read");
  const { decryptWith, existingDataKey } = await import("../lib/crypto/keys");
  const { BOM, cellFormatter, csvLine, escapeHtml } = await import("../lib/privacy/copy/formats");
  const { art15Document, art15Html, categoryFactsHtml, copyText, htmlHead, rightsHtml } = await import(
    "../lib/privacy/copy/art15"
  );
  type Row = import("../lib/connectors/types").Row;
  type Spec = import("../lib/connectors/types").SectionSpec;

  const where = { personId };
  const desc = "desc" as const;
  const [person, orders, items, shipments, invoices, payments, credit, web, states, events, social, support, forms, disclosures] =
    await Promise.all([
      db.person.findUniqueOrThrow({ where: { id: personId }, include: { company: true } }),
      db.order.findMany({ where, orderBy: [{ placedAt: desc }, { id: desc }] }),
      db.orderItem.findMany({
        where: { order: where },
        include: { order: { select: { orderNumber: true, placedAt: true } } },
        orderBy: [{ order: { placedAt: desc } }, { id: desc }],
      }),
      db.shipment.findMany({
        where: { order: where },
        include: { order: { select: { orderNumber: true } } },
        orderBy: [{ shippedAt: desc }, { id: desc }],
      }),
      db.invoice.findMany({ where, orderBy: [{ issuedAt: desc }, { id: desc }] }),
      db.payment.findMany({
        where,
        include: { invoice: { select: { invoiceNumber: true } } },
        orderBy: [{ paidAt: desc }, { id: desc }],
      }),
      db.creditCheck.findMany({ where, orderBy: [{ checkedAt: desc }, { id: desc }] }),
      db.webEvent.findMany({ where, orderBy: [{ occurredAt: desc }, { id: desc }] }),
      db.consentState.findMany({ where }),
      db.consentEvent.findMany({ where, orderBy: [{ at: desc }, { id: desc }] }),
      db.socialInteraction.findMany({ where, orderBy: [{ occurredAt: desc }, { id: desc }] }),
      db.supportContact.findMany({ where, orderBy: [{ occurredAt: desc }, { id: desc }] }),
      db.formSubmission.findMany({ where, orderBy: [{ submittedAt: desc }, { id: desc }] }),
      db.authorityDisclosure.findMany({ where, orderBy: [{ disclosedAt: desc }, { id: desc }] }),
    ]);
  const iso = (d: Date | null) => (d ? d.toISOString() : null);
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
    [S.contact, [{ email: person.email, phone: person.phone, language: person.language, customerNumber: person.externalId, registeredAt: iso(person.createdAt) }]],
    [S.company, person.company ? [{ name: person.company.name, orgNumber: person.company.orgNumber, soleTrader: person.company.soleTrader, contactPerson: person.company.contactPerson }] : []],
    [S.identity, [{ firstName: person.firstName, lastName: person.lastName, dateOfBirth: person.dateOfBirth?.toISOString().slice(0, 10) ?? null, personnummer: pnr }]],
    [S.addresses, [{ billingStreet: person.billingStreet, billingPostcode: person.billingPostcode, billingCity: person.billingCity, billingCountry: person.billingCountry, deliveryStreet: person.deliveryStreet, deliveryPostcode: person.deliveryPostcode, deliveryCity: person.deliveryCity, deliveryCountry: person.deliveryCountry, email: person.email, mobile: person.phone }]],
    [S.orders, orders.map((o) => ({ orderNumber: o.orderNumber, placedAt: iso(o.placedAt), status: o.status, totalOre: o.totalOre, currency: o.currency }))],
    [S.orderItems, items.map((i) => ({ orderNumber: i.order.orderNumber, placedAt: iso(i.order.placedAt), sku: i.sku, description: i.description, quantity: i.quantity, unitPriceOre: i.unitPriceOre }))],
    [S.shipments, shipments.map((s) => ({ orderNumber: s.order.orderNumber, carrier: s.carrier, trackingNumber: s.trackingNumber, shippedAt: iso(s.shippedAt) }))],
    [S.invoices, invoices.map((v) => ({ invoiceNumber: v.invoiceNumber, issuedAt: iso(v.issuedAt), dueAt: iso(v.dueAt), amountOre: v.amountOre, currency: v.currency, status: v.status, paidAt: iso(v.paidAt), counterparty: v.counterparty as Row[string] }))],
    [S.payments, payments.map((p) => ({ paidAt: iso(p.paidAt), amountOre: p.amountOre, currency: p.currency, method: p.method, provider: p.provider, providerRef: p.providerRef, invoiceNumber: p.invoice?.invoiceNumber ?? null }))],
    [S.creditChecks, credit.map((c) => ({ checkedAt: iso(c.checkedAt), provider: c.provider, outcome: c.outcome, limitOre: c.limitOre }))],
    [S.webEvents, webRows],
    [S.devices, webRows],
    [S.locations, webRows],
    [S.paymentPartner, payments.filter((p) => p.sharedWithProvider !== null).map((p) => ({ paidAt: iso(p.paidAt), provider: p.provider, providerRef: p.providerRef, shared: p.sharedWithProvider as Row[string] }))],
    [S.consentStatus, states.map((c) => ({ channel: c.channel, topic: c.topic || null, status: c.status, legalBasis: c.legalBasis, updatedAt: iso(c.updatedAt) }))],
    [S.consentHistory, events.map((e) => ({ at: iso(e.at), channel: e.channel, topic: e.topic || null, action: e.action, method: e.method, wordingVersion: e.wordingVersion, legalBasis: e.legalBasis, by: e.actorType }))],
    [S.social, social.map((s) => ({ occurredAt: iso(s.occurredAt), network: s.network, kind: s.kind, content: s.content }))],
    [S.supportContacts, support.map((s) => ({ occurredAt: iso(s.occurredAt), channel: s.channel, subject: s.subject, summary: s.summary }))],
    [S.forms, forms.map((f) => ({ submittedAt: iso(f.submittedAt), form: f.form, storedIn: f.storedIn, message: f.message }))],
    [S.disclosures, disclosures.map((d) => ({ disclosedAt: iso(d.disclosedAt), authority: d.authority, legalBasis: d.legalBasis, description: d.description }))],
  ];

  const locale = "sv" as const;
  const map = await loadDataMap(locale);
  const controller = { name: "Exempelbolaget AB", email: "privacy@example.se" };
  const text = copyText(locale);
  const doc = art15Document(map, text, controller, new Date());
  const fmt = cellFormatter(locale);
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
  const project = (row: Row, spec: Spec) => Object.fromEntries(spec.columns.map((c) => [c.key, row[c.key] ?? null]));

  add("README.txt", "Your copy: data.json, csv/*.csv, report.html, art15.html, art15.json.\r\n");
  const json: string[] = [];
  for (const cat of map) {
    const own = sections.filter(([s]) => s.category === cat.key);
    json.push(
      JSON.stringify({
        key: cat.key,
        name: cat.name,
        description: cat.description,
        empty: own.every(([, rows]) => rows.length === 0),
        sections: own.map(([s, rows]) => ({
          key: s.key,
          heldBy: s.heldBy,
          complete: true,
          rowCount: rows.length,
          columns: s.columns,
          rows: rows.map((r) => project(r, s)),
        })),
      }),
    );
  }
  add("data.json", `{"about":${JSON.stringify({ generatedAt: new Date().toISOString(), language: locale })},"categories":[${json.join(",")}]}`);
  map.forEach((cat, i) => {
    const own = sections.filter(([s]) => s.category === cat.key);
    const multi = own.length > 1;
    const columns = [...new Set(own.flatMap(([s]) => s.columns.map((c) => c.key)))];
    const lines = [BOM + csvLine(multi ? ["record", ...columns] : columns)];
    for (const [s, rows] of own) {
      for (const r of rows) {
        const values = columns.map((k) => (s.columns.some((c) => c.key === k) ? (r[k] ?? null) : null));
        lines.push(csvLine(multi ? [s.key, ...values] : values));
      }
    }
    add(`csv/${String(i + 1).padStart(2, "0")}-${cat.key}.csv`, lines.join(""));
  });
  const html: string[] = [htmlHead(locale, "Dina personuppgifter"), "<main>"];
  for (const cat of map) {
    html.push(`<section><h2>${escapeHtml(cat.name)}</h2>`);
    for (const [s, rows] of sections.filter(([sec]) => sec.category === cat.key)) {
      html.push(`<h3>${escapeHtml(s.key)}</h3><table><thead><tr>${s.columns.map((c) => `<th>${escapeHtml(c.key)}</th>`).join("")}</tr></thead><tbody>`);
      for (const r of rows) html.push(`<tr>${s.columns.map((c) => `<td>${escapeHtml(fmt(c, r[c.key], r.currency))}</td>`).join("")}</tr>\n`);
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
