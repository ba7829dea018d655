// The staff view of one person: details (personnummer masked), requests with the legal clock, recipient
// tasks, consent history, change history (decrypted with the person's key, identity numbers masked),
// audit entries and impersonations. Viewing it is audited, and the person sees it in their activity log.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db } from "../db";
import { audit } from "../audit/append";
import { decryptReadable, existingDataKey } from "../crypto/keys";
import { AppError } from "../errors";
import { requestRow } from "../privacy/request-row";
import { maskPersonnummer } from "../validation/personnummer";
import { displayName, namesOf } from "./queue";
import { liftState } from "./restriction";

/** A person page viewed again within this time adds no second line to the person's activity log. */
const VIEW_EVENT_MINUTES = 30;

export const getPersonForStaff = defineUseCase(
  "staff.get_person_for_staff",
  { action: "staff.search", callers: ["staff"] },
  async (staff, personId: string, now: Date = new Date()) => {
    const person = await db.person.findUnique({
      where: { id: personId },
      include: { company: true, consentStates: { orderBy: [{ channel: "asc" }, { topic: "asc" }] } },
    });
    if (!person) throw new AppError("not_found");
    const key = await existingDataKey(db, personId);

    const [requests, tasks, consentEvents, changes, auditEntries, impersonations] = await Promise.all([
      db.request.findMany({
        where: { personId },
        orderBy: { receivedAt: "desc" },
        take: 200,
        include: { _count: { select: { tasks: { where: { status: "open" } } } } },
      }),
      db.recipientTask.findMany({
        where: { OR: [{ personId }, { request: { personId } }] },
        orderBy: [{ status: "desc" }, { createdAt: "desc" }],
        take: 200,
      }),
      db.consentEvent.findMany({ where: { personId }, orderBy: { at: "desc" }, take: 200 }),
      db.changeEntry.findMany({ where: { personId }, orderBy: [{ at: "desc" }, { id: "desc" }], take: 200 }),
      db.auditEntry.findMany({ where: { personId }, orderBy: { seq: "desc" }, take: 100 }),
      db.impersonation.findMany({ where: { personId }, orderBy: { startedAt: "desc" }, take: 50 }),
    ]);
    const names = await namesOf([
      ...tasks.map((t) => t.doneById),
      ...consentEvents.map((e) => e.staffMemberId),
      ...changes.map((c) => c.staffMemberId),
      ...impersonations.map((i) => i.staffMemberId),
      ...auditEntries
        .filter((a) => a.actorType !== "person" && a.actorType !== "system")
        .map((a) => a.actorId),
    ]);

    await db.$transaction(async (tx) => {
      await audit(tx, staff, {
        action: "staff.person_viewed",
        personId,
        targetType: "person",
        targetId: personId,
      });
      const recent = await tx.accessEvent.count({
        where: {
          personId,
          kind: "data_viewed_by_staff",
          staffMemberId: staff.staffMemberId,
          at: { gt: new Date(now.getTime() - VIEW_EVENT_MINUTES * 60_000) },
        },
      });
      if (recent === 0) {
        await tx.accessEvent.create({
          data: { personId, kind: "data_viewed_by_staff", staffMemberId: staff.staffMemberId, at: now },
        });
      }
    });

    const pnr = decryptReadable(key, person.personnummerEnc);
    const soleTraderOrg = person.company?.orgNumberEnc
      ? decryptReadable(key, person.company.orgNumberEnc)
      : null;
    return {
      id: person.id,
      name: displayName(person),
      firstName: person.firstName,
      lastName: person.lastName,
      email: person.email,
      phone: person.phone,
      kind: person.kind,
      language: person.language,
      createdAt: person.createdAt,
      dateOfBirth: person.dateOfBirth,
      personnummer: pnr ? mask(pnr) : null,
      company: person.company
        ? {
            name: person.company.name,
            orgNumber: person.company.orgNumber ?? (soleTraderOrg ? mask(soleTraderOrg) : null),
            soleTrader: person.company.soleTrader,
            contactPerson: person.company.contactPerson,
          }
        : null,
      restrictedAt: person.restrictedAt,
      restrictionReason: person.restrictionReason,
      liftState: await liftState(db, personId),
      consentStates: person.consentStates,
      requests: requests.map((r) => ({ ...requestRow(r, now), openTasks: r._count.tasks })),
      tasks: tasks.map((t) => ({ ...t, doneByName: t.doneById ? (names.get(t.doneById) ?? null) : null })),
      consentEvents: consentEvents.map((e) => ({
        ...e,
        id: e.id.toString(),
        staffName: e.staffMemberId ? (names.get(e.staffMemberId) ?? null) : null,
      })),
      changes: changes.map((c) => ({
        id: c.id.toString(),
        at: c.at,
        field: c.field,
        old: shown(decryptReadable(key, c.oldEnc)),
        new: shown(decryptReadable(key, c.newEnc)),
        actorType: c.actorType,
        staffName: c.staffMemberId ? (names.get(c.staffMemberId) ?? null) : null,
      })),
      auditEntries: auditEntries.map((a) => ({
        seq: a.seq.toString(),
        at: a.at,
        actorType: a.actorType,
        actorName: a.actorId ? (names.get(a.actorId) ?? null) : null,
        action: a.action,
        targetType: a.targetType,
        targetId: a.targetId,
      })),
      impersonations: impersonations.map((i) => ({
        ...i,
        staffName: names.get(i.staffMemberId) ?? "—",
        state: impersonationState(i, now),
      })),
    };
  },
);

export function impersonationState(i: { endedAt: Date | null; expiresAt: Date }, now: Date) {
  if (i.endedAt) return "ended" as const;
  return i.expiresAt <= now ? ("expired" as const) : ("active" as const);
}

/** Nobody sees a full personnummer in the portal: the last four digits stay hidden. */
function mask(value: string): string {
  return /^\d{8}-\d{4}$/.test(value) ? maskPersonnummer(value) : "****";
}

function shown(value: string | null): string | null {
  if (value === null) return null;
  return value.replace(/\b(\d{8})-?\d{4}\b/g, (_m, date: string) => `${date}-****`);
}
