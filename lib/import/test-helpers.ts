// Test data for the import tests: the example files made unique per test (addresses, external ids,
// numbers) and given free official test personnummer, so tests share one database without colliding.
import { randomInt, randomUUID } from "node:crypto";
import { mkdtemp, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { db } from "../db";
import { testPersonnummer } from "../validation/personnummer";
import { keyedHash } from "../crypto/keys";
import { tombstoneEmailHash } from "../erasure/tombstone";

const personnummerHash = (pnr: string) => keyedHash("personnummer", pnr);

export const EXAMPLES = path.resolve(process.cwd(), "examples/import");
export const EXAMPLE_PNR = ["19870812-2380", "19900120-2382", "19881003-2386", "19920111-2399"];

export function newTag(): string {
  return `t${randomUUID().slice(0, 8)}`;
}

export async function tempDir(): Promise<string> {
  return mkdtemp(path.join(tmpdir(), "portal-import-"));
}

// Test files run in parallel processes against one database: a number is claimed atomically (a row
// in RateLimitCounter under a bucket of its own, the only shared set the schema offers without a
// change) before use, so two tests never get the same one. The row's key is (bucket, key,
// windowStart): windowStart is fixed so the number alone decides, and count holds the minute of the
// claim. Claims are released by cleanUp; one older than an hour (a test run that died) no longer counts.
const CLAIM_BUCKET = "test:import-personnummer";
const CLAIM_WINDOW = new Date(0);
const minuteNow = () => Math.floor(Date.now() / 60_000);
const claimed: string[] = [];

/** Official test numbers that no person holds, no tombstone names and no other test has claimed. */
export async function freePersonnummer(count: number): Promise<string[]> {
  const list = await testPersonnummer();
  const out: string[] = [];
  const start = randomInt(list.length);
  await db.rateLimitCounter.deleteMany({ where: { bucket: CLAIM_BUCKET, count: { lt: minuteNow() - 60 } } });
  for (let k = 0; k < list.length && out.length < count; k++) {
    const pnr = list[(start + k) % list.length]!;
    const hash = personnummerHash(pnr);
    const [p, t] = await Promise.all([
      db.person.findUnique({ where: { personnummerHash: hash }, select: { id: true } }),
      db.tombstone.findUnique({ where: { personnummerHash: hash }, select: { id: true } }),
    ]);
    if (p || t) continue;
    const claim = await db.rateLimitCounter.createMany({
      data: [{ bucket: CLAIM_BUCKET, key: pnr, windowStart: CLAIM_WINDOW, count: minuteNow() }],
      skipDuplicates: true,
    });
    if (claim.count === 0) continue;
    claimed.push(pnr);
    out.push(pnr);
  }
  if (out.length < count) throw new Error("not enough free test personnummer");
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
  if (claimed.length > 0) {
    await db.rateLimitCounter.deleteMany({ where: { bucket: CLAIM_BUCKET, key: { in: claimed.splice(0) } } });
  }
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
