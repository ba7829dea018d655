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
import type { AuditAction } from "./actions";

export type AuditInput = {
  /** One of lib/audit/actions.ts, each labelled in both languages for the console. */
  action: AuditAction;
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

/** An entry as the database holds it: the content in its column types, and the chain's hashes. */
export type StoredEntry = Omit<AuditContent, "seq" | "at" | "meta"> & {
  seq: bigint;
  at: Date;
  meta: unknown;
  prevHash: string;
  hash: string;
};

/** The hashed content of a stored entry. */
export function contentOf(r: StoredEntry): AuditContent {
  return {
    seq: r.seq.toString(),
    at: r.at.toISOString(),
    actorType: r.actorType,
    actorId: r.actorId,
    personId: r.personId,
    action: r.action,
    targetType: r.targetType,
    targetId: r.targetId,
    meta: (r.meta as Record<string, unknown> | null) ?? null,
  };
}

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

/**
 * Appends one entry in the caller's transaction. The head row lock orders the chain: the entry takes
 * the next number after the head (so the chain has no gaps), and the entry, the head and its seal are
 * written in one statement, so the lock is held for two round trips.
 */
export async function audit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  let head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
    SELECT seq, hash FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
  if (head.length === 0) {
    await tx.$executeRaw`INSERT INTO "AuditHead" (id, seq, hash) VALUES (1, 0, ${GENESIS}) ON CONFLICT DO NOTHING`;
    head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
      SELECT seq, hash FROM "AuditHead" WHERE id = 1 FOR UPDATE`;
  }
  const prevHash = head[0]!.hash;
  const seq = (BigInt(head[0]!.seq) + 1n).toString();
  const at = new Date().toISOString();
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
    seq,
    at,
    actorType,
    actorId,
    personId: personId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    meta: meta ?? null,
  };
  const hash = entryHash(prevHash, content);
  const seal = headSeal(seq, hash);
  // Timestamps are stored as UTC without zone, like every other column the portal writes.
  await tx.$executeRaw`
    WITH entry AS (
      INSERT INTO "AuditEntry"
        (seq, at, "actorType", "actorId", "personId", action, "targetType", "targetId", meta, "prevHash", hash)
      VALUES (${seq}::bigint, (${at}::timestamptz AT TIME ZONE 'UTC'), ${actorType}, ${actorId},
        ${content.personId}, ${content.action}, ${content.targetType}, ${content.targetId},
        ${meta ? JSON.stringify(meta) : null}::jsonb, ${prevHash}, ${hash})
    ), head AS (
      UPDATE "AuditHead" SET seq = ${seq}::bigint, hash = ${hash}, at = (${at}::timestamptz AT TIME ZONE 'UTC')
      WHERE id = ${HEAD_ROW}
    )
    INSERT INTO "AuditHead" (id, seq, hash, at)
    VALUES (${SEAL_ROW}, ${seq}::bigint, ${seal}, (${at}::timestamptz AT TIME ZONE 'UTC'))
    ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at`;
}

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  );
}
