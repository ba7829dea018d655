// Worker crash (reliability suite): the real job worker (scripts/worker.ts, pg-boss) is killed with
// SIGKILL in the middle of a copy build and in the middle of an erasure, a new worker process is
// started, and both jobs complete correctly, within seconds rather than the queue's 15-minute expiry.
//
// What it proves:
// 1. Copy: killed while writing the ZIP of a long history (a half-written .part file and the build
//    folder on disk), nothing is offered: the copy is not ready, has no file, cannot be downloaded,
//    no email went out, and asking again does not start a second copy. The next worker retries the
//    abandoned job (lib/jobs/lease.ts) and builds it once: one ready copy, one file, nothing left in
//    EXPORT_DIR, one free copy used, one "your copy is ready" email, one audit entry, staff tasks not
//    duplicated; the ZIP opens and holds the same content as a copy built without interruption.
// 2. Erasure: killed inside the portal_data step's transaction (nothing of it committed), the next
//    worker resumes at that step and ends exactly where an uninterrupted erasure of an identical
//    person ends (test/erasure-outcome.ts), with no data of the person left in EXPORT_DIR.
// 3. The default lease brings an abandoned job back well within a minute.
//
// The workers run on a database of this file's own (test/fresh-database.ts): a real worker takes
// every job it finds, and must not take other test files' jobs. The crash points are in
// test/worker-crash-run.ts, which only this test starts. The lease is shortened to 2 s
// (WORKER_LEASE_SECONDS) to keep the file quick.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { strFromU8, unzipSync } from "fflate";
import { describe, expect, it } from "vitest";
import type { PersonActor } from "../lib/auth/actor";
import { existingDataKey } from "../lib/crypto/keys";
import { db } from "../lib/db";
import { cleanupReceipt } from "../lib/erasure/run";
import { STEP_NAMES } from "../lib/erasure/steps/types";
import { dueDeletionRequest, makeRichPerson } from "./erasure-fixtures";
import { uniqueTag } from "./unique-tag";
import { scanFiles } from "./erasure-scan";
import { DEFAULT_LEASE_SECONDS, JOB_EXPIRY_SECONDS, leaseConfig } from "../lib/jobs/lease";
import { buildCopy } from "../lib/privacy/copy/build";
import { openCopyDownload } from "../lib/privacy/copy/download";
import { countedFreeCopies, freeCopyStatus } from "../lib/privacy/copy/free-copy";
import { copyLinkQuery } from "../lib/privacy/copy/link";
import { requestCopy } from "../lib/privacy/copy/request-copy";
import { openStoredCopy } from "../lib/privacy/copy/copy-store";
import { SEALED_OVERHEAD } from "../lib/privacy/copy/sealed-file";
import { erasureOutcome, stepsOf } from "./erasure-outcome";
import { uniqueEmail } from "./factories";
import { startWorkerProcess, waitUntil, workerTestSetup } from "./worker-process";

const LEASE_SECONDS = 2;
const ORDERS = 200;
const WEB_EVENTS = 5_000;

const setup = workerTestSetup("worker_crash");
const tempDir = setup.tempDir;

/** This process and the workers it starts use `exportDir` for copies. */
function useExportDir(exportDir: string): Record<string, string> {
  process.env.EXPORT_DIR = exportDir;
  return {
    DATABASE_URL: setup.database().url,
    EXPORT_DIR: exportDir,
    WORKER_LEASE_SECONDS: String(LEASE_SECONDS),
    DATABASE_POOL_SIZE: "4",
    MALLOC_ARENA_MAX: "2",
  };
}

function personActor(personId: string): PersonActor {
  return {
    kind: "person",
    personId,
    sessionId: `s-${personId}`,
    userId: `u-${personId}`,
    signedInAt: new Date(),
  };
}

async function jobOf(queue: string, key: string, value: string) {
  const rows = await db.$queryRawUnsafe<{ state: string; retry_count: number }[]>(
    `SELECT state::text AS state, retry_count FROM pgboss.job
     WHERE name = $1 AND data->>'${key}' = $2 AND data->>'phase' IS NULL`,
    queue,
    value,
  );
  return rows;
}

/** A customer with a long history: orders with items and shipments, invoices, payments, web events. */
async function makeLongHistoryPerson() {
  const tag = uniqueTag();
  const person = await db.person.create({
    data: {
      email: uniqueEmail("copy"),
      externalId: `K-${tag}`,
      firstName: `Kopia${tag}`,
      lastName: "Historiksson",
      phone: "+46701740123",
      language: "sv",
      billingStreet: "Långgatan 1",
      billingPostcode: "111 11",
      billingCity: "Stockholm",
      billingCountry: "SE",
      lastActiveAt: new Date(),
    },
  });
  const personId = person.id;
  // Generated in the database (quick on both servers): dates and values are fixed, so two copies of
  // this history are the same byte for byte apart from when they were made.
  await db.$executeRaw`
    INSERT INTO "Order" (id, "personId", "externalId", "orderNumber", "placedAt", status, "totalOre")
    SELECT 'ord-' || ${tag} || '-' || i, ${personId}, 'o-' || ${tag} || '-' || i, 'O-' || ${tag} || '-' || i,
           timestamp '2021-01-04 09:00' + i * interval '3 days',
           CASE WHEN i % 10 = 0 THEN 'returned' ELSE 'delivered' END, 10000 + i * 37
    FROM generate_series(0, ${ORDERS - 1}::int) AS i`;
  await db.$executeRaw`
    INSERT INTO "OrderItem" (id, "orderId", sku, description, quantity, "unitPriceOre")
    SELECT 'it-' || o.id || '-' || k, o.id, CASE WHEN k = 0 THEN 'SKU-' || (o."totalOre" % 17) ELSE 'SKU-FRAKT' END,
           CASE WHEN k = 0 THEN 'Vara ' || o."orderNumber" ELSE 'Frakt' END, 1 + k, 6000 - k * 2000
    FROM "Order" o CROSS JOIN generate_series(0, 1) AS k WHERE o."personId" = ${personId}`;
  await db.$executeRaw`
    INSERT INTO "Shipment" (id, "orderId", carrier, "trackingNumber", "shippedAt")
    SELECT 'sh-' || o.id, o.id, CASE WHEN o."totalOre" % 2 = 0 THEN 'PostNord' ELSE 'DHL' END,
           'TR' || o."externalId", o."placedAt" + interval '1 day'
    FROM "Order" o WHERE o."personId" = ${personId}`;
  await db.$executeRaw`
    INSERT INTO "Invoice" (id, "personId", "externalId", "invoiceNumber", "issuedAt", "dueAt", "amountOre", status,
                           "paidAt", counterparty)
    SELECT 'inv-' || o.id, ${personId}, 'i-' || o."externalId", 'F-' || o."orderNumber", o."placedAt",
           o."placedAt" + interval '30 days', o."totalOre", 'paid', o."placedAt" + interval '10 days',
           jsonb_build_object('name', ${person.firstName + " " + person.lastName}::text, 'city', 'Stockholm')
    FROM "Order" o WHERE o."personId" = ${personId}`;
  await db.$executeRaw`
    INSERT INTO "Payment" (id, "personId", "invoiceId", "externalId", "paidAt", "amountOre", method, provider,
                           "sharedWithProvider")
    SELECT 'pay-' || i.id, ${personId}, i.id, 'p-' || i."externalId", i."paidAt", i."amountOre", 'card', 'PayPal',
           jsonb_build_object('payerEmail', ${person.email}::text, 'cardLast4', '4242')
    FROM "Invoice" i WHERE i."personId" = ${personId}`;
  await db.$executeRaw`
    INSERT INTO "WebEvent" ("personId", "occurredAt", kind, path, referrer, "responseMs", ip, language, browser,
                            "timeZone", os, platform, screen, country, city)
    SELECT ${personId}, timestamp '2021-01-04 09:00' + i * interval '10 minutes',
           CASE WHEN i % 5 = 0 THEN 'click' ELSE 'page_view' END, '/produkter/' || (i % 211),
           CASE WHEN i % 7 = 0 THEN 'https://www.example.com/' END, 40 + i % 300, '192.0.2.' || (i % 250), 'sv-SE',
           (ARRAY['Firefox', 'Safari', 'Chrome'])[1 + i % 3], 'Europe/Stockholm',
           CASE WHEN i % 2 = 0 THEN 'macOS' ELSE 'Linux' END, 'desktop', '1920x1080', 'SE',
           (ARRAY['Stockholm', 'Göteborg', 'Malmö', 'Uppsala'])[1 + i % 4]
    FROM generate_series(0, ${WEB_EVENTS - 1}::int) AS i`;
  return person;
}

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** The copy's entries with what depends on the moment of building masked. */
function comparable(files: Record<string, Uint8Array>): Record<string, unknown> {
  const data = JSON.parse(strFromU8(files["data.json"]!)) as { about: { generatedAt: string } };
  const generatedAt = new Date(data.about.generatedAt);
  const stamps = [
    data.about.generatedAt,
    new Intl.DateTimeFormat("sv-SE", {
      timeZone: "Europe/Stockholm",
      dateStyle: "long",
      timeStyle: "short",
    }).format(generatedAt),
    new Intl.DateTimeFormat("sv-SE", { timeZone: "Europe/Stockholm", dateStyle: "long" }).format(generatedAt),
  ];
  const out: Record<string, unknown> = {};
  for (const [name, bytes] of Object.entries(files)) {
    let text = Buffer.from(bytes).toString("utf8");
    for (const s of stamps) text = text.replaceAll(s, "GENERATED_AT");
    out[name] = name.endsWith(".json") ? JSON.parse(text) : text;
  }
  return out;
}

describe("the lease that brings back a dead worker's jobs", () => {
  it("by default, an abandoned job is retried well within a minute", () => {
    const lease = leaseConfig({});
    expect(lease.leaseSeconds).toBe(DEFAULT_LEASE_SECONDS);
    // Lapsed lease + the next sweep + the first retry's backoff (2–4 s) + polling (0.5 s).
    expect(lease.leaseSeconds + lease.sweepMs / 1000 + 4 + 0.5).toBeLessThan(60);
    // Far shorter than a job's expiry, which stays the limit on one run.
    expect(lease.leaseSeconds * 10).toBeLessThan(JOB_EXPIRY_SECONDS);
    expect(() => leaseConfig({ WORKER_LEASE_SECONDS: "0" })).toThrow();
    expect(() => leaseConfig({ WORKER_LEASE_SECONDS: String(JOB_EXPIRY_SECONDS) })).toThrow();
  });
});

/** A copy requested through the portal for a person with a long history, and where its files go. */
async function requestedCopy(workerEnv: Record<string, string>) {
  const person = await makeLongHistoryPerson();
  const actor = personActor(person.id);
  const requested = await requestCopy(actor);
  if (requested.kind !== "free") throw new Error(`expected a free copy, got ${requested.kind}`);
  const dir = workerEnv.EXPORT_DIR!;
  return { person, actor, ...requested, dir };
}
type RequestedCopy = Awaited<ReturnType<typeof requestedCopy>>;

/** At the crash point, before the kill: the build is writing the ZIP. */
function expectHalfWritten(c: RequestedCopy) {
  const names = readdirSync(c.dir);
  const part = names.filter((n) => n.startsWith(`${c.copyId}.`) && n.endsWith(".zip.enc.part"));
  const work = names.filter((n) => n.startsWith(`.work-${c.copyId}.`));
  expect(part).toHaveLength(1);
  expect(statSync(path.join(c.dir, part[0]!)).size).toBeGreaterThan(SEALED_OVERHEAD);
  expect(work).toHaveLength(1);
  expect(readdirSync(path.join(c.dir, work[0]!)).length).toBeGreaterThan(0);
}

/** After the kill: nothing is offered, and asking again does not start a second copy. */
async function expectNothingOffered(c: RequestedCopy) {
  const mid = await db.copy.findUniqueOrThrow({ where: { id: c.copyId } });
  expect(mid).toMatchObject({ status: "building", filePath: null, readyAt: null, expiresAt: null });
  expect(mid.progress).toBeLessThan(100);
  expect((await db.request.findUniqueOrThrow({ where: { id: c.requestId } })).status).toBe("in_progress");
  expect(await db.emailMessage.count({ where: { personId: c.person.id, kind: "copyReady" } })).toBe(0);
  const link = copyLinkQuery(c.copyId, c.person.id, new Date(Date.now() + 86_400_000));
  await expect(openCopyDownload(c.actor, { copyId: c.copyId, ...link })).rejects.toMatchObject({
    code: "not_found",
  });
  // Asking again is the same copy, not a second one; the free copy is taken by it.
  expect(await requestCopy(c.actor)).toEqual({ kind: "in_progress", copyId: c.copyId });
}

/**
 * After the build ran again: one ready copy and its one file, nothing else in EXPORT_DIR, one free copy
 * used, one "your copy is ready" email (`mailStatus`: delivered by a worker, or still queued) with
 * one delivery job, one audit entry, staff tasks not doubled; the ZIP opens, holds the whole history
 * and is the same as a copy of the same person built in one go (apart from when it was made).
 */
async function expectBuiltOnceAndComplete(c: RequestedCopy, mailStatus: "outbox" | "queued") {
  const { person, copyId, requestId } = c;
  const copy = await db.copy.findUniqueOrThrow({ where: { id: copyId } });
  expect(copy).toMatchObject({ status: "ready", progress: 100, error: null });
  // The killed attempt's part file and work folder are gone with it; the copy is kept in the database,
  // whole (the sealed file's bytes, in order).
  expect(readdirSync(c.dir)).toEqual([]);
  expect(copy).toMatchObject({ storage: "database", filePath: null });
  const chunks = await db.$queryRaw<{ n: number; bytes: number }[]>`
    SELECT count(*)::int AS n, sum(length(data))::int AS bytes FROM "CopyChunk" WHERE "copyId" = ${copyId}`;
  expect(chunks[0]!.bytes).toBe(copy.sizeBytes! + SEALED_OVERHEAD);
  expect(await db.copy.count({ where: { personId: person.id } })).toBe(1);
  const now = new Date();
  expect(await db.copy.count({ where: countedFreeCopies(person.id, now, 12) })).toBe(1);
  expect(await freeCopyStatus(db, person.id, now, 12)).toMatchObject({ available: false });
  const mails = await db.emailMessage.findMany({ where: { personId: person.id } });
  expect(mails.map((m) => [m.kind, m.to, m.status])).toEqual([["copyReady", person.email, mailStatus]]);
  const mailJobs = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'id' = ${mails[0]!.id}`;
  expect(mailJobs[0]!.n).toBe(1);
  expect(await db.auditEntry.count({ where: { action: "copy.built", targetId: copyId } })).toBe(1);
  const tasks = await db.recipientTask.findMany({ where: { requestId } });
  expect(tasks.map((t) => `${t.recipientKey}:${t.kind}`).sort()).toEqual(
    ["google_analytics", "m365", "newsletter", "paypal", "transport", "wix"].map((k) => `${k}:search`),
  );
  // Open until staff have searched those recipients, as after any build.
  expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("in_progress");

  // The person downloads it; the ZIP opens and holds the whole history.
  const download = await openCopyDownload(c.actor, {
    copyId,
    ...copyLinkQuery(copyId, person.id, copy.expiresAt!),
  });
  const files = unzipSync(new Uint8Array(await readAll(download.stream)));
  type Section = { key: string; rowCount: number; complete: boolean; rows: unknown[] };
  const data = JSON.parse(strFromU8(files["data.json"]!)) as {
    categories: { key: string; sections: Section[] }[];
  };
  const sections = new Map(data.categories.flatMap((cat) => cat.sections.map((s) => [s.key, s] as const)));
  expect(sections.get("orders")).toMatchObject({ rowCount: ORDERS, complete: true });
  expect(sections.get("order_items")).toMatchObject({ rowCount: 2 * ORDERS, complete: true });
  expect(sections.get("invoices")).toMatchObject({ rowCount: ORDERS, complete: true });
  expect(sections.get("web_events")).toMatchObject({ rowCount: WEB_EVENTS, complete: true });
  for (const s of sections.values()) expect(s.rows, s.key).toHaveLength(s.rowCount);

  const refDir = tempDir("worker-crash-ref-");
  const ref = await db.copy.create({ data: { personId: person.id, free: false, status: "queued" } });
  expect(await buildCopy(ref.id, { exportDir: refDir })).toBe("ready");
  const refCopy = await db.copy.findUniqueOrThrow({ where: { id: ref.id } });
  const sealed = await openStoredCopy(refCopy, (await existingDataKey(db, person.id))!);
  const refFiles = unzipSync(new Uint8Array(await readAll(sealed!.stream)));
  expect(Object.keys(files).sort()).toEqual(Object.keys(refFiles).sort());
  expect(comparable(files)).toEqual(comparable(refFiles));
}

describe("worker killed with SIGKILL, then started again", () => {
  it("copy: nothing half-built is offered, and the next worker builds the copy once and completely", async () => {
    const workerEnv = useExportDir(tempDir("worker-crash-copy-"));
    const c = await requestedCopy(workerEnv);
    const { copyId } = c;

    // 1. The worker is killed while it writes the ZIP.
    const crashing = startWorkerProcess("test/worker-crash-run.ts", {
      ...workerEnv,
      WORKER_CRASH_AT: "copy.build:progress:85",
    });
    expect(await crashing.waitForLine(/^CRASH_POINT /, 60_000)).toBe(
      `CRASH_POINT copy.build:progress:85 ${copyId}`,
    );
    expectHalfWritten(c);
    expect(await crashing.kill()).toEqual({ code: null, signal: "SIGKILL" });
    const killedAt = Date.now();

    // 2. In between: nothing is offered, and the job waits to be taken up again.
    await expectNothingOffered(c);
    expect(await jobOf("copy.build", "copyId", copyId)).toEqual([{ state: "active", retry_count: 0 }]);

    // 3. A new worker takes the abandoned job up again and finishes it.
    const worker = startWorkerProcess("scripts/worker.ts", workerEnv);
    await waitUntil(
      "the copy to be ready and its email delivered",
      async () => {
        const copy = await db.copy.findUniqueOrThrow({ where: { id: copyId } });
        const mail = await db.emailMessage.findFirst({ where: { personId: c.person.id, kind: "copyReady" } });
        return copy.status === "ready" && mail?.status === "outbox";
      },
      45_000,
    );
    const recoveredInMs = Date.now() - killedAt;
    await waitUntil(
      "the job to complete",
      async () => (await jobOf("copy.build", "copyId", copyId))[0]?.state === "completed",
      10_000,
    );
    expect(await worker.stop()).toMatchObject({ code: 0 });
    expect(worker.output()).toContain("retrying 1 job(s) abandoned by a stopped worker");
    // Lease (2 s) + sweep + backoff + start-up: seconds, not the 15-minute expiry.
    expect(recoveredInMs).toBeLessThan(30_000);
    // Retried once, and built once.
    expect(await jobOf("copy.build", "copyId", copyId)).toEqual([{ state: "completed", retry_count: 1 }]);
    await expectBuiltOnceAndComplete(c, "outbox");
  }, 120_000);

  it("erasure: the next worker resumes at the interrupted step and ends like an uninterrupted erasure", async () => {
    const erasureDir = tempDir("worker-crash-erasure-");
    const workerEnv = useExportDir(erasureDir);
    const crashed = await makeRichPerson();
    const clean = await makeRichPerson();
    const crashedRequest = await dueDeletionRequest(crashed.id);
    // The person's copy on disk (with their address in it) is there to be erased.
    expect(scanFiles(erasureDir, [crashed.email]).length).toBeGreaterThan(0);

    // 1. The worker is killed inside the portal_data step's transaction, before it commits.
    const crashing = startWorkerProcess("test/worker-crash-run.ts", {
      ...workerEnv,
      WORKER_CRASH_AT: "erasure.run:inside:portal_data",
    });
    expect(await crashing.waitForLine(/^CRASH_POINT /, 60_000)).toBe(
      `CRASH_POINT erasure.run:inside:portal_data ${crashedRequest}`,
    );
    expect(await crashing.kill()).toEqual({ code: null, signal: "SIGKILL" });

    // 2. In between: the steps before it are done, nothing of portal_data is.
    expect(await stepsOf(crashedRequest)).toEqual([
      "connectors",
      "holds",
      "newsletter",
      "receipt",
      "recipient_tasks",
    ]);
    expect((await db.request.findUniqueOrThrow({ where: { id: crashedRequest } })).status).toBe(
      "in_progress",
    );
    expect(await db.person.count({ where: { id: crashed.id } })).toBe(1);
    expect(await db.order.count({ where: { personId: crashed.id } })).toBe(1);
    expect(await db.user.count({ where: { personId: crashed.id } })).toBe(1);
    expect(
      await db.invoice.count({ where: { invoiceNumber: crashed.heldInvoiceNumber, personId: null } }),
    ).toBe(1);
    expect(await jobOf("erasure.run", "requestId", crashedRequest)).toEqual([
      { state: "active", retry_count: 0 },
    ]);

    // 3. A new worker resumes it; the identical person is erased in one go by the same worker.
    const cleanRequest = await dueDeletionRequest(clean.id);
    const worker = startWorkerProcess("scripts/worker.ts", workerEnv);
    const receiptDelivered = async (requestId: string) => {
      const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
      if (request.status !== "completed") return false;
      const step = await db.erasureStep.findUnique({
        where: { requestId_step: { requestId, step: "receipt" } },
      });
      const id = (step?.detail as { emailId?: string } | null)?.emailId;
      const mail = id ? await db.emailMessage.findUnique({ where: { id } }) : null;
      return mail?.status === "outbox";
    };
    await waitUntil(
      "both erasures to complete and their receipts to be delivered",
      async () => (await receiptDelivered(crashedRequest)) && (await receiptDelivered(cleanRequest)),
      45_000,
    );
    await waitUntil(
      "the jobs to complete",
      async () =>
        (await jobOf("erasure.run", "requestId", crashedRequest))[0]?.state === "completed" &&
        (await jobOf("erasure.run", "requestId", cleanRequest))[0]?.state === "completed",
      10_000,
    );
    expect(await worker.stop()).toMatchObject({ code: 0 });
    // The erasure, and any other job the killed worker had started.
    expect(worker.output()).toMatch(/retrying [1-9]\d* job\(s\) abandoned by a stopped worker/);
    expect(await jobOf("erasure.run", "requestId", crashedRequest)).toEqual([
      { state: "completed", retry_count: 1 },
    ]);
    // The receipt's clean-up waits for delivery, which raced the end of the run: settle both alike.
    for (const requestId of [crashedRequest, cleanRequest]) {
      expect(await cleanupReceipt(requestId, new Date())).toBe("cleaned");
    }

    const a = await erasureOutcome(crashed, crashedRequest);
    const b = await erasureOutcome(clean, cleanRequest);
    expect(a).toEqual(b);
    // And that end state is an erased person.
    expect(a.person).toBe(0);
    expect(a.dataKey).toBe(0);
    expect(a.steps).toEqual([...STEP_NAMES, "receipt_cleanup"].sort());
    expect(a.request).toEqual({ status: "completed", personId: null });
    expect(a.receipts).toBe(1);
    expect(a.receiptJobs).toBe(1);
    expect(a.tombstones).toBe(2);
    expect(a.emailsToPerson).toBe(0);
    for (const [table, n] of Object.entries(a.perTable)) {
      // Ids only, kept on purpose: the append-only stores, the audit trail and staff tasks.
      if (["AuditEntry", "ConsentEvent", "ChangeEntry", "RecipientTask"].includes(table)) continue;
      expect(n, table).toBe(0);
    }
    const needles = [crashed.email, crashed.firstName, crashed.lastName, crashed.phone, crashed.copyId];
    expect(scanFiles(erasureDir, needles)).toEqual([]);
    expect(readdirSync(erasureDir).filter((n) => n.includes(crashed.copyId))).toEqual([]);
  }, 120_000);
});
