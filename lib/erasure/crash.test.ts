// A worker killed mid-erasure (a real process, SIGKILL) resumes where it stopped when run again, and
// ends exactly where an uninterrupted run on an identical person ends: a step is all or nothing, and
// no step runs twice.
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";

const exportDir = mkdtempSync(path.join(tmpdir(), "erasure-crash-"));
process.env.EXPORT_DIR = exportDir;

import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { STEP_NAMES } from "./steps/types";
import { dueDeletionRequest, makeRichPerson } from "../../test/erasure-fixtures";
import { erasureOutcome as outcome, stepsOf } from "../../test/erasure-outcome";

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; crashed: boolean };

/** Runs the erasure in a child process; when it reports a crash point, kills it with SIGKILL. */
function runInProcess(requestId: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "test/erasure-crash-run.ts", requestId], {
      cwd: process.cwd(),
      env: { ...process.env, ...env },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    let crashed = false;
    const timer = setTimeout(() => child.kill("SIGKILL"), 90_000);
    child.stdout.on("data", (chunk: Buffer) => {
      stdout += chunk.toString();
      if (!crashed && stdout.includes("CRASH_POINT")) {
        crashed = true;
        child.kill("SIGKILL");
      }
    });
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.on("error", reject);
    child.on("exit", (code, signal) => {
      clearTimeout(timer);
      if (code && code !== 0) reject(new Error(`erasure process failed (${code}): ${stderr.slice(0, 500)}`));
      else resolve({ code, signal, stdout, crashed });
    });
  });
}

describe("erasure after a crash", () => {
  it("resumes after SIGKILL between steps and inside a step, and ends like an uninterrupted run", async () => {
    const crashed = await makeRichPerson();
    const clean = await makeRichPerson();
    const crashedRequest = await dueDeletionRequest(crashed.id);
    const cleanRequest = await dueDeletionRequest(clean.id);

    // 1. Killed right after the recipient tasks committed (before the receipt).
    const first = await runInProcess(crashedRequest, { ERASURE_CRASH_AFTER: "recipient_tasks" });
    expect(first).toMatchObject({ crashed: true, signal: "SIGKILL" });
    expect(await stepsOf(crashedRequest)).toEqual(["connectors", "newsletter", "recipient_tasks"]);
    expect((await db.request.findUniqueOrThrow({ where: { id: crashedRequest } })).status).toBe(
      "in_progress",
    );
    expect(await db.person.count({ where: { id: crashed.id } })).toBe(1);
    expect(
      await db.invoice.count({ where: { invoiceNumber: crashed.heldInvoiceNumber, personId: crashed.id } }),
    ).toBe(1);

    // 2. Restarted, and killed inside the portal data step before it committed: nothing of it remains.
    const second = await runInProcess(crashedRequest, { ERASURE_CRASH_INSIDE: "portal_data" });
    expect(second).toMatchObject({ crashed: true, signal: "SIGKILL" });
    expect(await stepsOf(crashedRequest)).toEqual([
      "connectors",
      "holds",
      "newsletter",
      "receipt",
      "recipient_tasks",
    ]);
    expect(await db.order.count({ where: { personId: crashed.id } })).toBe(1);
    expect(await db.supportContact.count({ where: { personId: crashed.id } })).toBe(1);
    expect(await db.user.count({ where: { personId: crashed.id } })).toBe(1);
    const person = await db.person.findUniqueOrThrow({ where: { id: crashed.id } });
    expect(person.firstName).toBe(crashed.firstName);
    // The holds step did commit: the held invoice is restricted already.
    expect(
      await db.invoice.count({ where: { invoiceNumber: crashed.heldInvoiceNumber, personId: null } }),
    ).toBe(1);

    // 3. Restarted again: runs to the end.
    const third = await runInProcess(crashedRequest);
    expect(third.crashed).toBe(false);
    expect(third.code).toBe(0);
    expect(JSON.parse(third.stdout.trim().split("\n").pop()!)).toMatchObject({
      status: "completed",
      steps: ["portal_data", "tombstone", "data_key"],
    });

    // The identical person, erased in one go.
    const uninterrupted = await runInProcess(cleanRequest);
    expect(JSON.parse(uninterrupted.stdout.trim().split("\n").pop()!)).toMatchObject({
      status: "completed",
      steps: [...STEP_NAMES],
    });

    const a = await outcome(crashed, crashedRequest);
    const b = await outcome(clean, cleanRequest);
    expect(a).toEqual(b);
    // And that end state is an erased person (so the comparison is not of two equally broken runs).
    expect(a.person).toBe(0);
    expect(a.dataKey).toBe(0);
    expect(a.steps).toEqual([...STEP_NAMES].sort());
    expect(a.receipts).toBe(1);
    expect(a.receiptJobs).toBe(1);
    expect(a.tombstones).toBe(2);
    // The receipt waits in the outbox for delivery (no worker here); it is emptied after delivery.
    expect(a.perTable.EmailMessage).toBe(1);
    for (const [table, n] of Object.entries(a.perTable)) {
      if (table === "EmailMessage") continue;
      // Ids only, kept on purpose: the append-only stores, the audit trail and staff tasks.
      if (["AuditEntry", "ConsentEvent", "ChangeEntry", "RecipientTask"].includes(table)) continue;
      expect(n, table).toBe(0);
    }
  }, 300_000); // several processes in turn: the limit is for a hang only
});
