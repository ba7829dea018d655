// Actors for the staff console's tests: real staff members and sessions (names show up on pages and
// in the activity log), people who belong to one test only.
import { randomUUID } from "node:crypto";
import { db } from "../lib/db";
import type { ImpersonationActor, PersonActor, StaffActor } from "../lib/auth/actor";

export async function makeStaffActor(
  role: "staff" | "admin" = "staff",
  name = "Test Staff",
): Promise<StaffActor> {
  const email = `staff-${randomUUID()}@test.example`;
  const member = await db.staffMember.create({ data: { email, name, role } });
  const user = await db.user.create({ data: { email } });
  const session = await db.session.create({
    data: {
      sessionToken: randomUUID() + randomUUID(),
      userId: user.id,
      expires: new Date(Date.now() + 86_400_000),
    },
  });
  return {
    kind: "staff",
    sessionId: session.id,
    userId: user.id,
    signedInAt: session.createdAt,
    staffMemberId: member.id,
    role,
    name,
  };
}

export async function makePersonActor(personId: string): Promise<PersonActor> {
  const existing = await db.user.findUnique({ where: { personId } });
  const user =
    existing ?? (await db.user.create({ data: { email: `user-${randomUUID()}@test.example`, personId } }));
  return { kind: "person", sessionId: randomUUID(), userId: user.id, signedInAt: new Date(), personId };
}

export function impersonating(
  staff: StaffActor,
  personId: string,
  impersonationId = "imp-test",
): ImpersonationActor {
  return {
    ...staff,
    kind: "impersonation",
    personId,
    impersonationId,
    reason: "test",
    expiresAt: new Date(Date.now() + 30 * 60_000),
  };
}
