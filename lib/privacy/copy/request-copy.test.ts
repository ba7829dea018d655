// One free copy per rolling 12 months, enforced in the transaction that creates the request.
// Runs on PostgreSQL (DATABASE_URL) and on the embedded PostgreSQL (without it): CI runs both ways.
// Shares the database with other test files: every test makes its own person.
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { createInterface } from "node:readline";
import { afterAll, describe, expect, inject, it, vi } from "vitest";

// 20 transactions at once need 20 connections; set before the client is first used. The application
// name tells this file's connections apart from other test files' (they share the database).
process.env.DATABASE_POOL_SIZE = "30";
const APP = `copy-race-${randomUUID().slice(0, 8)}`;
process.env.DATABASE_APP_NAME = APP;

// Only for the test that shows the race can be lost: the kernel's person-row lock replaced by a
// barrier that lets every transaction reach the free-copy count before any of them goes on. Every
// other test here runs the real lockPerson.
const unlocked = vi.hoisted(() => ({ gate: null as null | (() => Promise<void>) }));
vi.mock("../../kernel/use-case", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../kernel/use-case")>();
  return {
    ...real,
    lockPerson: async (...args: Parameters<typeof real.lockPerson>) =>
      unlocked.gate ? (await unlocked.gate(), true) : real.lockPerson(...args),
  };
});

const { db, disconnectDb } = await import("../../db");
const { race, withPersonLocked } = await import("../../../test/copy-race");
const { requestCopy } = await import("./request-copy");
const { addMonths, freeCopyStatus } = await import("./free-copy");

import type { ImpersonationActor, PersonActor } from "../../auth/actor";

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
  it("20 requests queued on the person's row at once create exactly one free copy", async () => {
    const p = await newPerson();
    // All 20 transactions are open and waiting on the row before any of them goes on.
    const results = await withPersonLocked(p.id, [APP], 20, () => race(personActor(p.id), 20));

    expect(results.filter((r) => r.kind === "error")).toEqual([]);
    expect(await freeCopies(p.id)).toBe(1);
    expect(results.filter((r) => r.kind === "free")).toHaveLength(1);
    // The others saw the copy being built: a double click is not a further-copy request.
    expect(results.filter((r) => r.kind === "in_progress")).toHaveLength(19);
    expect(await db.request.count({ where: { personId: p.id } })).toBe(1);
  });

  it("the same race without the row lock creates more than one (so the test above can fail)", async () => {
    const p = await newPerson();
    let arrived = 0;
    let release!: () => void;
    const released = new Promise<void>((r) => (release = r));
    unlocked.gate = async () => {
      arrived += 1;
      if (arrived === 20) release();
      await released;
    };
    try {
      await race(personActor(p.id), 20);
    } finally {
      unlocked.gate = null;
    }
    expect(arrived).toBe(20);
    expect(await freeCopies(p.id)).toBeGreaterThan(1);
  });

  it("holds across two server processes (10 requests here, 10 in a second Node process)", async () => {
    const p = await newPerson();
    const childApp = `${APP}-child`;
    const results = await withPersonLocked(p.id, [APP, childApp], 20, async () => {
      const child = spawn(process.execPath, ["--import", "tsx", "test/copy-race-child.ts"], {
        cwd: process.cwd(),
        env: {
          ...process.env,
          DATABASE_URL: inject("databaseUrl"),
          DATABASE_APP_NAME: childApp,
          RACE_PERSON_ID: p.id,
          RACE_N: "10",
        },
        stdio: ["ignore", "pipe", "inherit"],
      });
      const theirs = new Promise<{ results: { kind: string }[] }>((resolve, reject) => {
        createInterface({ input: child.stdout! }).on("line", (line) => {
          if (line.startsWith("result ")) resolve(JSON.parse(line.slice(7)));
        });
        child.on("exit", (code) => {
          if (code !== 0) reject(new Error(`race child exited with ${code}`));
        });
      });
      const [mine, other] = await Promise.all([race(personActor(p.id), 10), theirs]);
      return [...mine, ...other.results];
    });

    expect(results.filter((r) => r.kind === "error")).toEqual([]);
    expect(results.filter((r) => r.kind === "free")).toHaveLength(1);
    expect(await freeCopies(p.id)).toBe(1);
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
