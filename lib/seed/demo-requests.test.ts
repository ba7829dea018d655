// The demo's requests: after seeding, the staff queue shows each state staff meet, made through the
// use-cases, and a second run adds nothing. Shares its database with other test files: everything is
// read back for the demo request people only.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db, disconnectDb } from "../db";
import { decryptWith, existingDataKey } from "../crypto/keys";
import { listRequestQueue, type QueueRow } from "../staff/queue";
import { makeStaffActor } from "../../test/staff-support";
import { testPersonnummer } from "../validation/personnummer";
import { seedDemo } from "./demo";
import { DEMO_REQUEST_PEOPLE, seedDemoRequests, type DemoRequestState } from "./demo-requests";

const exportDir = mkdtempSync(path.join(tmpdir(), "demo-requests-"));
const emails = DEMO_REQUEST_PEOPLE.map((p) => p.email);

beforeAll(async () => {
  await seedDemo();
  await seedDemoRequests({ build: { exportDir } });
}, 300_000);

afterAll(async () => {
  await disconnectDb();
  rmSync(exportDir, { recursive: true, force: true });
});

async function demoPeople() {
  return db.person.findMany({ where: { email: { in: emails } } });
}

/** The queue as staff see it (every status), one row per demo person, keyed by the person's state. */
async function queueByState(): Promise<Map<DemoRequestState, QueueRow[]>> {
  const staff = await makeStaffActor("staff", "Kö Läsare");
  const people = await demoPeople();
  const byId = new Map(people.map((p) => [p.id, DEMO_REQUEST_PEOPLE.find((d) => d.email === p.email)!]));
  const out = new Map<DemoRequestState, QueueRow[]>();
  // By type, so requests other test files add at the same time do not push these past the limit.
  for (const type of ["copy", "further_copy", "correction", "deletion", "objection"]) {
    const { rows } = await listRequestQueue(staff, { type, status: "all" });
    for (const row of rows) {
      const person = row.personId ? byId.get(row.personId) : undefined;
      if (person) out.set(person.state, [...(out.get(person.state) ?? []), row]);
    }
  }
  return out;
}

async function counts() {
  const personId = { in: (await demoPeople()).map((p) => p.id) };
  return {
    people: (await demoPeople()).length,
    requests: await db.request.count({ where: { personId } }),
    tasks: await db.recipientTask.count({ where: { personId } }),
    copies: await db.copy.count({ where: { personId } }),
    emails: await db.emailMessage.count({ where: { personId } }),
  };
}

describe("seedDemoRequests", () => {
  it("fills the staff queue with each state the legal clock and staff meet", async () => {
    const q = await queueByState();
    const one = (state: DemoRequestState) => {
      const rows = (q.get(state) ?? []).filter((r) => r.type !== "copy" || state !== "awaiting_fee");
      expect(rows, state).toHaveLength(1);
      return rows[0]!;
    };
    expect(one("new")).toMatchObject({
      type: "copy",
      status: "received",
      channel: "letter",
      dueStatus: "ok",
      assignedToName: null,
    });
    expect(one("awaiting_confirmation")).toMatchObject({ type: "deletion", status: "awaiting_confirmation" });
    expect(one("due_soon")).toMatchObject({
      type: "correction",
      status: "received",
      dueStatus: "due_soon",
      assignedToName: "Sven Support",
    });
    expect(one("overdue")).toMatchObject({ type: "objection", status: "received", dueStatus: "overdue" });
    const extended = one("extended");
    expect(extended).toMatchObject({ type: "copy", extended: true, dueStatus: "ok" });
    expect(extended.effectiveDueAt.getTime() - extended.receivedAt.getTime()).toBeGreaterThan(
      80 * 86_400_000,
    );
    expect(one("awaiting_fee")).toMatchObject({ type: "further_copy", status: "awaiting_fee_acceptance" });
    expect(one("refused")).toMatchObject({ type: "correction", status: "refused", dueStatus: null });
    const tasks = one("open_tasks");
    expect(tasks).toMatchObject({ type: "copy", status: "in_progress" });
    expect(tasks.openTasks).toBeGreaterThan(0);

    // Her free copy came first: built, its searches ticked, the request resolved.
    const firstCopy = (q.get("awaiting_fee") ?? []).find((r) => r.type === "copy");
    expect(firstCopy).toMatchObject({ status: "completed", openTasks: 0 });
  });

  it("went through the use-cases: audited, the person emailed, the fee announced", async () => {
    const people = await demoPeople();
    const ids = people.map((p) => p.id);
    const actions = new Set(
      (await db.auditEntry.findMany({ where: { personId: { in: ids } }, select: { action: true } })).map(
        (a) => a.action,
      ),
    );
    for (const action of [
      "staff.request_registered",
      "request.confirmed_by_person",
      "staff.request_assigned",
      "staff.request_extended",
      "staff.copy_fee_proposed",
      "staff.request_refused",
      "staff.copy_granted",
      "copy.built",
    ]) {
      expect(actions.has(action), action).toBe(true);
    }
    const ingrid = people.find((p) => p.email === "ingrid.sjoberg@demo.example")!;
    const fee = await db.request.findFirstOrThrow({ where: { personId: ingrid.id, type: "further_copy" } });
    expect(fee.feeOre).toBe(15_000);
  });

  it("gives each demo person a personnummer from the official test list", async () => {
    const allowed = new Set(await testPersonnummer());
    const people = await demoPeople();
    expect(people).toHaveLength(DEMO_REQUEST_PEOPLE.length);
    const seen = new Set<string>();
    for (const p of people) {
      const pnr = decryptWith(await existingDataKey(db, p.id), p.personnummerEnc);
      expect(pnr && allowed.has(pnr), p.email).toBe(true);
      seen.add(pnr!);
    }
    expect(seen.size).toBe(people.length);
  });

  it("adds nothing when run again, also twice at once", async () => {
    const before = await counts();
    await Promise.all([
      seedDemoRequests({ build: { exportDir } }),
      seedDemoRequests({ build: { exportDir } }),
    ]);
    expect(await counts()).toEqual(before);
  }, 300_000);
});
