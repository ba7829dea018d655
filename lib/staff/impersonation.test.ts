// Impersonation: a reason, a time limit, both identities on every audit entry, and the person sees it.
import { HANDLERS } from "../jobs/handlers";
import { describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { actorFromSessionToken, type ImpersonationActor } from "../auth/actor";
import { audit } from "../audit/append";
import { listActivity } from "../privacy/activity";
import {
  closeExpiredImpersonations,
  listImpersonations,
  startImpersonation,
  stopImpersonation,
} from "./impersonation";
import { getPersonForStaff } from "./person";
import { makeStaffActor } from "../../test/staff-support";

async function tokenOf(sessionId: string) {
  return (await db.session.findUniqueOrThrow({ where: { id: sessionId } })).sessionToken;
}

describe("impersonation", () => {
  it("needs a reason, lasts the set time, and records both identities; the person sees who and why", async () => {
    const staff = await makeStaffActor("admin", "Ada Admin");
    const person = await makePerson();
    await expect(startImpersonation(staff, { personId: person.id, reason: " " })).rejects.toMatchObject({
      code: "invalid_input",
    });
    const now = new Date();
    const imp = await startImpersonation(
      staff,
      { personId: person.id, reason: "Ticket 4711, phone call" },
      now,
    );
    expect(imp.expiresAt.getTime() - now.getTime()).toBe(30 * 60_000);

    const actor = (await actorFromSessionToken(await tokenOf(staff.sessionId))) as ImpersonationActor;
    expect(actor).toMatchObject({
      kind: "impersonation",
      personId: person.id,
      staffMemberId: staff.staffMemberId,
    });
    await db.$transaction((tx) =>
      audit(tx, actor, { action: "details.corrected", targetType: "person", targetId: person.id }),
    );
    const entry = await db.auditEntry.findFirstOrThrow({
      where: { personId: person.id, action: "details.corrected" },
    });
    expect(entry).toMatchObject({
      actorType: "impersonation",
      actorId: staff.staffMemberId,
      personId: person.id,
    });
    expect(entry.meta).toMatchObject({ impersonationId: imp.id });

    const activity = await listActivity(actor);
    expect(activity.find((a) => a.kind === "impersonation_start")).toMatchObject({
      staffName: "Ada Admin",
      reason: "Ticket 4711, phone call",
    });
    expect((await listImpersonations(staff)).find((i) => i.id === imp.id)).toMatchObject({
      staffName: "Ada Admin",
      state: "active",
      reason: "Ticket 4711, phone call",
    });

    await stopImpersonation(actor);
    expect((await actorFromSessionToken(await tokenOf(staff.sessionId)))?.kind).toBe("staff");
    expect((await db.impersonation.findUniqueOrThrow({ where: { id: imp.id } })).endedAt).toBeInstanceOf(
      Date,
    );
  });

  it("ends by itself at expiry: the session is staff again at once, the job closes it and the person sees the end", async () => {
    const staff = await makeStaffActor();
    const person = await makePerson();
    const imp = await startImpersonation(staff, { personId: person.id, reason: "Helping with preferences" });
    await db.impersonation.update({
      where: { id: imp.id },
      data: { expiresAt: new Date(Date.now() - 1000) },
    });
    expect((await actorFromSessionToken(await tokenOf(staff.sessionId)))?.kind).toBe("staff");
    expect(await HANDLERS["impersonation.expire"]!({})).toBeGreaterThanOrEqual(1);
    await closeExpiredImpersonations();
    const closed = await db.impersonation.findUniqueOrThrow({ where: { id: imp.id } });
    expect(closed.endedAt?.getTime()).toBe(closed.expiresAt.getTime());
    expect(await db.accessEvent.count({ where: { personId: person.id, kind: "impersonation_end" } })).toBe(1);
  });

  it("viewing a person page is audited and shown in the person's activity, personnummer masked", async () => {
    const staff = await makeStaffActor("staff", "Sam Staff");
    const person = await makePerson();
    const view = await getPersonForStaff(staff, person.id);
    expect(view.personnummer).toBeNull();
    expect(
      await db.auditEntry.count({
        where: { personId: person.id, action: "staff.person_viewed", actorId: staff.staffMemberId },
      }),
    ).toBe(1);
    await getPersonForStaff(staff, person.id);
    // Audited each time; the activity log gets one line per half hour.
    expect(await db.auditEntry.count({ where: { personId: person.id, action: "staff.person_viewed" } })).toBe(
      2,
    );
    expect(await db.accessEvent.count({ where: { personId: person.id, kind: "data_viewed_by_staff" } })).toBe(
      1,
    );
  });
});
