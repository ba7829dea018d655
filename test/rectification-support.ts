// Shared by the rectification tests: actors, people with test personnummer, and what to read back.
import { randomUUID } from "node:crypto";
import { beforeAll } from "vitest";
import { db } from "@/lib/db";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { isAppError, type AppError } from "@/lib/errors";
import type { ImpersonationActor, StaffActor } from "@/lib/auth/actor";
import { encryptForPerson, keyedHash } from "@/lib/crypto/keys";
import { birthDateOf } from "@/lib/validation/personnummer";
import { claimPersonnummer } from "@/test/personnummer";
import { uniqueEmail } from "@/test/factories";

const base = () => ({ sessionId: randomUUID(), userId: randomUUID(), signedInAt: new Date() });

export { personWithLogin } from "@/test/factories";

/** Seeds the data map (categories, recipients) once before the file's tests. */
export function withDataMap() {
  beforeAll(async () => {
    await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
  });
}

/** The AppError a use-case refuses with; fails when it succeeds or fails otherwise. */
export async function refusal(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    if (isAppError(err)) return err;
    throw err;
  }
  throw new Error("expected a refusal");
}

export async function staffMember(name = "Sara Support") {
  return db.staffMember.create({ data: { email: uniqueEmail("staff"), name, role: "staff" } });
}

export async function staffActor(): Promise<StaffActor> {
  const s = await staffMember();
  return { ...base(), kind: "staff", staffMemberId: s.id, role: "staff", name: s.name };
}

export async function impersonationActor(
  personId: string,
  name = "Ivar Impersonator",
): Promise<ImpersonationActor> {
  const s = await staffMember(name);
  return {
    ...base(),
    kind: "impersonation",
    staffMemberId: s.id,
    role: "staff",
    name: s.name,
    personId,
    impersonationId: randomUUID(),
    reason: "phone call",
    expiresAt: new Date(Date.now() + 30 * 60_000),
  };
}

/** Test personnummer nobody holds yet and no other test has claimed. */
export const freePersonnummer = claimPersonnummer;

export async function givePersonnummer(personId: string, pnr: string) {
  await db.$transaction(async (tx) => {
    await tx.person.update({
      where: { id: personId },
      data: {
        personnummerEnc: await encryptForPerson(tx, personId, pnr),
        personnummerHash: keyedHash("personnummer", pnr),
        dateOfBirth: new Date(`${birthDateOf(pnr)}T00:00:00.000Z`),
      },
    });
  });
}

export async function syncJobs(personId: string): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${personId}`;
  return Number(rows[0]!.n);
}

export async function tasksByKind(personId: string): Promise<Record<string, string[]>> {
  const rows = await db.recipientTask.findMany({ where: { personId }, orderBy: { recipientKey: "asc" } });
  const out: Record<string, string[]> = {};
  for (const r of rows) (out[r.kind] ??= []).push(r.recipientKey);
  return out;
}

/** Everything a correction could touch, to compare before and after a refused attempt. */
export async function snapshot(personId: string) {
  const [person, company, changes, sources, tasks, audits, requests, emailChanges, users] = await Promise.all(
    [
      db.person.findUnique({ where: { id: personId } }),
      db.company.findUnique({ where: { personId } }),
      db.changeEntry.count({ where: { personId } }),
      db.fieldSource.findMany({ where: { personId }, orderBy: { field: "asc" } }),
      db.recipientTask.count({ where: { personId } }),
      db.auditEntry.count({ where: { personId } }),
      db.request.count({ where: { personId } }),
      db.emailChange.count({ where: { personId } }),
      db.user.findMany({ where: { personId }, select: { email: true } }),
    ],
  );
  return {
    person,
    company,
    changes,
    sources,
    tasks,
    audits,
    requests,
    emailChanges,
    users,
    jobs: await syncJobs(personId),
  };
}
