// Heads witnessed outside the database: one line per checkpoint, "seq hash seal iso-time", appended
// to AUDIT_HEAD_FILE (default .data/audit-head.log). A database writer who deletes the tail of the
// chain and rewinds the head (even with a seal saved earlier) cannot take back a head written here.
// In production this file belongs on storage the database's writer cannot rewrite (an append-only
// file, a WORM bucket, a log shipper); see docs/decisions/0011-audit-head.md.
import { appendFileSync, existsSync, mkdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { headSeal } from "./append";

export type WitnessedHead = { line: number; seq: string; hash: string; seal: string; at: string };

export function defaultHeadFile(): string {
  return path.resolve(process.cwd(), process.env.AUDIT_HEAD_FILE ?? ".data/audit-head.log");
}

/** Every line of the file; a line that does not parse or whose seal is wrong is reported as such. */
export function readWitnessedHeads(file: string): { heads: WitnessedHead[]; badLines: number[] } {
  if (!existsSync(file)) return { heads: [], badLines: [] };
  const heads: WitnessedHead[] = [];
  const badLines: number[] = [];
  const lines = readFileSync(file, "utf8").split("\n");
  lines.forEach((text, i) => {
    if (!text.trim()) return;
    const m = /^(\d+) ([0-9a-f]{64}) ([0-9a-f]{64}) (\S+)$/.exec(text.trim());
    if (!m || headSeal(m[1]!, m[2]!) !== m[3]) {
      badLines.push(i + 1);
      return;
    }
    heads.push({ line: i + 1, seq: m[1]!, hash: m[2]!, seal: m[3]!, at: m[4]! });
  });
  return { heads, badLines };
}

/** Appends a verified head (skipped when the last line already records it). */
export function appendWitnessedHead(file: string, seq: string, hash: string, at = new Date()): boolean {
  const { heads } = readWitnessedHeads(file);
  const last = heads[heads.length - 1];
  if (last && last.seq === seq && last.hash === hash) return false;
  mkdirSync(path.dirname(file), { recursive: true });
  appendFileSync(file, `${seq} ${hash} ${headSeal(seq, hash)} ${at.toISOString()}\n`, { mode: 0o600 });
  return true;
}
