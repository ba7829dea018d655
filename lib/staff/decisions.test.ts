// Extension (Art. 12(3)), refusal (Art. 12(4)), resolution with recipient tasks, and the queue.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { createRequest } from "../privacy/requests";
import { createRecipientTask } from "../privacy/tasks";
import { dueDate } from "../privacy/legal-clock";
import type { StaffActor } from "../auth/actor";
import { extendRequest, refuseRequest, resolveRequest, assignRequest, addRequestNote } from "./decisions";
import { completeTask, listOpenTasks } from "./tasks";
import { getRequestForStaff, listRequestQueue } from "./queue";
import { makeStaffActor } from "../../test/staff-support";

let staff: StaffActor;
beforeAll(async () => {
  staff = await makeStaffActor("staff", "Sven Testare");
});

const DAY = 86_400_000;

async function requestFor(
  type: "objection" | "copy" | "further_copy" | "correction" | "deletion",
  receivedAt: Date,
) {
  const person = await makePerson({ language: "en" });
  const request = await db.$transaction((tx) => createRequest(tx, { personId: person.id, type, receivedAt }));
  return { person, request };
}

describe("extension", () => {
  it("is allowed within the first month, by at most two further months counted from receipt, once", async () => {
    const receivedAt = new Date(Date.now() - 10 * DAY);
    const { person, request } = await requestFor("objection", receivedAt);
    await expect(
      extendRequest(staff, { requestId: request.id, months: 3, reason: "Many records to go through" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      extendRequest(staff, { requestId: request.id, months: 0, reason: "Many records to go through" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(
      extendRequest(staff, { requestId: request.id, months: 2, reason: "short" }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    const extended = await extendRequest(staff, {
      requestId: request.id,
      months: 2,
      reason: "Many records to go through",
    });
    expect(extended.toISOString()).toBe(dueDate(receivedAt, 3).toISOString());
    const row = await db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.extendedDueAt?.toISOString()).toBe(dueDate(receivedAt, 3).toISOString());
    expect(row.extensionReason).toBe("Many records to go through");
    // The person is told at once, with the reason.
    const mail = await db.emailMessage.findFirstOrThrow({
      where: { personId: person.id, kind: "extension" },
    });
    expect(mail.to).toBe(person.email);
    expect(mail.text).toContain("Many records to go through");
    // Only once: a second extension would go beyond two further months.
    await expect(
      extendRequest(staff, { requestId: request.id, months: 1, reason: "Even more records" }),
    ).rejects.toMatchObject({ code: "not_allowed_now", detail: { reason: "already_extended" } });
  });

  it("one further month gives the deadline two months from receipt", async () => {
    const receivedAt = new Date(Date.now() - 2 * DAY);
    const { request } = await requestFor("objection", receivedAt);
    const extended = await extendRequest(staff, {
      requestId: request.id,
      months: 1,
      reason: "Complex request here",
    });
    expect(extended.toISOString()).toBe(dueDate(receivedAt, 2).toISOString());
  });

  it("is refused once the first month has run out", async () => {
    const receivedAt = new Date(Date.now() - 40 * DAY);
    const { request } = await requestFor("objection", receivedAt);
    expect(request.dueAt.getTime()).toBeLessThan(Date.now());
    await expect(
      extendRequest(staff, { requestId: request.id, months: 2, reason: "Many records to go through" }),
    ).rejects.toMatchObject({ code: "not_allowed_now", detail: { reason: "first_month_over" } });
    // The boundary: on the due day's last instant it is still allowed, a moment later not.
    const { request: r2 } = await requestFor("objection", receivedAt);
    await expect(
      extendRequest(staff, { requestId: r2.id, months: 2, reason: "Many records to go through" }, r2.dueAt),
    ).resolves.toBeInstanceOf(Date);
    const { request: r3 } = await requestFor("objection", receivedAt);
    await expect(
      extendRequest(
        staff,
        { requestId: r3.id, months: 2, reason: "Many records to go through" },
        new Date(r3.dueAt.getTime() + 1),
      ),
    ).rejects.toMatchObject({ code: "not_allowed_now" });
    expect((await db.request.findUniqueOrThrow({ where: { id: r3.id } })).extendedDueAt).toBeNull();
  });
});

describe("refusal", () => {
  it("tells the person the reasons, and their rights to complain to IMY or their own authority and to go to court", async () => {
    const { person, request } = await requestFor("objection", new Date());
    await refuseRequest(staff, { requestId: request.id, reason: "We have compelling legitimate grounds." });
    const row = await db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(row).toMatchObject({
      status: "refused",
      decisionReason: "We have compelling legitimate grounds.",
    });
    const mail = await db.emailMessage.findFirstOrThrow({ where: { personId: person.id, kind: "refusal" } });
    expect(mail.text).toContain("We have compelling legitimate grounds.");
    expect(mail.text).toMatch(/IMY/);
    expect(mail.text).toMatch(/where you live or work \(GDPR Art\. 77\)/);
    expect(mail.text).toMatch(/court \(GDPR Art\. 79\)/);
  });

  it("refuses a further copy only as manifestly unfounded or excessive", async () => {
    const { request } = await requestFor("further_copy", new Date());
    await expect(
      refuseRequest(staff, { requestId: request.id, reason: "Asked every day this month." }),
    ).rejects.toMatchObject({
      code: "invalid_input",
    });
    await refuseRequest(staff, {
      requestId: request.id,
      reason: "Asked every day this month.",
      ground: "excessive",
    });
    expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("refused");
  });
});

describe("resolving and recipient tasks", () => {
  it("a request cannot be resolved while a recipient task is open; ticking it names the staff member", async () => {
    const { person, request } = await requestFor("objection", new Date());
    const task = await db.$transaction((tx) =>
      createRecipientTask(tx, {
        requestId: request.id,
        personId: person.id,
        recipientKey: "paypal",
        kind: "correction_notice",
      }),
    );
    await expect(resolveRequest(staff, { requestId: request.id })).rejects.toMatchObject({
      code: "not_allowed_now",
      detail: { reason: "open_tasks", openTasks: 1 },
    });
    expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("received");
    expect((await listOpenTasks(staff)).some((t) => t.id === task.id)).toBe(true);

    await completeTask(staff, { taskId: task.id, note: "Sent through PayPal's form" });
    const done = await db.recipientTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(done).toMatchObject({
      status: "done",
      doneById: staff.staffMemberId,
      note: "Sent through PayPal's form",
    });
    expect(done.doneAt).toBeInstanceOf(Date);
    await expect(completeTask(staff, { taskId: task.id })).rejects.toMatchObject({ code: "not_allowed_now" });

    await resolveRequest(staff, { requestId: request.id, note: "Objection upheld, processing stopped." });
    const row = await db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(row.status).toBe("completed");
    expect(row.resolvedAt).toBeInstanceOf(Date);
    expect(await db.emailMessage.count({ where: { personId: person.id, kind: "resolved" } })).toBe(1);
  });

  it("a deletion is completed by the erasure, and a copy only once a copy was made", async () => {
    const { request: deletion } = await requestFor("deletion", new Date());
    await expect(resolveRequest(staff, { requestId: deletion.id })).rejects.toMatchObject({
      detail: { reason: "erasure_completes" },
    });
    const { request: copy } = await requestFor("copy", new Date());
    await expect(resolveRequest(staff, { requestId: copy.id })).rejects.toMatchObject({
      detail: { reason: "copy_not_built" },
    });
  });
});

describe("the queue", () => {
  it("shows received and due dates, due marks, assignment and notes", async () => {
    const old = await requestFor("objection", new Date(Date.now() - 40 * DAY));
    const fresh = await requestFor("objection", new Date());
    await assignRequest(staff, { requestId: fresh.request.id, staffMemberId: staff.staffMemberId });
    await addRequestNote(staff, { requestId: fresh.request.id, text: "Called the customer back." });
    const { rows } = await listRequestQueue(staff, { type: "objection", status: "open", assigned: "" });
    const oldRow = rows.find((r) => r.id === old.request.id);
    expect(oldRow?.dueStatus).toBe("overdue");
    const mine = await listRequestQueue(staff, { assigned: "me" });
    expect(mine.rows.map((r) => r.id)).toEqual([fresh.request.id]);
    expect(mine.rows[0]).toMatchObject({ assignedToName: "Sven Testare", dueStatus: "ok" });
    const detail = await getRequestForStaff(staff, fresh.request.id);
    expect(detail.notes.map((n) => [n.text, n.staffName])).toEqual([
      ["Called the customer back.", "Sven Testare"],
    ]);
    expect(detail.canExtend).toBe(true);
    expect((await getRequestForStaff(staff, old.request.id)).canExtend).toBe(false);
  });
});
