// Official test personnummer (lib/seed/test-personnummer.txt, Skatteverket's list) for tests that give
// a person one. Test files and end-to-end workers run in parallel against one database, so a number is
// claimed atomically before use: a row in test_support.personnummer_claim, a table of the tests' own
// that this helper creates (never a table of the portal's), keyed by the number's keyed hash (the one
// Person and Tombstone use; the numbers themselves are not stored). A number is free when no person
// holds it, no tombstone names it and no claim younger than an hour stands (older ones are from a run
// that died: their number is held by a person or a tombstone if it was used).
import { randomInt } from "node:crypto";
import { keyedHash } from "../lib/crypto/keys";
import { testPersonnummer } from "../lib/validation/personnummer";

async function database() {
  const { db } = await import("../lib/db");
  return db;
}

let ready: Promise<void> | undefined;

function ensureTable(): Promise<void> {
  ready ??= (async () => {
    const db = await database();
    // One creator at a time: CREATE … IF NOT EXISTS alone can still collide between processes.
    await db.$transaction(async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext('test_support.personnummer_claim'))`;
      await tx.$executeRawUnsafe(`CREATE SCHEMA IF NOT EXISTS test_support`);
      await tx.$executeRawUnsafe(
        `CREATE TABLE IF NOT EXISTS test_support.personnummer_claim (
           hash text PRIMARY KEY,
           claimed_at timestamptz NOT NULL DEFAULT now()
         )`,
      );
    });
  })();
  return ready;
}

export function personnummerHash(pnr: string): string {
  return keyedHash("personnummer", pnr);
}

/** `count` official test numbers that no person holds, no tombstone names and no other test claimed. */
export async function claimPersonnummer(count: number): Promise<string[]> {
  await ensureTable();
  const db = await database();
  const list = await testPersonnummer();
  const start = randomInt(list.length);
  const out: string[] = [];
  for (let k = 0; k < list.length && out.length < count; k++) {
    const pnr = list[(start + k) % list.length]!;
    const hash = personnummerHash(pnr);
    const [person, tomb] = await Promise.all([
      db.person.count({ where: { personnummerHash: hash } }),
      db.tombstone.count({ where: { personnummerHash: hash } }),
    ]);
    if (person + tomb > 0) continue;
    const claimed = await db.$queryRaw<{ hash: string }[]>`
      INSERT INTO test_support.personnummer_claim (hash) VALUES (${hash})
      ON CONFLICT (hash) DO UPDATE SET claimed_at = now()
        WHERE test_support.personnummer_claim.claimed_at < now() - interval '1 hour'
      RETURNING hash`;
    if (claimed.length === 1) out.push(pnr);
  }
  if (out.length < count) throw new Error("not enough free test personnummer");
  return out;
}

/** One free official test number, claimed for this test. */
export async function claimOnePersonnummer(): Promise<string> {
  return (await claimPersonnummer(1))[0]!;
}

/** Gives the numbers back (a test that removed the people and tombstones it made with them). */
export async function releasePersonnummer(pnrs: readonly string[]): Promise<void> {
  if (pnrs.length === 0) return;
  await ensureTable();
  const db = await database();
  const hashes = pnrs.map(personnummerHash);
  await db.$executeRaw`DELETE FROM test_support.personnummer_claim WHERE hash = ANY(${hashes})`;
}
