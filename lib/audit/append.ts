// The audit trail: append-only (the database refuses updates and deletes) and tamper-evident: each
// entry carries an HMAC over its content and the previous entry's hash, with a key the database
// never sees. The head (latest seq and hash) is kept in AuditHead row 1, and sealed in row 2 with an
// HMAC under a separate sub-key, so a rewound or rewritten head is detected; `npm run audit:verify`
// also checks it against heads witnessed outside the database (docs/decisions/0011-audit-head.md).
// Entries name people by id only.
import { createHmac } from "node:crypto";
import { subKey } from "../crypto/keys";
import type { Tx } from "../db";
import type { Actor } from "../auth/actor";

export type AuditInput = {
  action: string;
  personId?: string | null;
  targetType?: string;
  targetId?: string;
  meta?: Record<string, string | number | boolean | null>;
};

export const GENESIS = "genesis";
/** AuditHead rows: the head the chain continues from, and its seal. */
export const HEAD_ROW = 1;
export const SEAL_ROW = 2;

export type AuditContent = {
  seq: string;
  at: string;
  actorType: string;
  actorId: string | null;
  personId: string | null;
  action: string;
  targetType: string | null;
  targetId: string | null;
  meta: Record<string, unknown> | null;
};

export function entryHash(prevHash: string, content: AuditContent): string {
  const canonical = JSON.stringify([
    content.seq,
    content.at,
    content.actorType,
    content.actorId,
    content.personId,
    content.action,
    content.targetType,
    content.targetId,
    content.meta ? sortKeys(content.meta) : null,
  ]);
  return createHmac("sha256", subKey("audit-chain"))
    .update(prevHash)
    .update("\n")
    .update(canonical)
    .digest("hex");
}

/**
 * The head's seal: an HMAC over (seq, hash) under its own sub-key. Without the key a rewritten head
 * (e.g. rewound after the tail of the chain was deleted) cannot be sealed again.
 */
export function headSeal(seq: string, hash: string): string {
  return createHmac("sha256", subKey("audit-head")).update(`${seq}:${hash}`).digest("hex");
}

export function actorFields(actor: Actor | null): { actorType: string; actorId: string | null } {
  if (!actor) return { actorType: "system", actorId: null };
  switch (actor.kind) {
    case "person":
      return { actorType: "person", actorId: actor.personId };
    case "staff":
      return { actorType: actor.role, actorId: actor.staffMemberId };
    case "impersonation":
      return { actorType: "impersonation", actorId: actor.staffMemberId };
    case "system":
      return { actorType: "system", actorId: actor.name };
  }
}

/** Appends one entry in the caller's transaction; the head row lock orders the chain. */
export async function audit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  const head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
  let prevHash = GENESIS;
  if (head.length === 0) {
    await tx.$executeRaw`INSERT INTO "AuditHead" (id, seq, hash) VALUES (1, 0, ${GENESIS}) ON CONFLICT DO NOTHING`;
    const locked = await tx.$queryRaw<
      { hash: string }[]
    >`SELECT hash FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
    prevHash = locked[0]!.hash;
  } else {
    prevHash = head[0]!.hash;
  }
  const seqRows = await tx.$queryRaw<{ nextval: bigint }[]>`
    SELECT nextval(pg_get_serial_sequence('"AuditEntry"', 'seq')) AS nextval`;
  const nextval = seqRows[0]!.nextval;
  const at = new Date();
  const { actorType, actorId } = actorFields(actor);
  const personId =
    input.personId ?? (actor && actor.kind !== "staff" && actor.kind !== "system" ? actor.personId : null);
  // Impersonation: both identities (staff id as actor, person id) plus the impersonation, whose row
  // holds the reason.
  const meta =
    actor?.kind === "impersonation"
      ? { ...(input.meta ?? {}), impersonationId: actor.impersonationId }
      : input.meta;
  const content: AuditContent = {
    seq: nextval.toString(),
    at: at.toISOString(),
    actorType,
    actorId,
    personId: personId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    meta: meta ?? null,
  };
  const hash = entryHash(prevHash, content);
  await tx.auditEntry.create({
    data: {
      seq: nextval,
      at,
      actorType,
      actorId,
      personId: content.personId,
      action: input.action,
      targetType: content.targetType,
      targetId: content.targetId,
      meta: meta ?? undefined,
      prevHash,
      hash,
    },
  });
  await tx.auditHead.update({ where: { id: HEAD_ROW }, data: { seq: nextval, hash, at } });
  const seal = headSeal(content.seq, hash);
  await tx.auditHead.upsert({
    where: { id: SEAL_ROW },
    create: { id: SEAL_ROW, seq: nextval, hash: seal, at },
    update: { seq: nextval, hash: seal, at },
  });
}

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  );
}
