// One free copy per rolling 12 months, enforced in the transaction that creates the request.
// Runs on PostgreSQL (DATABASE_URL) and on the embedded PostgreSQL (without it): CI runs both ways.
// Shares the database with other test files: every test makes its own person.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, inject, it } from "vitest";

// 20 transactions at once need 20 connections; set before the client is first used.
process.env.DATABASE_POOL_SIZE = "30";

const { db, disconnectDb } = await import("../../db");
const { barrier, race } = await import("./race");
const { requestCopy } = await import("./request-copy");
const { addMonths, freeCopyStatus } = await import("./free-copy");

import type { ImpersonationActor, PersonActor } from "../../auth/actor";

// Every party arrives within milliseconds; the fallback is for a hang only.
const FALLBACK_MS = 15_000;

async function newPerson() {
  return db.person.create({ data: { email: `${randomUUID()}@test.example`, firstName: "Race" } });
}

function personActor(personId: string, signedInAt = new Date()): PersonActor {
  return { kind: "person", personId, sessionId: `s-${personId}`, userId: `u-${personId}`, signedInAt };
}

async function freeCopies(personId: string) {
  return db.copy.count({ where: { personId, free: true } });
}

afterAll(async () => {
  await disconnectDb();
});

describe("free copy under concurrency", () => {
  it("20 requests that provably overlap create exactly one free copy", async () => {
    const p = await newPerson();
    const gate = barrier(20, FALLBACK_MS);
    const results = await race(personActor(p.id), 20, gate, { lock: true });

    expect(results.filter((r) => r.kind === "error")).toEqual([]);
    expect(await freeCopies(p.id)).toBe(1);
    expect(results.filter((r) => r.kind === "free")).toHaveLength(1);
    // The others saw the copy being built: a double click is not a further-copy request.
    expect(results.filter((r) => r.kind === "in_progress")).toHaveLength(19);
    expect(await db.request.count({ where: { personId: p.id } })).toBe(1);
    expect(gate.arrived()).toBe(20);
    // All 20 transactions were open and waiting before any of them went on.
    expect(gate.releasedByAll()).toBe(true);
  });

  it("the same race without the row lock creates more than one (so the test above can fail)", async () => {
    const p = await newPerson();
    const gate = barrier(20, FALLBACK_MS);
    await race(personActor(p.id), 20, gate, { lock: false });
    const made = await freeCopies(p.id);
    expect(gate.releasedByAll()).toBe(true);
    expect(made).toBeGreaterThan(1);
  });

  it("holds across two server processes (10 requests here, 10 in a second Node process)", async () => {
    const p = await newPerson();
    const child = spawn(process.execPath, ["--import", "tsx", "lib/privacy/copy/concurrency-child.ts"], {
      cwd: process.cwd(),
      env: {
        ...process.env,
        DATABASE_URL: inject("databaseUrl"),
        RACE_PERSON_ID: p.id,
        RACE_N: "10",
        RACE_LOCK: "1",
        RACE_FALLBACK_MS: String(FALLBACK_MS),
      },
      stdio: ["pipe", "pipe", "inherit"],
    });
    let childReady!: () => void;
    const ready = new Promise<void>((r) => (childReady = r));
    let started!: () => void;
    const childStarted = new Promise<void>((r) => (started = r));
    const childResult = new Promise<{ results: { kind: string }[]; releasedByAll: boolean }>(
      (resolve, reject) => {
        createInterface({ input: child.stdout! }).on("line", (line) => {
          if (line === "started") started();
          if (line === "ready") childReady();
          if (line.startsWith("result ")) resolve(JSON.parse(line.slice(7)));
        });
        child.on("exit", (code) => {
          started();
          if (code !== 0) reject(new Error(`race child exited with ${code}`));
        });
      },
    );
    await childStarted;
    const gate = barrier(10, FALLBACK_MS, ready);
    void Promise.all([gate.allArrived, ready]).then(() => child.stdin!.write("go\n"));
    const mine = await race(personActor(p.id), 10, gate, { lock: true });
    const theirs = await childResult;
    child.stdin!.end();

    const all = [...mine, ...theirs.results];
    expect(all.filter((r) => r.kind === "error")).toEqual([]);
    expect(all.filter((r) => r.kind === "free")).toHaveLength(1);
    expect(await freeCopies(p.id)).toBe(1);
    // Both processes had all their transactions open before either let them go.
    expect(gate.releasedByAll()).toBe(true);
    expect(theirs.releasedByAll).toBe(true);
  }, 120_000);
});

describe("free copy rule", () => {
  it("within the window a further request becomes a further-copy request for staff, once", async () => {
    const p = await newPerson();
    const actor = personActor(p.id);
    const first = await requestCopy(actor);
    expect(first.kind).toBe("free");
    // While the copy is being built another click changes nothing.
    expect((await requestCopy(actor)).kind).toBe("in_progress");
    await db.copy.updateMany({
      where: { personId: p.id },
      data: { status: "ready", expiresAt: addMonths(new Date(), 1) },
    });

    const further = await requestCopy(actor);
    expect(further).toMatchObject({ kind: "further_copy", existing: false });
    const again = await requestCopy(actor);
    expect(again).toMatchObject({ kind: "further_copy", existing: true });
    // No copy is built for a further copy: staff decide first.
    expect(await db.copy.count({ where: { personId: p.id } })).toBe(1);
    const requests = await db.request.findMany({ where: { personId: p.id }, orderBy: { createdAt: "asc" } });
    expect(requests.map((r) => [r.type, r.status])).toEqual([
      ["copy", "in_progress"],
      ["further_copy", "received"],
    ]);
  });

  it("a failed build and a copy that expired unread do not use the free copy; a downloaded one does", async () => {
    const now = new Date();
    const p = await newPerson();
    const base = { personId: p.id, free: true, createdAt: addMonths(now, -2) };
    await db.copy.create({ data: { ...base, status: "failed" } });
    await db.copy.create({ data: { ...base, status: "expired", downloadedAt: null } });
    // Ready but past its expiry and unread: the expiry job has not run yet; it does not count either.
    await db.copy.create({ data: { ...base, status: "ready", expiresAt: addMonths(now, -1) } });
    expect((await freeCopyStatus(db, p.id, now, 12)).available).toBe(true);

    const downloaded = await db.copy.create({
      data: { ...base, status: "expired", downloadedAt: addMonths(now, -2) },
    });
    const status = await freeCopyStatus(db, p.id, now, 12);
    expect(status.available).toBe(false);
    expect(status.lastFreeAt?.toISOString()).toBe(downloaded.createdAt.toISOString());
    expect(status.nextFreeAt?.toISOString()).toBe(addMonths(downloaded.createdAt, 12).toISOString());
    expect((await requestCopy(personActor(p.id))).kind).toBe("further_copy");
  });

  it("the window rolls: a copy made more than 12 months ago no longer counts", async () => {
    const now = new Date();
    const p = await newPerson();
    await db.copy.create({
      data: {
        personId: p.id,
        free: true,
        status: "expired",
        downloadedAt: now,
        createdAt: addMonths(now, -13),
      },
    });
    expect((await requestCopy(personActor(p.id), { now })).kind).toBe("free");
  });

  it("a copy request whose build failed is picked up again, keeping its received date", async () => {
    const p = await newPerson();
    const actor = personActor(p.id);
    const first = await requestCopy(actor);
    if (first.kind !== "free") throw new Error("expected a free copy");
    await db.copy.update({ where: { id: first.copyId }, data: { status: "failed" } });
    await db.request.update({ where: { id: first.requestId }, data: { status: "failed" } });
    const second = await requestCopy(actor);
    expect(second).toMatchObject({ kind: "free", requestId: first.requestId });
    expect(await db.request.count({ where: { personId: p.id } })).toBe(1);
  });

  it("needs a recent sign-in (step-up)", async () => {
    const p = await newPerson();
    const stale = personActor(p.id, new Date(Date.now() - 60 * 60_000));
    await expect(requestCopy(stale)).rejects.toMatchObject({ code: "step_up_required" });
    expect(await db.copy.count({ where: { personId: p.id } })).toBe(0);
  });

  it("impersonating staff cannot request a copy", async () => {
    const p = await newPerson();
    const staff: ImpersonationActor = {
      kind: "impersonation",
      personId: p.id,
      staffMemberId: "staff-1",
      role: "admin",
      name: "Staff",
      impersonationId: "imp-1",
      reason: "phone call",
      expiresAt: new Date(Date.now() + 600_000),
      sessionId: "s",
      userId: "u",
      signedInAt: new Date(),
    };
    await expect(requestCopy(staff)).rejects.toMatchObject({ code: "forbidden" });
    await expect(requestCopy(null)).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await db.copy.count({ where: { personId: p.id } })).toBe(0);
    expect(await db.request.count({ where: { personId: p.id } })).toBe(0);
  });
});
