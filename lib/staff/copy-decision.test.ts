// Further copies: free, with a fee the person accepts first (nothing is built before), or refused.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { deliveredFreeCopy, makePerson } from "../../test/factories";
import { createRequest } from "../privacy/requests";
import { refuseRequest } from "./decisions";
import { getRequestForStaff } from "./queue";
import { allowedActions, loadRequestFacts } from "./request-actions";
import type { StaffActor } from "../auth/actor";
import { acceptFee, declineFee, getFeeOffer } from "../privacy/copy/fee";
import { decideCopy } from "./copy-decision";
import { impersonating, makePersonActor, makeStaffActor } from "../../test/staff-support";

let staff: StaffActor;
beforeAll(async () => {
  staff = await makeStaffActor();
});

async function furtherCopyRequest(type: "further_copy" | "copy" = "further_copy") {
  const person = await makePerson({ language: "sv" });
  const request = await db.$transaction((tx) => createRequest(tx, { personId: person.id, type }));
  return { person, request };
}

/** copy.build jobs for any copy of the person (the job data holds the copy id only). */
async function buildJobs(personId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pgboss.job
    WHERE name = 'copy.build' AND data->>'copyId' IN (SELECT id FROM "Copy" WHERE "personId" = ${personId})`;
  return rows[0]!.n;
}

describe("a fee for a further copy", () => {
  it("nothing is built before the person accepts; then one copy (not the free one) and one job", async () => {
    const { person, request } = await furtherCopyRequest();
    await expect(
      decideCopy(staff, {
        requestId: request.id,
        decision: "fee",
        feeSek: "0",
        basis: "Staff time, 30 minutes",
      }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await decideCopy(staff, {
      requestId: request.id,
      decision: "fee",
      feeSek: "150,50",
      basis: "Staff time, 30 minutes",
    });

    const waiting = await db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(waiting).toMatchObject({ status: "awaiting_fee_acceptance", feeOre: 15050, feeAcceptedAt: null });
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(0);
    expect(await buildJobs(person.id)).toBe(0);
    // Announced to the person first, with the amount and how it is calculated.
    const mail = await db.emailMessage.findFirstOrThrow({ where: { personId: person.id, kind: "feeOffer" } });
    expect(mail.text).toContain("150,50");
    expect(mail.text).toContain("Staff time, 30 minutes");
    expect(mail.text).toContain(`/requests/fee/${request.id}`);

    // Nobody else accepts it: not staff, not staff viewing as the person, not another person.
    await expect(acceptFee(staff, request.id)).rejects.toMatchObject({ code: "forbidden" });
    await expect(acceptFee(impersonating(staff, person.id), request.id)).rejects.toMatchObject({
      code: "forbidden",
    });
    const other = await makePerson();
    await expect(acceptFee(await makePersonActor(other.id), request.id)).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(getFeeOffer(await makePersonActor(other.id), request.id)).rejects.toMatchObject({
      code: "not_found",
    });
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(0);
    expect(await buildJobs(person.id)).toBe(0);

    const me = await makePersonActor(person.id);
    expect(await getFeeOffer(me, request.id)).toMatchObject({
      feeOre: 15050,
      basis: "Staff time, 30 minutes",
    });
    const { copyId } = await acceptFee(me, request.id);
    const copy = await db.copy.findUniqueOrThrow({ where: { id: copyId } });
    expect(copy).toMatchObject({ personId: person.id, requestId: request.id, free: false, status: "queued" });
    expect(await buildJobs(person.id)).toBe(1);
    const accepted = await db.request.findUniqueOrThrow({ where: { id: request.id } });
    expect(accepted.status).toBe("in_progress");
    expect(accepted.feeAcceptedAt).toBeInstanceOf(Date);
    // Accepting twice makes nothing more.
    await expect(acceptFee(me, request.id)).rejects.toMatchObject({ code: "not_allowed_now" });
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(1);
  });

  it("declining cancels the request and makes nothing", async () => {
    const { person, request } = await furtherCopyRequest();
    await decideCopy(staff, {
      requestId: request.id,
      decision: "fee",
      feeSek: "200",
      basis: "Printing and postage",
    });
    await declineFee(await makePersonActor(person.id), request.id);
    expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("cancelled");
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(0);
    expect(await buildJobs(person.id)).toBe(0);
  });

  it("the first copy is always free: no fee while the free copy is unused", async () => {
    const { person, request } = await furtherCopyRequest("copy");
    await expect(
      decideCopy(staff, {
        requestId: request.id,
        decision: "fee",
        feeSek: "100",
        basis: "Staff time, 30 minutes",
      }),
    ).rejects.toMatchObject({ code: "not_allowed_now", detail: { reason: "free_copy_due" } });
    const { copyId } = await decideCopy(staff, { requestId: request.id, decision: "free" });
    expect(await db.copy.findUniqueOrThrow({ where: { id: copyId! } })).toMatchObject({
      free: true,
      status: "queued",
    });
    expect(await buildJobs(person.id)).toBe(1);
    await expect(decideCopy(staff, { requestId: request.id, decision: "free" })).rejects.toMatchObject({
      code: "copy_in_progress",
    });
  });
});

describe("deciding a further copy", () => {
  it("free: a copy that is not the free one, built at once", async () => {
    const { person, request } = await furtherCopyRequest();
    const { copyId } = await decideCopy(staff, { requestId: request.id, decision: "free" });
    expect(await db.copy.findUniqueOrThrow({ where: { id: copyId! } })).toMatchObject({
      free: false,
      requestId: request.id,
    });
    expect(await buildJobs(person.id)).toBe(1);
  });

  it("refused only as manifestly unfounded or excessive, with reasons", async () => {
    const { person, request } = await furtherCopyRequest();
    await expect(
      decideCopy(staff, { requestId: request.id, decision: "refuse", reason: "Third request this week." }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await decideCopy(staff, {
      requestId: request.id,
      decision: "refuse",
      ground: "excessive",
      reason: "Third request this week.",
    });
    expect(await db.request.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
      status: "refused",
      decisionReason: "Third request this week.",
    });
    expect(await db.emailMessage.count({ where: { personId: person.id, kind: "refusal" } })).toBe(1);
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(0);
  });
});

describe("the guard: a delivered free copy gets no fee, refusal or grant", () => {
  async function deliveredFreeCopyOf() {
    const person = await makePerson({ language: "sv" });
    return { person, request: await deliveredFreeCopy(person.id) };
  }

  it("every copy decision and the plain refusal are refused, as the page offers none; nothing changes", async () => {
    const { person, request } = await deliveredFreeCopyOf();
    const facts = await loadRequestFacts(db, request, new Date(), 12);
    expect([...allowedActions(facts)]).toEqual([]);
    expect((await getRequestForStaff(staff, request.id)).actions).toEqual([]);
    const before = await db.request.findUniqueOrThrow({ where: { id: request.id } });

    await expect(
      decideCopy(staff, {
        requestId: request.id,
        decision: "fee",
        feeSek: "100",
        basis: "Staff time, 30 minutes",
      }),
    ).rejects.toMatchObject({ code: "copy_in_progress", detail: { reason: "copy_made" } });
    await expect(
      decideCopy(staff, {
        requestId: request.id,
        decision: "refuse",
        ground: "excessive",
        reason: "Third request this week.",
      }),
    ).rejects.toMatchObject({ code: "not_allowed_now", detail: { reason: "copy_made" } });
    await expect(decideCopy(staff, { requestId: request.id, decision: "free" })).rejects.toMatchObject({
      code: "copy_in_progress",
    });
    await expect(
      refuseRequest(staff, {
        requestId: request.id,
        reason: "Third request this week.",
        ground: "excessive",
      }),
    ).rejects.toMatchObject({ code: "not_allowed_now", detail: { reason: "copy_made" } });

    expect(await db.request.findUniqueOrThrow({ where: { id: request.id } })).toEqual(before);
    expect(await db.copy.count({ where: { personId: person.id } })).toBe(1);
    expect(await db.emailMessage.count({ where: { personId: person.id } })).toBe(0);
  });

  it("the same person's further copy: the page offers grant, fee and refusal, and the fee is allowed", async () => {
    const { person } = await deliveredFreeCopyOf();
    const further = await db.$transaction((tx) =>
      createRequest(tx, { personId: person.id, type: "further_copy" }),
    );
    expect((await getRequestForStaff(staff, further.id)).actions.sort()).toEqual(["fee", "grant", "refuse"]);
    await decideCopy(staff, {
      requestId: further.id,
      decision: "fee",
      feeSek: "100",
      basis: "Staff time, 30 minutes",
    });
    expect((await db.request.findUniqueOrThrow({ where: { id: further.id } })).status).toBe(
      "awaiting_fee_acceptance",
    );
    // Now only a refusal is left, and the page says so too.
    expect((await getRequestForStaff(staff, further.id)).actions).toEqual(["refuse"]);
  });
});
