// Test data for the import tests: the example files made unique per test (addresses, external ids,
// numbers) and given free official test personnummer, so tests share one database without colliding.
import { randomUUID } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "../lib/db";
import { tombstoneEmailHash } from "../lib/erasure/tombstone";
import { claimPersonnummer, personnummerHash, releasePersonnummer } from "./personnummer";

export const EXAMPLES = path.resolve(process.cwd(), "examples/import");
export const EXAMPLE_PNR = ["19870812-2380", "19900120-2382", "19881003-2386", "19920111-2399"];

export function newTag(): string {
  return `t${randomUUID().slice(0, 8)}`;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "portal-import-"));
}

const claimed: string[] = [];

/** Official test numbers that no person holds, no tombstone names and no other test has claimed. */
export async function freePersonnummer(count: number): Promise<string[]> {
  const out = await claimPersonnummer(count);
  claimed.push(...out);
  return out;
}

/** Rewrites example text for one test: its own addresses, ids, numbers and personnummer. */
export function retag(text: string, tag: string, pnrs: ReadonlyMap<string, string>): string {
  let out = text
    .replace(/@import\.example/gi, `@${tag}.import.example`)
    .replace(/\b(?:[KNCOFPW]-\d{4,5}|GA-[0-9a-f]{8}|2026-000\d)\b/g, (m) => `${tag}-${m}`);
  for (const [from, to] of pnrs) {
    out = out.split(from).join(to).split(from.replace("-", "")).join(to.replace("-", ""));
  }
  return out;
}

/** Copies an example file into a temporary folder, made unique; returns the new path. */
export async function exampleCopy(
  name: string,
  dir: string,
  tag: string,
  pnrs: ReadonlyMap<string, string>,
): Promise<string> {
  const text = await readFile(path.join(EXAMPLES, name), "utf8");
  const target = path.join(dir, name);
  await writeFile(target, retag(text, tag, pnrs));
  return target;
}

export async function pnrMap(): Promise<Map<string, string>> {
  const free = await freePersonnummer(EXAMPLE_PNR.length);
  return new Map(EXAMPLE_PNR.map((p, i) => [p, free[i]!]));
}

const tombstones: string[] = [];

/**
 * Removes what a test imported under its tag (people cascade; held vouchers are removed by id), the
 * tombstones it made and the personnummer it claimed, so the 300 test numbers never run out.
 */
export async function cleanUp(tag: string): Promise<void> {
  await db.payment.deleteMany({ where: { externalId: { startsWith: `${tag}-` } } });
  await db.invoice.deleteMany({ where: { externalId: { startsWith: `${tag}-` } } });
  await db.person.deleteMany({ where: { email: { endsWith: `@${tag}.import.example` } } });
  if (tombstones.length > 0) await db.tombstone.deleteMany({ where: { id: { in: tombstones.splice(0) } } });
  await releasePersonnummer(claimed.splice(0));
}

export async function tombstone(email: string, pnr?: string): Promise<void> {
  const row = await db.tombstone.create({
    data: { emailHash: tombstoneEmailHash(email), personnummerHash: pnr ? personnummerHash(pnr) : null },
  });
  tombstones.push(row.id);
}

export async function readReport(file: string): Promise<Record<string, unknown>[]> {
  const text = await readFile(file, "utf8");
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}
