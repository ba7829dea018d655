// A restriction (Art. 18) stops the newsletter sync and marketing until staff lift it, and the person
// is told before it is lifted.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { seedDataMap } from "../datamap/policy-map";
import { deliverEmail } from "../email/send";
import { HANDLERS } from "../jobs/handlers";
import type { StaffActor } from "../auth/actor";
import { fileOwnRequest } from "../privacy/own-request";
import { announceLift, liftRestriction, liftState } from "./restriction";
import { resolveRequest } from "./decisions";
import { impersonating, makePersonActor, makeStaffActor } from "../../test/staff-support";

let staff: StaffActor;
beforeAll(async () => {
  staff = await makeStaffActor();
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

const sync = (personId: string) => HANDLERS["newsletter.sync"]!({ personId });

describe("restriction", () => {
  it("stops the newsletter sync for that person until it is lifted, after the person was told", async () => {
    const person = await makePerson();
    await db.consentState.create({
      data: { personId: person.id, channel: "email", topic: "news", status: "given", legalBasis: "consent" },
    });
    // Before: the sync goes ahead (demo mode without a partner: "not_configured", not skipped).
    expect(await sync(person.id)).not.toBe("skipped_restricted");

    const me = await makePersonActor(person.id);
    await expect(fileOwnRequest(me, { type: "restriction" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const { requestId, existing } = await fileOwnRequest(me, {
      type: "restriction",
      ground: "accuracy_contested",
      details: "My address is wrong",
    });
    expect(existing).toBe(false);
    const restricted = await db.person.findUniqueOrThrow({ where: { id: person.id } });
    expect(restricted.restrictedAt).toBeInstanceOf(Date);
    expect(restricted.restrictionReason).toBe("accuracy_contested");
    expect(await sync(person.id)).toBe("skipped_restricted");
    // Every recipient is told (Art. 19): a task per recipient on the request.
    const recipients = await db.recipient.count();
    expect(await db.recipientTask.count({ where: { requestId, kind: "restriction_notice" } })).toBe(
      recipients,
    );
    expect(await db.emailMessage.count({ where: { personId: person.id, kind: "restrictionApplied" } })).toBe(
      1,
    );
    // A second request while one is open does not restrict twice.
    expect(await fileOwnRequest(me, { type: "restriction", ground: "legal_claims" })).toEqual({
      requestId,
      existing: true,
    });
    await expect(resolveRequest(staff, { requestId })).rejects.toMatchObject({
      detail: { reason: "open_tasks" },
    });

    // Lifting: refused until the person has been told.
    await expect(liftRestriction(staff, person.id)).rejects.toMatchObject({ detail: { reason: "not_told" } });
    await announceLift(staff, {
      personId: person.id,
      reason: "Your address has been checked and is correct.",
    });
    expect(await liftState(db, person.id)).toBe("telling");
    await expect(liftRestriction(staff, person.id)).rejects.toMatchObject({ detail: { reason: "not_told" } });
    const notice = await db.emailMessage.findFirstOrThrow({
      where: { personId: person.id, kind: "restrictionLiftNotice" },
    });
    expect(notice.text).toContain("Your address has been checked and is correct.");
    await deliverEmail(notice.id);
    expect(await liftState(db, person.id)).toBe("told");
    expect(await sync(person.id)).toBe("skipped_restricted");

    await liftRestriction(staff, person.id);
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).restrictedAt).toBeNull();
    expect(await sync(person.id)).not.toBe("skipped_restricted");
    // The partner catches up: a sync job was queued with the lifting.
    const jobs = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${person.id}`;
    expect(jobs[0]!.n).toBeGreaterThan(0);
  });

  it("an objection needs the person's reasons; only the person files either", async () => {
    const person = await makePerson();
    const me = await makePersonActor(person.id);
    await expect(fileOwnRequest(me, { type: "objection", details: "no" })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const r = await fileOwnRequest(me, {
      type: "objection",
      details: "I do not want to be profiled for offers.",
    });
    const row = await db.request.findUniqueOrThrow({ where: { id: r.requestId } });
    expect(row).toMatchObject({
      type: "objection",
      status: "received",
      channel: "portal",
      personId: person.id,
    });
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).restrictedAt).toBeNull();

    await expect(
      fileOwnRequest(impersonating(staff, person.id), { type: "restriction", ground: "legal_claims" }),
    ).rejects.toMatchObject({ code: "forbidden" });
    await expect(
      fileOwnRequest(staff, { type: "restriction", ground: "legal_claims" }),
    ).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).restrictedAt).toBeNull();
  });
});
