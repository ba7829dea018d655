// The portal behind a transaction-pooling connection pooler (docs/decisions/0015-unnamed-statements.md):
// Debian's PgBouncer with `pool_mode = transaction` in front of the run's PostgreSQL server, so that
// consecutive transactions of one client connection run on whichever server connection is free, and
// the server connections are shared by every client. Through it:
//
// 1. the read pool (several module copies, concurrent reads, idle connections closed and opened
//    again) with the default unnamed statements;
// 2. a page's reads: the session lookup (actorFromSessionToken) and the "my data" view of the demo
//    customer (data map, feeds' batched statement, the audited view);
// 3. a Prisma interactive transaction with an audited write and a job enqueued in it (a copy request),
//    then the real job worker (scripts/worker.ts, pg-boss) on the pooler's address builds the copy and
//    delivers its email; the person downloads the copy and it holds their data;
// 4. named statements (DATABASE_PREPARED_STATEMENTS=true) are not supported there: they fail as soon
//    as two client connections meet on one server connection (this is why they are off by default).
//
// PgBouncer refuses to run as root, so when the tests run as root it is started as the `postgres`
// user (spawn with its uid and gid), with its configuration in a temporary folder that user owns.
// Skipped, with the reason, where the `pgbouncer` binary is absent (CI installs it:
// scripts/ci-packages.sh) or the run's database is not a PostgreSQL server. The test has a database
// of its own (test/fresh-database.ts): its worker takes every job it finds.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chownSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { strFromU8, unzipSync } from "fflate";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, inject, it, vi } from "vitest";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import { makeSession } from "./factories";
import { killAllWorkers, startWorkerProcess, waitUntil } from "./worker-process";
import { freePort } from "../lib/db/embedded";

const PGBOUNCER = ["/usr/sbin/pgbouncer", "/usr/bin/pgbouncer"].find((p) => existsSync(p));
const skipReason = !PGBOUNCER
  ? "pgbouncer is not installed (apt-get install -y pgbouncer; CI runs scripts/ci-packages.sh)"
  : inject("databaseKind") !== "postgresql"
    ? "the run's database is not a PostgreSQL server (set DATABASE_URL)"
    : null;
if (skipReason) console.warn(`[pgbouncer.test] skipped: ${skipReason}`);

type ReadPool = typeof import("../lib/db/read-pool");
const holder = globalThis as unknown as { portalReadPool?: pg.Pool };

let fresh: FreshDatabase;
let bouncer: { url: string; namedUrl: string; adminUrl: string; stop: () => Promise<void> };
const dirs: string[] = [];

function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(tmpdir(), prefix));
  dirs.push(dir);
  return dir;
}

async function pgbouncerPort(): Promise<number> {
  if (process.env.PGBOUNCER_TEST_PORT) return Number(process.env.PGBOUNCER_TEST_PORT);
  return freePort();
}

/**
 * The demo customer and a new session of hers. The portal's modules are imported here, inside the
 * tests, so that they read the pooler's DATABASE_URL.
 */
async function annaWithSession() {
  const { db } = await import("../lib/db");
  const { DEMO_PEOPLE } = await import("../lib/seed/demo");
  const anna = await db.person.findUniqueOrThrow({ where: { email: DEMO_PEOPLE[0].email } });
  const { session } = await makeSession(anna.email, anna.id);
  return { db, anna, session };
}

/** The uid and gid of `postgres` when this process is root (PgBouncer will not run as root). */
function runAs(): { uid: number; gid: number } | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(spawnSync("id", [flag, "postgres"]).stdout.toString().trim());
  const uid = id("-u");
  const gid = id("-g");
  if (!Number.isInteger(uid) || uid <= 0) {
    throw new Error("running as root: PgBouncer needs a `postgres` user to run as");
  }
  return { uid, gid };
}

/**
 * PgBouncer in transaction mode in front of `upstream`'s server. Two entries: every database by its
 * own name (`*`, two server connections per database, fewer than the clients below), and
 * `<db>_single` on one server connection, where any two clients meet.
 */
async function startPgBouncer(upstream: string) {
  const u = new URL(upstream);
  const dbName = u.pathname.slice(1);
  const user = decodeURIComponent(u.username || "postgres");
  const port = await pgbouncerPort();
  const dir = tempDir("pgbouncer-");
  const server = `host=${u.hostname} port=${u.port || 5432}`;
  const files = {
    ini: path.join(dir, "pgbouncer.ini"),
    users: path.join(dir, "userlist.txt"),
    log: path.join(dir, "pgbouncer.log"),
  };
  writeFileSync(
    files.ini,
    [
      "[databases]",
      `${dbName}_single = ${server} dbname=${dbName} pool_size=1`,
      `* = ${server}`,
      "[pgbouncer]",
      "listen_addr = 127.0.0.1",
      `listen_port = ${port}`,
      "unix_socket_dir =",
      // The local server trusts loopback; PgBouncer only checks that the user is listed.
      "auth_type = trust",
      `auth_file = ${files.users}`,
      `logfile = ${files.log}`,
      "pool_mode = transaction",
      "default_pool_size = 2",
      "max_client_conn = 200",
      "admin_users = " + user,
      // Sent by some drivers at start-up; PgBouncer would refuse the connection otherwise.
      "ignore_startup_parameters = extra_float_digits,options",
      "",
    ].join("\n"),
  );
  writeFileSync(files.users, `"${user}" ""\n`);
  const as = runAs();
  if (as) for (const f of [dir, files.ini, files.users]) chownSync(f, as.uid, as.gid);
  const child: ChildProcess = spawn(PGBOUNCER!, [files.ini], {
    stdio: ["ignore", "pipe", "pipe"],
    ...(as ?? {}),
  });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
  const url = (name: string) => `postgresql://${encodeURIComponent(user)}@127.0.0.1:${port}/${name}`;
  const log = () => (existsSync(files.log) ? readFileSync(files.log, "utf8") : "") + output;
  // Up when a query goes through.
  await waitUntil(
    "PgBouncer to accept connections",
    async () => {
      if (child.exitCode !== null) throw new Error(`pgbouncer exited (${child.exitCode}):\n${log()}`);
      const c = new pg.Client({ connectionString: url(dbName) });
      c.on("error", () => undefined);
      try {
        await c.connect();
        await c.query("SELECT 1");
        return true;
      } catch {
        return false;
      } finally {
        await c.end().catch(() => undefined);
      }
    },
    15_000,
    100,
  );
  return {
    url: url(dbName),
    namedUrl: url(`${dbName}_single`),
    adminUrl: url("pgbouncer"),
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGTERM");
      await exited;
    },
  };
}

async function freshCopy(): Promise<ReadPool> {
  vi.resetModules();
  return import("../lib/db/read-pool");
}

async function endReadPool() {
  await holder.portalReadPool?.end();
  holder.portalReadPool = undefined;
}

/** The server connections PgBouncer holds for the database (SHOW SERVERS on its admin console). */
async function serverConnections(database: string): Promise<number> {
  const c = new pg.Client({ connectionString: bouncer.adminUrl });
  await c.connect();
  try {
    // The admin console speaks the simple protocol only.
    const rows = (await c.query("SHOW SERVERS")).rows as { database: string }[];
    return rows.filter((r) => r.database === database).length;
  } finally {
    await c.end();
  }
}

describe.skipIf(skipReason !== null)("behind PgBouncer in transaction mode", () => {
  beforeAll(async () => {
    fresh = await freshDatabase("pgbouncer");
    bouncer = await startPgBouncer(fresh.url);
    // Everything in this process (Prisma, the read pool) goes through the pooler from here on.
    process.env.DATABASE_URL = bouncer.url;
    process.env.EXPORT_DIR = tempDir("pgbouncer-exports-");
    delete process.env.DATABASE_PREPARED_STATEMENTS;
    const { seedDemo } = await import("../lib/seed/demo");
    await seedDemo();
  });

  afterAll(async () => {
    await killAllWorkers();
    await endReadPool();
    const { disconnectDb } = await import("../lib/db");
    await disconnectDb();
    await bouncer?.stop();
    await fresh?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it("the read pool answers with unnamed statements: module copies, concurrent reads, connections cycled", async () => {
    process.env.READ_POOL_IDLE_MS = "50";
    process.env.READ_POOL_SIZE = "4";
    const statement = `SELECT $1::int + 1 AS n, count(*)::int AS people FROM "Person"`;
    try {
      for (let round = 0; round < 4; round++) {
        const copies = [await freshCopy(), await freshCopy()];
        // Eight reads at once on four client connections, over two server connections.
        const results = await Promise.all(
          copies.flatMap((c, i) =>
            [0, 1, 2, 3].map((k) =>
              c.query<{ n: number; people: number }>(statement, [round * 10 + i * 4 + k], { prepare: true }),
            ),
          ),
        );
        expect(results.map((r) => r[0]!.n)).toEqual(
          [0, 1].flatMap((i) => [0, 1, 2, 3].map((k) => round * 10 + i * 4 + k + 1)),
        );
        expect(results.every((r) => r[0]!.people >= 4)).toBe(true);
        await new Promise((r) => setTimeout(r, 200));
      }
      // The clients really shared the pooler's server connections.
      const servers = await serverConnections(new URL(fresh.url).pathname.slice(1));
      expect(servers).toBeGreaterThan(0);
      expect(servers).toBeLessThanOrEqual(2);
    } finally {
      await endReadPool();
      delete process.env.READ_POOL_IDLE_MS;
      delete process.env.READ_POOL_SIZE;
    }
  });

  it("a page's reads: the session lookup and the demo customer's data, concurrently", async () => {
    const { db, anna, session } = await annaWithSession();
    const { actorFromSessionToken } = await import("../lib/auth/actor");
    const { viewMyData } = await import("../lib/privacy/my-data");
    const views = await Promise.all(
      [0, 1, 2, 3, 4, 5].map(async (i) => {
        const actor = await actorFromSessionToken(session.sessionToken);
        expect(actor).toMatchObject({ kind: "person", personId: anna.id });
        return viewMyData(actor, {}, i % 2 ? "sv" : "en");
      }),
    );
    for (const view of views) {
      expect(view.categories.length).toBeGreaterThan(10);
      const identity = view.categories.find((c) => c.category.key === "identity")!.sections[0]!;
      expect(identity.rows[0]).toMatchObject({ firstName: anna.firstName, lastName: anna.lastName });
    }
    // Each view was audited (an append to the hash chain in a transaction of its own).
    expect(
      await db.auditEntry.count({ where: { personId: anna.id, action: "data.viewed" } }),
    ).toBeGreaterThanOrEqual(6);
    // An unknown token is no one.
    expect(await actorFromSessionToken("no-such-token")).toBeNull();
  });

  it("a copy request (interactive transaction, audited, job enqueued) is built by the worker on the pooler", async () => {
    const { db, anna, session } = await annaWithSession();
    const { actorFromSessionToken } = await import("../lib/auth/actor");
    const { requestCopy } = await import("../lib/privacy/copy/request-copy");
    const { openCopyDownload } = await import("../lib/privacy/copy/download");
    const { copyLinkQuery } = await import("../lib/privacy/copy/link");
    const actor = await actorFromSessionToken(session.sessionToken);

    const requested = await requestCopy(actor);
    if (requested.kind !== "free") throw new Error(`expected a free copy, got ${requested.kind}`);
    expect(
      await db.auditEntry.count({ where: { action: "copy.requested", targetId: requested.copyId } }),
    ).toBe(1);

    const worker = startWorkerProcess("scripts/worker.ts", {
      DATABASE_URL: bouncer.url,
      EXPORT_DIR: process.env.EXPORT_DIR!,
      DATABASE_POOL_SIZE: "4",
      READ_POOL_IDLE_MS: "200",
    });
    await waitUntil(
      "the copy to be built and its email delivered",
      async () => {
        const copy = await db.copy.findUniqueOrThrow({ where: { id: requested.copyId } });
        if (copy.status === "failed") throw new Error(`copy failed\n${worker.output()}`);
        const mail = await db.emailMessage.findFirst({ where: { personId: anna.id, kind: "copyReady" } });
        return copy.status === "ready" && mail?.status === "outbox";
      },
      90_000,
      250,
    );
    expect(await worker.stop()).toMatchObject({ code: 0 });
    expect(worker.output()).not.toMatch(/failed|prepared statement/);
    const jobs = await db.$queryRaw<{ state: string }[]>`
      SELECT state::text AS state FROM pgboss.job WHERE name = 'copy.build' AND data->>'copyId' = ${requested.copyId}`;
    expect(jobs).toEqual([{ state: "completed" }]);

    const copy = await db.copy.findUniqueOrThrow({ where: { id: requested.copyId } });
    const download = await openCopyDownload(actor, {
      copyId: copy.id,
      ...copyLinkQuery(copy.id, anna.id, copy.expiresAt!),
    });
    const chunks: Buffer[] = [];
    for await (const c of download.stream as Readable) chunks.push(Buffer.from(c as Uint8Array));
    const files = unzipSync(new Uint8Array(Buffer.concat(chunks)));
    const data = JSON.parse(strFromU8(files["data.json"]!)) as {
      categories: { key: string; sections: { key: string; rowCount: number }[] }[];
    };
    const orders = data.categories.flatMap((c) => c.sections).find((s) => s.key === "orders");
    expect(orders?.rowCount).toBe(await db.order.count({ where: { personId: anna.id } }));
    expect(strFromU8(files["data.json"]!)).toContain(anna.lastName!);
  }, 150_000);

  it("named statements (DATABASE_PREPARED_STATEMENTS=true) are not supported: clients meet on a server connection", async () => {
    const statement = `SELECT $1::int AS n`;
    const run = async (prepared: boolean) => {
      process.env.DATABASE_URL = bouncer.namedUrl;
      process.env.DATABASE_PREPARED_STATEMENTS = String(prepared);
      try {
        const copy = await freshCopy();
        return await Promise.allSettled(
          [1, 2, 3, 4].map((n) => copy.query<{ n: number }>(statement, [n], { prepare: true })),
        );
      } finally {
        await endReadPool();
        process.env.DATABASE_URL = bouncer.url;
        delete process.env.DATABASE_PREPARED_STATEMENTS;
      }
    };
    // Named: the first client prepares the statement on the one server connection; the next client,
    // which has not prepared it, tries to and finds it there ("already exists").
    const named = await run(true);
    const errors = named.flatMap((r) => (r.status === "rejected" ? [r.reason as { code?: string }] : []));
    expect(errors.length).toBeGreaterThan(0);
    expect(errors.every((e) => e.code === "42P05" || e.code === "26000")).toBe(true);
    // Its twin: the same reads, unnamed, all answer.
    const unnamed = await run(false);
    expect(unnamed.map((r) => (r.status === "fulfilled" ? r.value[0]!.n : r.reason))).toEqual([1, 2, 3, 4]);
  });
});
