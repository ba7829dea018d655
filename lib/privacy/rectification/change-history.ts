// The change history of corrections: append-only ChangeEntry rows whose before and after values are
// encrypted with the person's own data key (erasure destroys the key, so the history goes with it),
// written in the transaction of the change, together with FieldSource.portalUpdatedAt so an import
// never overwrites what the person corrected.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { db, type Tx } from "@/lib/db";
import { type Actor } from "@/lib/auth/actor";
import { AppError } from "@/lib/errors";
import { decryptReadable, encryptForPerson, existingDataKey } from "@/lib/crypto/keys";
import { maskPersonnummer } from "@/lib/validation/personnummer";
import { MASKED_FIELDS, type ChangeField, type FieldChange } from "./fields";

export type ChangeActorType = "person" | "impersonation" | "staff";
export type ChangeAuthor = { actorType: ChangeActorType; staffMemberId: string | null };

/** Who made a change, as the history records it. */
export function authorOf(actor: Actor): ChangeAuthor {
  switch (actor.kind) {
    case "person":
      return { actorType: "person", staffMemberId: null };
    case "impersonation":
      return { actorType: "impersonation", staffMemberId: actor.staffMemberId };
    case "staff":
      return { actorType: "staff", staffMemberId: actor.staffMemberId };
    case "system":
      throw new AppError("forbidden");
  }
}

/** Writes only what changed: one ChangeEntry per field and its FieldSource mark, same transaction. */
export async function recordChanges(
  tx: Tx,
  personId: string,
  changes: FieldChange[],
  author: ChangeAuthor,
  at: Date,
): Promise<void> {
  for (const c of changes) {
    if (c.old === c.new) continue;
    await tx.changeEntry.create({
      data: {
        personId,
        at,
        field: c.field,
        oldEnc: c.old === null ? null : await encryptForPerson(tx, personId, c.old),
        newEnc: c.new === null ? null : await encryptForPerson(tx, personId, c.new),
        actorType: author.actorType,
        staffMemberId: author.staffMemberId,
      },
    });
    await tx.fieldSource.upsert({
      where: { personId_field: { personId, field: c.field } },
      create: { personId, field: c.field, portalUpdatedAt: at },
      update: { portalUpdatedAt: at },
    });
  }
}

/** Only the fields whose value actually differs. */
export function onlyChanged(changes: FieldChange[]): FieldChange[] {
  return changes.filter((c) => (c.old ?? null) !== (c.new ?? null));
}

export type HistoryEntry = {
  id: string;
  at: Date;
  field: ChangeField | string;
  old: string | null;
  new: string | null;
  actorType: string;
  staffName: string | null;
};

/** The person's correction history, newest first, decrypted with their key; identity numbers masked. */
export const changeHistory = defineUseCase(
  "details.history",
  { action: "data.view", callers: SUBJECT },
  async (actor, limit: number = 200): Promise<HistoryEntry[]> => {
    const personId = actor.personId;
    const rows = await db.changeEntry.findMany({
      where: { personId },
      orderBy: [{ at: "desc" }, { id: "desc" }],
      take: limit,
    });
    if (rows.length === 0) return [];
    const key = await existingDataKey(db, personId);
    const staffIds = [...new Set(rows.map((r) => r.staffMemberId).filter((x): x is string => !!x))];
    const staff = staffIds.length
      ? await db.staffMember.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })
      : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    return rows.map((r) => ({
      id: r.id.toString(),
      at: r.at,
      field: r.field,
      old: shown(r.field, decryptReadable(key, r.oldEnc)),
      new: shown(r.field, decryptReadable(key, r.newEnc)),
      actorType: r.actorType,
      staffName: r.staffMemberId ? (names.get(r.staffMemberId) ?? null) : null,
    }));
  },
);

function shown(field: string, value: string | null): string | null {
  if (value === null || !MASKED_FIELDS.has(field as ChangeField)) return value;
  // A company's own organisation number is public; a personnummer (also a sole trader's) is masked.
  return /^\d{8}-\d{4}$/.test(value) ? maskPersonnummer(value) : value;
}
