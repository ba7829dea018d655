// The embedded PostgreSQL: a persistent data folder survives a restart, a running server is joined
// rather than started twice, a server left behind by a killed run is taken over, a second portal on
// one data folder is refused, and a database of an earlier version is never silently replaced.
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { spawn } from "node:child_process";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { runningServer, startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

/** A folder like a clone's, inside a folder only its owner may enter (root's home is such a one). */
function privateFolder(): string {
  const outer = mkdtempSync(path.join(os.tmpdir(), "portal-embedded-"));
  chmodSync(outer, 0o700);
  cleanups.push(() => rmSync(outer, { recursive: true, force: true }));
  const inner = path.join(outer, "clone", ".data");
  mkdirSync(inner, { recursive: true });
  return inner;
}

async function started(opts: Parameters<typeof startEmbeddedDatabase>[0]): Promise<EmbeddedDatabase> {
  const db = await startEmbeddedDatabase(opts);
  cleanups.push(() => db.close());
  return db;
}

async function sql<T extends pg.QueryResultRow>(url: string, text: string): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<T>(text)).rows;
  } finally {
    await client.end();
  }
}

describe("the embedded PostgreSQL", () => {
  it("is PostgreSQL 18 on loopback, and a persistent folder keeps its data across a restart", async () => {
    const dataDir = path.join(privateFolder(), "postgres");
    const first = await started({ dataDir, password: "pw-one" });
    expect(first.owned).toBe(true);
    expect(new URL(first.url).hostname).toBe("127.0.0.1");
    const [version] = await sql<{ server_version_num: string }>(first.url, "SHOW server_version_num");
    expect(Number(version!.server_version_num)).toBeGreaterThanOrEqual(180000);
    await sql(first.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (7)");
    // The password is required: the server is not open to everyone on the machine.
    const noPassword = first.url.replace(/:[^:@/]+@/, "@");
    await expect(sql(noPassword, "SELECT 1")).rejects.toThrow();
    await first.close();
    expect(runningServer(dataDir)).toBeNull();

    const second = await started({ dataDir, password: "pw-one" });
    expect(await sql<{ n: number }>(second.url, "SELECT n FROM kept")).toEqual([{ n: 7 }]);
  });

  it("joins the server already running on a folder, and leaves it running", async () => {
    const dataDir = path.join(privateFolder(), "postgres");
    const owner = await started({ dataDir, password: "pw" });
    const joined = await startEmbeddedDatabase({ dataDir, password: "pw" });
    expect(joined.owned).toBe(false);
    expect(joined.port).toBe(owner.port);
    await joined.close();
    expect(await sql<{ one: number }>(owner.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("takes over a server whose owner is gone, and starts after a killed server's stale lock", async () => {
    const dataDir = path.join(privateFolder(), "postgres");
    const orphan = await startEmbeddedDatabase({ dataDir, password: "pw" });
    await sql(orphan.url, "CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)");
    const taken = await started({ dataDir, password: "pw", takeOver: true });
    expect(taken.owned).toBe(true);
    expect(await sql<{ n: number }>(taken.url, "SELECT n FROM kept")).toEqual([{ n: 1 }]);

    // Killed outright: its postmaster.pid stays behind.
    const killed = runningServer(dataDir)!;
    process.kill(killed.pid, "SIGKILL");
    await vi.waitFor(() => expect(runningServer(dataDir)).toBeNull(), { timeout: 20_000 });
    const again = await started({ dataDir, password: "pw" });
    expect(await sql<{ n: number }>(again.url, "SELECT n FROM kept")).toEqual([{ n: 1 }]);
  });

  it("a throwaway server is gone with its folder when closed", async () => {
    const db = await startEmbeddedDatabase({});
    expect(await sql<{ one: number }>(db.url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
    await db.close();
    await expect(sql(db.url, "SELECT 1")).rejects.toThrow();
  });
});

describe("the portal's data folder", () => {
  async function connectionModule(dataDir: string) {
    vi.resetModules();
    const saved = { dir: process.env.PORTAL_DATA_DIR, url: process.env.DATABASE_URL };
    process.env.PORTAL_DATA_DIR = dataDir;
    delete process.env.DATABASE_URL;
    const mod = await import("./connection");
    cleanups.push(async () => {
      await mod.closeEmbeddedDatabase();
      process.env.PORTAL_DATA_DIR = saved.dir;
      if (saved.dir === undefined) delete process.env.PORTAL_DATA_DIR;
      process.env.DATABASE_URL = saved.url;
    });
    return mod;
  }

  it("refuses a second portal on a folder whose portal is running, and serves the first", async () => {
    const dataDir = privateFolder();
    // Another live process owns the folder.
    const other = spawn("sleep", ["60"]);
    cleanups.push(() => void other.kill());
    writeFileSync(path.join(dataDir, "portal.pid"), String(other.pid));
    const mod = await connectionModule(dataDir);
    await expect(mod.ownDatabase()).rejects.toThrow(/already running on .*process \d+/);

    // Once that process is gone, the folder is this portal's.
    other.kill();
    await vi.waitFor(() => expect(other.exitCode ?? other.signalCode).not.toBeNull());
    const { url, embedded } = await mod.ownDatabase();
    expect(embedded).toBe(true);
    expect(await sql<{ one: number }>(url, "SELECT 1 AS one")).toEqual([{ one: 1 }]);
  });

  it("never replaces a database of an earlier version with an empty one", async () => {
    const dataDir = privateFolder();
    mkdirSync(path.join(dataDir, "pglite"));
    const mod = await connectionModule(dataDir);
    await expect(mod.ensureDatabaseUrl()).rejects.toThrow(/earlier version.*\(mv /s);
    await expect(mod.ownDatabase()).rejects.toThrow(/earlier version/);
  });
});
