// Where the database is: DATABASE_URL when set, otherwise the embedded PostgreSQL with its data in
// `.data/postgres`. The portal's own process (npm run demo / npm start) owns the embedded server;
// commands run while it is up (migrations, seed, import, audit:verify) use that running server, and
// otherwise start it for as long as they run.
import path from "node:path";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { runningServer, startEmbeddedDatabase, type EmbeddedDatabase } from "./embedded";

export const DATA_DIR = path.resolve(process.cwd(), process.env.PORTAL_DATA_DIR ?? ".data");
const POSTGRES_DIR = path.join(DATA_DIR, "postgres");
const PASSWORD_FILE = path.join(DATA_DIR, "postgres-password");
const OWNER_FILE = path.join(DATA_DIR, "portal.pid");

let embedded: EmbeddedDatabase | undefined;

export class DatabaseStartError extends Error {}

function refuseEarlierDatabase(): void {
  const old = path.join(DATA_DIR, "pglite");
  if (existsSync(old) && !existsSync(POSTGRES_DIR)) {
    throw new DatabaseStartError(
      `${old} holds a database of an earlier version of the portal, which ran on PGlite. The portal now ` +
        `runs on an embedded PostgreSQL in ${POSTGRES_DIR} and does not read the old one. It is left as it ` +
        `is. To start afresh with the demo data, move it away (mv ${old} ${old}.old) and start again; to ` +
        `keep its data, run the earlier version, export what you need, and import it here (docs/import.md).`,
    );
  }
}

function password(): string {
  if (!existsSync(PASSWORD_FILE)) {
    mkdirSync(DATA_DIR, { recursive: true });
    writeFileSync(PASSWORD_FILE, randomBytes(24).toString("base64url"), { mode: 0o600 });
  }
  return readFileSync(PASSWORD_FILE, "utf8").trim();
}

/** The pid of the portal process that owns the data folder, when it is alive. */
export function portalOwner(): number | null {
  let pid: number;
  try {
    pid = Number(readFileSync(OWNER_FILE, "utf8").trim());
  } catch {
    return null;
  }
  if (!pid || pid === process.pid) return null;
  try {
    process.kill(pid, 0);
    return pid;
  } catch {
    return null;
  }
}

/**
 * The database URL for a command: DATABASE_URL, or the embedded server (the running one when the
 * portal is up, otherwise one started for this process).
 */
export async function ensureDatabaseUrl(): Promise<{ url: string; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  if (!embedded) {
    refuseEarlierDatabase();
    embedded = await startEmbeddedDatabase({ dataDir: POSTGRES_DIR, password: password() });
    process.env.DATABASE_URL = embedded.url;
  }
  return { url: embedded.url, embedded: true };
}

/**
 * For the portal's own process: owns the data folder (a second portal on it is refused) and its
 * embedded server (one left running by a killed earlier run is restarted).
 */
export async function ownDatabase(): Promise<{ url: string; embedded: boolean }> {
  if (process.env.DATABASE_URL) return { url: process.env.DATABASE_URL, embedded: false };
  const owner = portalOwner();
  if (owner) {
    throw new DatabaseStartError(
      `The portal is already running on ${DATA_DIR} (process ${owner}). Stop it first (Ctrl-C in its ` +
        `terminal), or give this one a data folder of its own with PORTAL_DATA_DIR.`,
    );
  }
  refuseEarlierDatabase();
  mkdirSync(DATA_DIR, { recursive: true });
  writeFileSync(OWNER_FILE, String(process.pid));
  embedded = await startEmbeddedDatabase({
    dataDir: POSTGRES_DIR,
    password: password(),
    takeOver: runningServer(POSTGRES_DIR) !== null,
  });
  process.env.DATABASE_URL = embedded.url;
  return { url: embedded.url, embedded: true };
}

export async function closeEmbeddedDatabase(): Promise<void> {
  if (embedded) {
    const e = embedded;
    embedded = undefined;
    await e.close();
    delete process.env.DATABASE_URL;
  }
  try {
    if (readFileSync(OWNER_FILE, "utf8").trim() === String(process.pid)) rmSync(OWNER_FILE);
  } catch {
    // not the owner
  }
}
