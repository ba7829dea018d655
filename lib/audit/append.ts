// The audit trail: append-only (the database refuses updates and deletes, except the one sealing of an
// entry) and tamper-evident. An entry is appended without any lock writers share: it takes its seq from
// a sequence and carries an HMAC over its content (`mac`), with a key the database never sees. The one
// sealer (sealAuditTrail, run by the worker every second) then links the entries into the chain in
// order: each sealed entry's hash is an HMAC over its content and the previous entry's hash. The head
// (latest chain position and hash) is kept in AuditHead row 1, and sealed in row 2 with an HMAC under a
// separate sub-key, so a rewound or rewritten head is detected; `npm run audit:verify` also checks it
// against heads witnessed outside the database (decisions 0011 and 0032). Entries name people by id only.
import { createHmac, randomBytes } from "node:crypto";
import { subKey } from "../crypto/keys";
import { db, type Tx } from "../db";
import { query } from "../db/read-pool";
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

/** An entry as the database holds it: the content in its column types, its mac, and the chain's hashes (null until sealed). */
export type StoredEntry = Omit<AuditContent, "seq" | "at" | "meta"> & {
  seq: bigint;
  at: Date;
  meta: unknown;
  mac: string | null;
  chainSeq: bigint | null;
  prevHash: string | null;
  hash: string | null;
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

function canonical(content: AuditContent): string {
  return JSON.stringify([
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
}

/** A sealed entry's hash: an HMAC over the previous entry's hash and the entry's content. */
export function entryHash(prevHash: string, content: AuditContent): string {
  return createHmac("sha256", subKey("audit-chain"))
    .update(prevHash)
    .update("\n")
    .update(canonical(content))
    .digest("hex");
}

/**
 * An entry's own mac, written with it: proves an entry not yet sealed is the portal's, unchanged. A
 * random nonce and an HMAC over it and the content (all but the seq, which the database assigns on
 * insert): `<nonce>.<hmac>`. The nonce makes every entry's mac unique, so a copied entry is caught.
 */
export function entryMac(content: AuditContent, nonce = randomBytes(12).toString("hex")): string {
  const hmac = createHmac("sha256", subKey("audit-entry"))
    .update(nonce)
    .update("\n")
    .update(canonical({ ...content, seq: "" }))
    .digest("hex");
  return `${nonce}.${hmac}`;
}

/** Whether an entry's mac holds for its content. */
export function macHolds(mac: string | null, content: AuditContent): boolean {
  const nonce = mac?.split(".")[0];
  return !!mac && !!nonce && mac === entryMac(content, nonce);
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

/** The columns an append writes, in the order of its values (entryValues). */
const COLUMNS = `(at, "actorType", "actorId", "personId", action, "targetType", "targetId", meta, mac)`;

/** The append as one statement, its values all parameters; the seq comes from the table's sequence. */
export const APPEND_STATEMENT = `
    INSERT INTO "AuditEntry" ${COLUMNS}
    VALUES ($1::timestamp, $2, $3, $4, $5, $6, $7, $8::jsonb, $9)`;

/** Several entries in one statement: each parameter an array of the entries' values. */
const APPEND_MANY_STATEMENT = `
    INSERT INTO "AuditEntry" ${COLUMNS}
    SELECT * FROM unnest($1::timestamp[], $2::text[], $3::text[], $4::text[], $5::text[],
                         $6::text[], $7::text[], $8::jsonb[], $9::text[])`;

/**
 * An entry's values, from who acted and what they did, in the order of COLUMNS. The time is UTC wall
 * clock (stored without zone, like every other column the portal writes); the mac covers the content.
 */
export function entryValues(actor: Actor | null, input: AuditInput): unknown[] {
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
  const c: AuditContent = {
    seq: "",
    at,
    actorType,
    actorId,
    personId: personId ?? null,
    action: input.action,
    targetType: input.targetType ?? null,
    targetId: input.targetId ?? null,
    meta: meta ?? null,
  };
  return [
    at.slice(0, -1), // an ISO instant without its "Z": its UTC wall clock
    c.actorType,
    c.actorId,
    c.personId,
    c.action,
    c.targetType,
    c.targetId,
    meta ? JSON.stringify(meta) : null,
    entryMac(c),
  ];
}

/**
 * Appends one entry in the caller's transaction, without a lock: it commits or rolls back with the
 * caller's change, and the sealer links it into the chain after it commits. One statement, one round
 * trip (its text fixed, its values parameters).
 */
export async function audit(tx: Tx, actor: Actor | null, input: AuditInput): Promise<void> {
  await tx.$executeRawUnsafe(APPEND_STATEMENT, ...entryValues(actor, input));
}

/** The most entries one statement appends. */
const APPEND_BATCH = 100;

/** Statements of this process's appends in flight at once (one per core of the machine it was measured on). */
const LANES = 2;

type Waiting = { values: unknown[]; done: (err?: unknown) => void };
/** This process's entries waiting for a statement in flight to finish, and how many are. */
const waiting: Waiting[] = [];
let appending = 0;

async function appendWaiting(): Promise<void> {
  appending++;
  while (waiting.length > 0) {
    const batch = waiting.splice(0, APPEND_BATCH);
    if (batch.length === 1) {
      await appendOne(batch[0]!);
      continue;
    }
    const columns = batch[0]!.values.map((_, c) => batch.map((w) => w.values[c]));
    const stored = await query(APPEND_MANY_STATEMENT, columns, { prepare: true }).then(
      () => true,
      () => false,
    );
    if (stored) for (const w of batch) w.done();
    // Nothing of the statement was stored: each entry again on its own, so one entry the database
    // refuses fails its own caller only.
    else for (const w of batch) await appendOne(w);
  }
  appending--;
}

function appendOne(w: Waiting): Promise<void> {
  return query(APPEND_STATEMENT, w.values, { prepare: true }).then(
    () => w.done(),
    (err: unknown) => w.done(err),
  );
}

/**
 * Appends one entry as a transaction of its own, for an action that changes nothing else (a page or a
 * record viewed, a search): resolves once the entry is committed. No transaction is opened around it
 * and no connection is held between statements: it is one autocommitted statement on the read pool's
 * connections. An entry goes at once while fewer than LANES of this process's append statements are
 * in flight; entries that arrive meanwhile go together in the next one, one commit for all of them
 * (group commit, done in the portal), so concurrent views share round trips and commits instead of
 * queueing for them. One writer's entry waits for nothing. bench/audit.ts measures it against an
 * append in a transaction of its own.
 */
export function auditAlone(actor: Actor | null, input: AuditInput): Promise<void> {
  const values = entryValues(actor, input);
  return new Promise<void>((resolve, reject) => {
    waiting.push({ values, done: (err) => (err === undefined ? resolve() : reject(err)) });
    if (appending < LANES) void appendWaiting();
  });
}

/** The most entries one sealing links into the chain. */
const SEAL_BATCH = 1000;

export type SealResult = { sealed: number; refused: string[] };

/**
 * The sealer of one worker: seals every `intervalMs` (a run that finds nothing costs one indexed read).
 * Several workers may run one each; the head's row lock lets one seal at a time.
 */
export function startAuditSealer(opts: { intervalMs?: number; log?: Pick<Console, "error"> } = {}) {
  const log = opts.log ?? console;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const tick = async () => {
    try {
      // A full batch means more are waiting: go on at once.
      while (!stopped && (await sealAuditTrail()).sealed === SEAL_BATCH);
    } catch (err) {
      log.error(`[audit] sealing failed: ${(err as Error).name}`);
    }
    if (!stopped) timer = setTimeout(tick, opts.intervalMs ?? 1000);
  };
  timer = setTimeout(tick, 0);
  return {
    stop: () => {
      stopped = true;
      clearTimeout(timer);
    },
  };
}

/**
 * Links the committed entries not yet in the chain into it, oldest seq first, and moves the head and
 * its seal: one transaction holding the head's row, so sealers never interleave. An entry whose mac
 * does not hold (written around the portal, or altered) is not sealed: it stays out of the chain, and
 * `npm run audit:verify` reports it.
 */
export async function sealAuditTrail(
  client: Pick<typeof db, "$transaction"> = db,
  limit = SEAL_BATCH,
): Promise<SealResult> {
  return client.$transaction(async (tx) => {
    let head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
      SELECT seq, hash FROM "AuditHead" WHERE id = ${HEAD_ROW} FOR UPDATE`;
    if (head.length === 0) {
      await tx.$executeRaw`INSERT INTO "AuditHead" (id, seq, hash) VALUES (${HEAD_ROW}, 0, ${GENESIS}) ON CONFLICT DO NOTHING`;
      head = await tx.$queryRaw<{ seq: bigint; hash: string }[]>`
        SELECT seq, hash FROM "AuditHead" WHERE id = ${HEAD_ROW} FOR UPDATE`;
    }
    const pending: StoredEntry[] = await tx.auditEntry.findMany({
      where: { chainSeq: null },
      orderBy: { seq: "asc" },
      take: limit,
    });
    let prev = head[0]!.hash;
    let position = BigInt(head[0]!.seq);
    const seqs: string[] = [];
    const positions: string[] = [];
    const prevs: string[] = [];
    const hashes: string[] = [];
    const refused: string[] = [];
    for (const entry of pending) {
      const content = contentOf(entry);
      if (!macHolds(entry.mac, content)) {
        refused.push(entry.seq.toString());
        continue;
      }
      position += 1n;
      const hash = entryHash(prev, content);
      seqs.push(entry.seq.toString());
      positions.push(position.toString());
      prevs.push(prev);
      hashes.push(hash);
      prev = hash;
    }
    if (refused.length > 0)
      console.error(`[audit] ${refused.length} entries fail their mac and stay unsealed`);
    if (seqs.length === 0) return { sealed: 0, refused };
    const at = new Date().toISOString();
    const seal = headSeal(position.toString(), prev);
    await tx.$executeRaw`
      UPDATE "AuditEntry" AS e
         SET "chainSeq" = v.c, "prevHash" = v.p, hash = v.h
        FROM unnest(${seqs}::bigint[], ${positions}::bigint[], ${prevs}::text[], ${hashes}::text[]) AS v(s, c, p, h)
       WHERE e.seq = v.s`;
    await tx.$executeRaw`
      WITH head AS (
        UPDATE "AuditHead" SET seq = ${position.toString()}::bigint, hash = ${prev},
          at = (${at}::timestamptz AT TIME ZONE 'UTC')
        WHERE id = ${HEAD_ROW}
      )
      INSERT INTO "AuditHead" (id, seq, hash, at)
      VALUES (${SEAL_ROW}, ${position.toString()}::bigint, ${seal}, (${at}::timestamptz AT TIME ZONE 'UTC'))
      ON CONFLICT (id) DO UPDATE SET seq = excluded.seq, hash = excluded.hash, at = excluded.at`;
    return { sealed: seqs.length, refused };
  });
}

function sortKeys(obj: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.keys(obj)
      .sort()
      .map((k) => [k, obj[k]]),
  );
}
