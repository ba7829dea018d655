import type { Tx } from "@/lib/db";
import { assertCan, type Actor, type SubjectActor } from "@/lib/auth/actor";
import type { Action } from "@/lib/auth/policy";
import { AppError } from "@/lib/errors";

/** The person acting for themself, or staff impersonating them; the person id is the actor's. */
export function requireSubjectActor(actor: Actor | null, action: Action): SubjectActor {
  assertCan(actor, action);
  if (actor.kind !== "person" && actor.kind !== "impersonation") throw new AppError("forbidden");
  return actor;
}

/** Locks the person's row for the rest of the transaction: concurrent corrections queue up. */
export async function lockPersonRow(tx: Tx, personId: string): Promise<boolean> {
  const rows = await tx.$queryRaw<
    { id: string }[]
  >`SELECT id FROM "Person" WHERE id = ${personId} FOR UPDATE`;
  return rows.length === 1;
}
