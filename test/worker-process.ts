// Tests only: a job worker in a process of its own (scripts/worker.ts, or test/worker-crash-run.ts
// with a crash point), to be killed with SIGKILL as a crashed worker dies, or stopped with SIGTERM.
import { spawn, type ChildProcessByStdio } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll } from "vitest";
import { freshDatabase, type FreshDatabase } from "./fresh-database";
import type { Readable } from "node:stream";

export type Exit = { code: number | null; signal: NodeJS.Signals | null };

export type WorkerProcess = {
  pid: number;
  /** Resolves with the first stdout line matching `pattern` (rejects on timeout or exit). */
  waitForLine: (pattern: RegExp, timeoutMs: number) => Promise<string>;
  /** SIGKILL: no clean-up of any kind, as when the process is killed by the kernel. */
  kill: () => Promise<Exit>;
  /** SIGTERM: the worker's graceful stop. */
  stop: () => Promise<Exit>;
  output: () => string;
  exited: Promise<Exit>;
};

const running = new Set<WorkerProcess>();

export function startWorkerProcess(
  script: string,
  env: Record<string, string>,
  args: string[] = [],
): WorkerProcess {
  const child: ChildProcessByStdio<null, Readable, Readable> = spawn(
    process.execPath,
    ["--import", "tsx", script, ...args],
    { cwd: process.cwd(), env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] },
  );
  let stdout = "";
  let stderr = "";
  const listeners = new Set<() => void>();
  child.stdout.on("data", (chunk: Buffer) => {
    stdout += chunk.toString();
    for (const l of listeners) l();
  });
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<Exit>((resolve) => {
    child.on("exit", (code, signal) => {
      running.delete(handle);
      for (const l of listeners) l();
      resolve({ code, signal });
    });
  });
  const ended = () => child.exitCode !== null || child.signalCode !== null;
  const handle: WorkerProcess = {
    pid: child.pid ?? -1,
    output: () => `--- stdout\n${stdout}\n--- stderr\n${stderr}`,
    exited,
    waitForLine: (pattern, timeoutMs) =>
      new Promise((resolve, reject) => {
        const check = () => {
          const line = stdout.split("\n").find((l) => pattern.test(l));
          if (line !== undefined) done(() => resolve(line));
          else if (ended())
            done(() => reject(new Error(`worker exited before ${pattern}\n${handle.output()}`)));
        };
        const timer = setTimeout(
          () => done(() => reject(new Error(`no ${pattern} within ${timeoutMs} ms\n${handle.output()}`))),
          timeoutMs,
        );
        const done = (settle: () => void) => {
          clearTimeout(timer);
          listeners.delete(check);
          settle();
        };
        listeners.add(check);
        check();
      }),
    kill: async () => {
      if (!ended()) child.kill("SIGKILL");
      return exited;
    },
    stop: async () => {
      if (!ended()) child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 10_000);
      const exit = await exited;
      clearTimeout(timer);
      return exit;
    },
  };
  running.add(handle);
  return handle;
}

/** Kills every worker a test started and left running (after a failure). */
export async function killAllWorkers(): Promise<void> {
  await Promise.all([...running].map((w) => w.kill()));
}

/** Polls until `check` returns a value other than undefined/false. */
export async function waitUntil<T>(
  what: string,
  check: () => Promise<T | undefined | false>,
  timeoutMs: number,
  intervalMs = 200,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

/**
 * A test file whose workers run in processes of their own: a database of the file's own with the data
 * map (this process uses it too, from its first query on), and temporary folders; after all its tests,
 * the workers are killed, the database dropped and the folders removed.
 */
export function workerTestSetup(prefix: string) {
  let fresh: FreshDatabase | undefined;
  const dirs: string[] = [];
  beforeAll(async () => {
    fresh = await freshDatabase(prefix);
    // Before anything here touches the database: the client is created on first use.
    process.env.DATABASE_URL = fresh.url;
    const { db } = await import("../lib/db");
    const { seedDataMap } = await import("../lib/datamap/policy-map");
    await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
  });
  afterAll(async () => {
    await killAllWorkers();
    const { disconnectDb } = await import("../lib/db");
    await disconnectDb();
    await fresh?.drop();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });
  return {
    /** The file's database (after beforeAll). */
    database: (): FreshDatabase => {
      if (!fresh) throw new Error("the database is made in beforeAll");
      return fresh;
    },
    /** A temporary folder, removed after all the file's tests. */
    tempDir: (name: string): string => {
      const dir = mkdtempSync(path.join(tmpdir(), name));
      dirs.push(dir);
      return dir;
    },
  };
}
