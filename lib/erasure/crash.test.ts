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

import { __reset } from "../env";
import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { STEP_NAMES } from "./steps/types";
import { tombstoneEmailHash } from "./tombstone";
import { dueDeletionRequest, makeRichPerson, type RichPerson } from "./test-fixtures";

__reset();

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

type Run = { code: number | null; signal: NodeJS.Signals | null; stdout: string; crashed: boolean };

/** Runs the erasure in a child process; when it reports a crash point, kills it with SIGKILL. */
function runInProcess(requestId: string, env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ["--import", "tsx", "scripts/erasure-crash-run.ts", requestId], {
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

async function stepsOf(requestId: string): Promise<string[]> {
  return (await db.erasureStep.findMany({ where: { requestId }, select: { step: true } }))
    .map((s) => s.step)
    .sort();
}

/** Everything erasure leaves behind for one person, with the person's unique values neutralised. */
async function outcome(p: RichPerson, requestId: string) {
  const norm = (s: string | null) =>
    (s ?? "")
      .replaceAll(p.tag, "TAG")
      .replaceAll(p.tag.toUpperCase(), "TAG")
      .replaceAll(p.id, "ID")
      .replaceAll(requestId, "REQ");
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'personId' ORDER BY table_name`;
  const perTable: Record<string, number> = {};
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table_name}" WHERE "personId" = $1`,
      p.id,
    );
    perTable[table_name] = rows[0]!.n;
  }
  const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
  const invoices = await db.invoice.findMany({
    where: { invoiceNumber: { in: [p.heldInvoiceNumber, p.expiredInvoiceNumber] } },
    orderBy: { invoiceNumber: "asc" },
  });
  const payments = await db.payment.findMany({
    where: { externalId: { startsWith: `p-${p.tag}-` } },
    orderBy: { externalId: "asc" },
  });
  const tasks = await db.recipientTask.findMany({ where: { requestId }, orderBy: { recipientKey: "asc" } });
  const receiptStep = await db.erasureStep.findUnique({
    where: { requestId_step: { requestId, step: "receipt" } },
  });
  const receiptId = String((receiptStep?.detail as { emailId?: string } | null)?.emailId ?? "");
  const receiptJobs = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'id' = ${receiptId}`;
  return {
    perTable,
    steps: await stepsOf(requestId),
    request: { status: request.status, personId: request.personId },
    person: await db.person.count({ where: { id: p.id } }),
    dataKey: await db.dataKey.count({ where: { personId: p.id } }),
    invoices: invoices.map((i) => ({
      number: norm(i.invoiceNumber),
      personId: i.personId,
      restricted: i.restrictedAt !== null,
      deleteAfter: i.deleteAfter?.toISOString() ?? null,
      counterparty: Object.keys(i.counterparty as object).sort(),
    })),
    payments: payments.map((x) => ({
      ref: norm(x.externalId),
      personId: x.personId,
      deleteAfter: x.deleteAfter?.toISOString() ?? null,
    })),
    tasks: tasks.map((t) => ({ recipient: t.recipientKey, kind: t.kind, detail: norm(t.detail) })),
    receipts: await db.emailMessage.count({ where: { id: receiptId } }),
    receiptJobs: receiptJobs[0]!.n,
    emailsToPerson: await db.emailMessage.count({
      where: { to: { in: [p.email, p.oldEmail, p.newEmail], mode: "insensitive" } },
    }),
    tombstones: await db.tombstone.count({
      where: { emailHash: { in: [tombstoneEmailHash(p.email), tombstoneEmailHash(p.oldEmail)] } },
    }),
    audit: (
      await db.auditEntry.groupBy({
        by: ["action"],
        where: { personId: p.id, action: { startsWith: "erasure." } },
        _count: true,
      })
    )
      .map((g) => `${g.action}:${g._count}`)
      .sort(),
  };
}

describe("erasure after a crash", () => {
  it("resumes after SIGKILL between steps and inside a step, and ends like an uninterrupted run", async () => {
    const crashed = await makeRichPerson();
    const clean = await makeRichPerson();
    const crashedRequest = await dueDeletionRequest(crashed.id);
    const cleanRequest = await dueDeletionRequest(clean.id);

    // 1. Killed right after step 3 (recipient tasks) committed.
    const first = await runInProcess(crashedRequest, { ERASURE_CRASH_AFTER: "recipient_tasks" });
    expect(first).toMatchObject({ crashed: true, signal: "SIGKILL" });
    expect(await stepsOf(crashedRequest)).toEqual(["newsletter", "receipt", "recipient_tasks"]);
    expect((await db.request.findUniqueOrThrow({ where: { id: crashedRequest } })).status).toBe(
      "in_progress",
    );
    expect(await db.person.count({ where: { id: crashed.id } })).toBe(1);
    expect(
      await db.invoice.count({ where: { invoiceNumber: crashed.heldInvoiceNumber, personId: crashed.id } }),
    ).toBe(1);

    // 2. Restarted, and killed inside step 5 (portal data) before it committed: nothing of it remains.
    const second = await runInProcess(crashedRequest, { ERASURE_CRASH_INSIDE: "portal_data" });
    expect(second).toMatchObject({ crashed: true, signal: "SIGKILL" });
    expect(await stepsOf(crashedRequest)).toEqual(["holds", "newsletter", "receipt", "recipient_tasks"]);
    expect(await db.order.count({ where: { personId: crashed.id } })).toBe(1);
    expect(await db.supportContact.count({ where: { personId: crashed.id } })).toBe(1);
    expect(await db.user.count({ where: { personId: crashed.id } })).toBe(1);
    const person = await db.person.findUniqueOrThrow({ where: { id: crashed.id } });
    expect(person.firstName).toBe(crashed.firstName);
    // Step 4 did commit: the held invoice is restricted already.
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
  });
});
