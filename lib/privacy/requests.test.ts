// The requests core: the status machine, the legal clock on creation, and the person's own list.
// Shares its database with other test files: each test creates its own person.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import type { PersonActor } from "../auth/actor";
import { db, disconnectDb } from "../db";
import { dueDate } from "./legal-clock";
import { listMyRequests } from "./my-requests";
import {
  canTransition,
  createRequest,
  effectiveDueAt,
  isOpen,
  OPEN_STATUSES,
  REQUEST_STATUSES,
  transitionRequest,
  transitionRequestIfAllowed,
  type RequestStatus,
} from "./requests";

const ALL = REQUEST_STATUSES;
const TERMINAL: RequestStatus[] = ["completed", "refused", "cancelled"];

async function person() {
  return db.person.create({ data: { email: `${randomUUID()}@test.example`, firstName: "Testa" } });
}

function actorFor(personId: string): PersonActor {
  return { kind: "person", personId, sessionId: "s", userId: "u", signedInAt: new Date() };
}

afterAll(async () => {
  await disconnectDb();
});

describe("status machine", () => {
  it("terminal statuses lead nowhere, and every other status is open", () => {
    for (const from of TERMINAL) for (const to of ALL) expect(canTransition(from, to)).toBe(false);
    for (const s of ALL) expect(isOpen(s)).toBe(!TERMINAL.includes(s));
    expect([...OPEN_STATUSES].sort()).toEqual(ALL.filter((s) => !TERMINAL.includes(s)).sort());
  });

  it("allows exactly the documented moves", () => {
    const allowed = ALL.flatMap((from) =>
      ALL.filter((to) => canTransition(from, to)).map((to) => `${from}>${to}`),
    );
    expect(allowed.sort()).toEqual(
      [
        "awaiting_confirmation>received",
        "awaiting_confirmation>cancelled",
        "received>in_progress",
        "received>awaiting_fee_acceptance",
        "received>cooling_off",
        "received>completed",
        "received>refused",
        "received>cancelled",
        "received>failed",
        "in_progress>completed",
        "in_progress>refused",
        "in_progress>failed",
        "in_progress>awaiting_fee_acceptance",
        "in_progress>cancelled",
        "awaiting_fee_acceptance>in_progress",
        "awaiting_fee_acceptance>cancelled",
        "awaiting_fee_acceptance>refused",
        "cooling_off>in_progress",
        "cooling_off>cancelled",
        "failed>in_progress",
        "failed>received",
      ].sort(),
    );
    // A request awaiting the person's confirmation cannot be carried out before they confirm.
    expect(canTransition("awaiting_confirmation", "in_progress")).toBe(false);
    expect(canTransition("awaiting_confirmation", "completed")).toBe(false);
    // A further copy awaiting the fee is not completed without going back to work first.
    expect(canTransition("awaiting_fee_acceptance", "completed")).toBe(false);
  });

  it("creates with the legal clock from the real received date", async () => {
    const p = await person();
    const receivedAt = new Date("2026-01-31T10:00:00Z");
    const r = await createRequest(db, { personId: p.id, type: "copy", channel: "letter", receivedAt });
    expect(r.status).toBe("received");
    expect(r.channel).toBe("letter");
    expect(r.receivedAt.toISOString()).toBe(receivedAt.toISOString());
    expect(r.dueAt.toISOString()).toBe(dueDate(receivedAt, 1).toISOString());
    expect(effectiveDueAt(r)).toEqual(r.dueAt);
    const extended = new Date(dueDate(receivedAt, 3));
    expect(effectiveDueAt({ dueAt: r.dueAt, extendedDueAt: extended })).toEqual(extended);
  });

  it("moves along allowed edges, stamps resolvedAt on terminal ones, and refuses the rest unchanged", async () => {
    const p = await person();
    const r = await createRequest(db, { personId: p.id, type: "deletion", status: "awaiting_confirmation" });
    await expect(transitionRequest(db, r.id, "completed")).rejects.toMatchObject({ code: "not_allowed_now" });
    expect((await db.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe(
      "awaiting_confirmation",
    );

    const received = await transitionRequest(db, r.id, "received");
    expect(received.status).toBe("received");
    expect(received.resolvedAt).toBeNull();
    // The same status again is a no-op, not an error.
    expect((await transitionRequest(db, r.id, "received")).status).toBe("received");

    const done = await transitionRequest(db, r.id, "refused", { decisionReason: "manifestly unfounded" });
    expect(done.status).toBe("refused");
    expect(done.decisionReason).toBe("manifestly unfounded");
    expect(done.resolvedAt).toBeInstanceOf(Date);
    await expect(transitionRequest(db, r.id, "in_progress")).rejects.toMatchObject({
      code: "not_allowed_now",
    });
    await expect(transitionRequest(db, "no-such-request", "received")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("transitionRequestIfAllowed leaves a request alone when the move is not allowed", async () => {
    const p = await person();
    const r = await createRequest(db, { personId: p.id, type: "copy", status: "in_progress" });
    await transitionRequest(db, r.id, "cancelled");
    expect(await transitionRequestIfAllowed(db, r.id, "completed")).toBeNull();
    expect((await db.request.findUniqueOrThrow({ where: { id: r.id } })).status).toBe("cancelled");
    const other = await createRequest(db, { personId: p.id, type: "copy", status: "in_progress" });
    expect((await transitionRequestIfAllowed(db, other.id, "completed"))?.status).toBe("completed");
  });
});

describe("listMyRequests", () => {
  it("lists only the actor's own requests, with the deadline in force and a due status for open ones", async () => {
    const me = await person();
    const other = await person();
    const now = new Date("2026-03-10T12:00:00Z");
    const overdue = await createRequest(db, {
      personId: me.id,
      type: "copy",
      receivedAt: new Date("2026-01-05T09:00:00Z"),
    });
    const soon = await createRequest(db, {
      personId: me.id,
      type: "further_copy",
      receivedAt: new Date("2026-02-12T09:00:00Z"),
    });
    const extended = await createRequest(db, {
      personId: me.id,
      type: "correction",
      receivedAt: new Date("2026-02-01T09:00:00Z"),
    });
    const ext = dueDate(extended.receivedAt, 3);
    await db.request.update({
      where: { id: extended.id },
      data: { extendedDueAt: ext, extensionReason: "complex" },
    });
    const closed = await createRequest(db, {
      personId: me.id,
      type: "deletion",
      receivedAt: new Date("2026-01-02T09:00:00Z"),
    });
    await transitionRequest(db, closed.id, "completed");
    await createRequest(db, { personId: other.id, type: "copy" });

    const list = await listMyRequests(actorFor(me.id), now);
    expect(list.map((r) => r.id).sort()).toEqual([overdue.id, soon.id, extended.id, closed.id].sort());
    const byId = new Map(list.map((r) => [r.id, r]));
    expect(byId.get(overdue.id)?.dueStatus).toBe("overdue");
    expect(byId.get(soon.id)?.dueStatus).toBe("due_soon");
    expect(byId.get(extended.id)?.effectiveDueAt.toISOString()).toBe(ext.toISOString());
    expect(byId.get(extended.id)?.dueStatus).toBe("ok");
    expect(byId.get(closed.id)?.dueStatus).toBeNull();
    // Newest first.
    expect(list[0]?.id).toBe(soon.id);
  });

  it("is refused to staff who are not impersonating", async () => {
    await expect(
      listMyRequests({
        kind: "staff",
        staffMemberId: "x",
        role: "staff",
        name: "S",
        sessionId: "s",
        userId: "u",
        signedInAt: new Date(),
      }),
    ).rejects.toMatchObject({ code: "forbidden" });
  });
});
