// Verifies the audit trail: every sealed entry's keyed hash over its content and the previous entry's
// hash, in chain order; every entry's own mac (sealed or waiting for the sealer); the head (AuditHead
// row 1) against the last sealed entry, the head's seal (row 2, a separate sub-key), and the heads
// witnessed outside the database (head-file.ts). It reads one consistent snapshot, so it can run while
// the portal keeps appending and the sealer sealing, and it names the first entry that does not hold
// (its chain position; an unsealed entry by its seq).
//
// What each attack looks like here:
// - an entry altered in place: its hash no longer matches its content under the key ("entry_altered");
// - an entry removed from the middle: the next entry's prevHash points at nothing ("link_broken");
// - the tail removed: the head, its seal or a witnessed head records entries past the end
//   ("tail_removed"), even when the head row was rewound to the new last entry;
// - the chain recomputed without the key: the first recomputed entry fails its HMAC ("entry_altered");
// - an entry not yet sealed, altered or written around the portal: its mac fails ("entry_altered").
// An entry removed before the sealer reached it leaves no trace (the sealer runs every second).
import type { PrismaClient } from "../generated/prisma/client";
import {
  contentOf,
  entryHash,
  macHolds,
  GENESIS,
  HEAD_ROW,
  headSeal,
  SEAL_ROW,
  type StoredEntry,
} from "./append";
import { readWitnessedHeads } from "./head-file";

export type VerifyProblem =
  | "entry_altered"
  | "link_broken"
  | "tail_removed"
  | "head_mismatch"
  | "head_seal_invalid"
  | "witness_mismatch"
  | "witness_invalid";

export type VerifyResult =
  | { ok: true; checked: number; head: { seq: string; hash: string } | null }
  | { ok: false; checked: number; problem: VerifyProblem; firstBadSeq: string | null; message: string };

export type VerifyOptions = {
  /** A file of witnessed heads to check the chain against (null: none). */
  headFile?: string | null;
  /** Start at this chain position, trusting its prevHash (the entries before it are not checked). */
  fromSeq?: bigint;
  batchSize?: number;
};

export async function verifyAuditChain(
  client: PrismaClient,
  opts: VerifyOptions = {},
): Promise<VerifyResult> {
  const batchSize = opts.batchSize ?? 2000;
  const witness = opts.headFile ? readWitnessedHeads(opts.headFile) : { heads: [], badLines: [] };
  if (witness.badLines.length > 0) {
    return {
      ok: false,
      checked: 0,
      problem: "witness_invalid",
      firstBadSeq: null,
      message: `line ${witness.badLines[0]} of the head file is not a head sealed with this key`,
    };
  }

  return client.$transaction(
    async (tx): Promise<VerifyResult> => {
      const headRows = await tx.auditHead.findMany({ where: { id: { in: [HEAD_ROW, SEAL_ROW] } } });
      const head = headRows.find((h) => h.id === HEAD_ROW) ?? null;
      const seal = headRows.find((h) => h.id === SEAL_ROW) ?? null;

      let prev = GENESIS;
      let after = -1n;
      if (opts.fromSeq !== undefined) {
        const start = await tx.auditEntry.findUnique({ where: { chainSeq: opts.fromSeq } });
        if (!start || start.prevHash === null || start.chainSeq === null) {
          return fail(
            "link_broken",
            opts.fromSeq,
            0,
            `there is no entry with seq ${opts.fromSeq} to start from`,
          );
        }
        prev = start.prevHash;
        after = start.chainSeq - 1n;
      }
      const startAfter = after;
      const witnessed = new Map(
        witness.heads.filter((w) => BigInt(w.seq) > startAfter).map((w) => [w.seq, w.hash] as const),
      );

      let checked = 0;
      let last: (StoredEntry & { chainSeq: bigint; hash: string }) | null = null;
      for (;;) {
        const rows: StoredEntry[] = await tx.auditEntry.findMany({
          where: { chainSeq: { gt: after } },
          orderBy: { chainSeq: "asc" },
          take: batchSize,
        });
        if (rows.length === 0) break;
        for (const r of rows) {
          const position = r.chainSeq!;
          if (r.prevHash !== prev) {
            return fail(
              "link_broken",
              position,
              checked,
              `entry ${position} does not follow the entry before it: an entry was removed or the link was changed`,
            );
          }
          if (
            r.hash !== entryHash(prev, contentOf(r)) ||
            (r.mac !== null && !macHolds(r.mac, contentOf(r)))
          ) {
            return fail(
              "entry_altered",
              position,
              checked,
              `entry ${position} does not match its keyed hash: it was altered, or recomputed without the key`,
            );
          }
          const w = witnessed.get(position.toString());
          if (w !== undefined) {
            if (w !== r.hash) {
              return fail(
                "witness_mismatch",
                position,
                checked,
                `entry ${position} differs from the head witnessed for it`,
              );
            }
            witnessed.delete(position.toString());
          }
          prev = r.hash;
          last = { ...r, chainSeq: position, hash: r.hash };
          checked++;
        }
        after = rows[rows.length - 1]!.chainSeq!;
      }

      // Every mac is unique (a nonce in each): a copy of an entry is not the portal's.
      const copied = await tx.$queryRaw<{ seq: bigint }[]>`
        SELECT max(seq) AS seq FROM "AuditEntry" WHERE mac IS NOT NULL GROUP BY mac HAVING count(*) > 1
        ORDER BY 1 LIMIT 1`;
      if (copied.length > 0) {
        return fail(
          "entry_altered",
          copied[0]!.seq,
          checked,
          `the entry with seq ${copied[0]!.seq} is a copy of another entry`,
        );
      }

      // The entries the sealer has not reached yet: each must be the portal's, unchanged.
      for (let afterSeq = -1n; ;) {
        const rows: StoredEntry[] = await tx.auditEntry.findMany({
          where: { chainSeq: null, seq: { gt: afterSeq } },
          orderBy: { seq: "asc" },
          take: batchSize,
        });
        if (rows.length === 0) break;
        for (const r of rows) {
          if (!macHolds(r.mac, contentOf(r)) || r.prevHash !== null || r.hash !== null) {
            return fail(
              "entry_altered",
              r.seq,
              checked,
              `the entry with seq ${r.seq}, not sealed yet, does not match its keyed mac: it was altered, or written around the portal`,
            );
          }
          checked++;
        }
        afterSeq = rows[rows.length - 1]!.seq;
      }

      const endSeq = last ? last.chainSeq : startAfter < 0n ? 0n : startAfter;
      const firstMissing = endSeq + 1n;
      for (const [seq] of witnessed) {
        if (BigInt(seq) > endSeq) {
          return fail(
            "tail_removed",
            firstMissing,
            checked,
            `a head witnessed outside the database records seq ${seq}, but the chain ends at ${endSeq}`,
          );
        }
        return fail(
          "witness_mismatch",
          BigInt(seq),
          checked,
          `the witnessed entry ${seq} is missing from the chain`,
        );
      }

      if (!head) {
        if (!last) return { ok: true, checked, head: null };
        return fail("head_mismatch", last.seq, checked, "the chain has entries but no head");
      }
      if (seal && seal.seq > head.seq && seal.seq > endSeq) {
        return fail(
          "tail_removed",
          firstMissing,
          checked,
          `the sealed head records seq ${seal.seq}, but the chain ends at ${endSeq}`,
        );
      }
      if (head.seq > endSeq) {
        return fail(
          "tail_removed",
          firstMissing,
          checked,
          `the head records seq ${head.seq}, but the chain ends at ${endSeq}`,
        );
      }
      if (!last || head.seq < endSeq || head.hash !== last.hash) {
        return fail(
          "head_mismatch",
          last ? (head.seq < endSeq ? head.seq + 1n : last.chainSeq) : head.seq,
          checked,
          `the head (seq ${head.seq}) does not match the last entry (seq ${endSeq})`,
        );
      }
      if (!seal || seal.seq !== head.seq || seal.hash !== headSeal(head.seq.toString(), head.hash)) {
        return fail(
          "head_seal_invalid",
          head.seq,
          checked,
          `the head's seal does not match the head (seq ${head.seq})`,
        );
      }
      return { ok: true, checked, head: { seq: head.seq.toString(), hash: head.hash } };
    },
    { isolationLevel: "RepeatableRead", maxWait: 30_000, timeout: 30 * 60_000 },
  );
}

function fail(problem: VerifyProblem, seq: bigint, checked: number, message: string): VerifyResult {
  return { ok: false, checked, problem, firstBadSeq: seq.toString(), message };
}
