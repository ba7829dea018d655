// The audit trail's tamper evidence, attacked the way someone with database rights (but not the
// portal's keys) would: switching off the append-only trigger, changing rows, deleting the tail,
// rewinding the head, recomputing the chain. Each test runs on its own freshly migrated database
// (other test files append to the shared one concurrently), so "the first bad entry" is exact.
import { afterEach, describe, expect, inject, it } from "vitest";
import { createHmac, randomUUID } from "node:crypto";
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import pg from "pg";
import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient } from "../generated/prisma/client";
import { deployMigrations } from "../db/schema-engine";
import { systemActor } from "../auth/actor";
import { audit, contentOf, GENESIS, headSeal, sealAuditTrail } from "./append";
import { verifyAuditChain } from "./verify";
import { appendWitnessedHead } from "./head-file";
import type { AuditAction } from "./actions"; // test-only actions, outside the labelled list

type Fresh = { url: string; client: PrismaClient; close: () => Promise<void> };
const cleanups: (() => Promise<void>)[] = [];

afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});

async function freshDatabase(): Promise<Fresh> {
  const base = new URL(inject("databaseUrl"));
  const name = `audit_verify_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const admin = new pg.Client({ connectionString: base.toString() });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const u = new URL(base.toString());
  u.pathname = `/${name}`;
  const url = u.toString();
  const dropDb = async () => {
    const a = new pg.Client({ connectionString: base.toString() });
    await a.connect();
    await a.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await a.end();
  };
  await deployMigrations(url);
  const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 3 }) });
  const fresh = {
    url,
    client,
    close: async () => {
      await client.$disconnect();
      await dropDb();
    },
  };
  cleanups.push(fresh.close);
  return fresh;
}

function tempHeadFile(): string {
  const dir = mkdtempSync(path.join(tmpdir(), "audit-head-"));
  cleanups.push(async () => rmSync(dir, { recursive: true, force: true }));
  return path.join(dir, "audit-head.log");
}

/** Appends entries, then runs the sealer (as the worker does within a second) unless told not to. */
async function appendEntries(client: PrismaClient, n: number, { seal = true } = {}): Promise<void> {
  for (let i = 0; i < n; i++) {
    await client.$transaction((tx) =>
      audit(tx, systemActor("import"), {
        action: `test.entry_${i}` as AuditAction,
        personId: randomUUID(),
        targetType: "thing",
        targetId: String(i),
        meta: { n: i, ok: true },
      }),
    );
  }
  if (seal) await sealAuditTrail(client);
}

async function seqs(client: PrismaClient): Promise<bigint[]> {
  return (await client.auditEntry.findMany({ select: { seq: true }, orderBy: { seq: "asc" } })).map(
    (r) => r.seq,
  );
}

/** What an attacker with database rights does: switch off the append-only trigger for a moment. */
async function asAttacker(client: PrismaClient, work: () => Promise<unknown>): Promise<void> {
  await client.$executeRawUnsafe(`ALTER TABLE "AuditEntry" DISABLE TRIGGER "AuditEntry_append_only"`);
  try {
    await work();
  } finally {
    await client.$executeRawUnsafe(`ALTER TABLE "AuditEntry" ENABLE TRIGGER "AuditEntry_append_only"`);
  }
}

/** `npm run audit:verify` against the fresh database, the test's own connections closed first. */
async function runVerifyCommand(fresh: Fresh, headFile: string, extra: string[] = []) {
  await fresh.client.$disconnect();
  const child = spawn(
    process.execPath,
    ["--import", "tsx", "scripts/audit-verify.ts", "--head-file", headFile, ...extra],
    {
      env: { ...process.env, DATABASE_URL: fresh.url },
    },
  );
  let output = "";
  child.stdout.on("data", (d: Buffer) => (output += d.toString()));
  child.stderr.on("data", (d: Buffer) => (output += d.toString()));
  const status = await new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
  return { status, output };
}

describe("audit:verify", () => {
  it("passes on a fresh chain, and records the verified head outside the database", async () => {
    const fresh = await freshDatabase();
    const { client } = fresh;
    const headFile = tempHeadFile();
    expect((await runVerifyCommand(fresh, headFile)).status).toBe(0); // an empty trail is a valid trail
    await appendEntries(client, 5);
    const run = await runVerifyCommand(fresh, headFile);
    expect(run.output).toContain("Audit trail OK: 5 entries verified");
    expect(run.status).toBe(0);
    const [last] = (await seqs(client)).slice(-1);
    expect(readFileSync(headFile, "utf8")).toMatch(new RegExp(`^${last} [0-9a-f]{64} [0-9a-f]{64} `, "m"));
    // The database refuses the change without the attacker's step.
    await expect(client.$executeRawUnsafe(`UPDATE "AuditEntry" SET action = 'x'`)).rejects.toThrow(
      /append-only/,
    );
  });

  it("fails, naming the entry, after a row is altered directly in the database", async () => {
    const fresh = await freshDatabase();
    const { client } = fresh;
    await appendEntries(client, 6);
    const target = (await seqs(client))[2]!;
    await asAttacker(client, () =>
      client.$executeRawUnsafe(`UPDATE "AuditEntry" SET "personId" = 'someone-else' WHERE seq = ${target}`),
    );
    const run = await runVerifyCommand(fresh, tempHeadFile());
    expect(run.status).toBe(1);
    expect(run.output).toContain(`first bad entry seq ${target} (entry_altered)`);
    const result = await verifyAuditChain(client);
    expect(result).toMatchObject({
      ok: false,
      problem: "entry_altered",
      firstBadSeq: target.toString(),
      checked: 2,
    });
  });

  it("fails after the last rows are deleted, whether or not the head is rewound", async () => {
    const fresh = await freshDatabase();
    const { client } = fresh;
    await appendEntries(client, 6);
    const all = await seqs(client);
    const firstRemoved = all[4]!;
    await asAttacker(client, () =>
      client.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE seq >= ${firstRemoved}`),
    );
    let run = await runVerifyCommand(fresh, tempHeadFile());
    expect(run.status).toBe(1);
    expect(run.output).toContain(`first bad entry seq ${firstRemoved} (tail_removed)`);

    // The attacker also points the head at the new last entry: the seal still records the old head.
    const newLast = await client.auditEntry.findUniqueOrThrow({ where: { seq: all[3]! } });
    await client.auditHead.update({ where: { id: 1 }, data: { seq: newLast.seq, hash: newLast.hash! } });
    run = await runVerifyCommand(fresh, tempHeadFile());
    expect(run.status).toBe(1);
    expect(run.output).toContain(`first bad entry seq ${firstRemoved} (tail_removed)`);

    // And forges a seal for the rewound head without the key: detected as well.
    await client.auditHead.update({
      where: { id: 2 },
      data: {
        seq: newLast.seq,
        hash: createHmac("sha256", "guess").update(`${newLast.seq}:${newLast.hash}`).digest("hex"),
      },
    });
    expect(await verifyAuditChain(client)).toMatchObject({ ok: false, problem: "head_seal_invalid" });
  });

  it("catches a removed tail even when an old head and seal are replayed, from the witnessed head", async () => {
    const fresh = await freshDatabase();
    const { client } = fresh;
    const headFile = tempHeadFile();
    await appendEntries(client, 4);
    // The attacker saved the head rows at this point.
    const saved = await client.auditHead.findMany({ orderBy: { id: "asc" } });
    await appendEntries(client, 3);
    expect((await runVerifyCommand(fresh, headFile)).status).toBe(0); // the scheduled check records the head
    const all = await seqs(client);
    const firstRemoved = all[4]!;
    await asAttacker(client, () =>
      client.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE seq >= ${firstRemoved}`),
    );
    for (const row of saved) {
      await client.auditHead.update({ where: { id: row.id }, data: { seq: row.seq, hash: row.hash } });
    }
    // Inside the database everything now agrees...
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, checked: 4 });
    // ...but not with the head witnessed outside it.
    const run = await runVerifyCommand(fresh, headFile);
    expect(run.status).toBe(1);
    expect(run.output).toContain(`first bad entry seq ${firstRemoved} (tail_removed)`);
  });

  it("fails after the whole chain is recomputed without the key", async () => {
    const fresh = await freshDatabase();
    const { client } = fresh;
    await appendEntries(client, 5);
    const rows = await client.auditEntry.findMany({ orderBy: { seq: "asc" } });
    await asAttacker(client, async () => {
      let prev = GENESIS;
      for (const r of rows) {
        const content = { ...contentOf(r), action: r.seq === rows[1]!.seq ? "test.rewritten" : r.action };
        const hash = createHmac("sha256", "not-the-key")
          .update(prev)
          .update("\n")
          .update(JSON.stringify(content))
          .digest("hex");
        await client.auditEntry.update({
          where: { seq: r.seq },
          data: { action: content.action, prevHash: prev, hash },
        });
        prev = hash;
      }
      const lastSeq = rows[rows.length - 1]!.seq;
      await client.auditHead.update({ where: { id: 1 }, data: { seq: lastSeq, hash: prev } });
      await client.auditHead.update({
        where: { id: 2 },
        data: {
          seq: lastSeq,
          hash: createHmac("sha256", "not-the-key").update(`${lastSeq}:${prev}`).digest("hex"),
        },
      });
    });
    const run = await runVerifyCommand(fresh, tempHeadFile());
    expect(run.status).toBe(1);
    expect(run.output).toContain(`first bad entry seq ${rows[0]!.seq} (entry_altered)`);
  });

  it("names the entry after a gap when a middle entry is deleted", async () => {
    const { client } = await freshDatabase();
    await appendEntries(client, 5);
    const all = await seqs(client);
    await asAttacker(client, () =>
      client.$executeRawUnsafe(`DELETE FROM "AuditEntry" WHERE seq = ${all[2]}`),
    );
    expect(await verifyAuditChain(client)).toMatchObject({
      ok: false,
      problem: "link_broken",
      firstBadSeq: all[3]!.toString(),
    });
  });

  it("a rolled-back entry leaves no trace: the chain's positions stay without gaps", async () => {
    const { client } = await freshDatabase();
    await appendEntries(client, 2);
    await expect(
      client.$transaction(async (tx) => {
        await audit(tx, systemActor("import"), { action: "test.rolled_back" as AuditAction });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    await appendEntries(client, 2);
    const chain = await client.auditEntry.findMany({ orderBy: { chainSeq: "asc" } });
    expect(chain).toHaveLength(4);
    // The sequence skips the rolled-back number; the chain does not.
    expect(chain.map((r) => r.chainSeq! - chain[0]!.chainSeq!)).toEqual([0n, 1n, 2n, 3n]);
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, checked: 4 });
  });

  it("appends without a lock writers share: a writer whose transaction is open holds no other writer up", async () => {
    const { client } = await freshDatabase();
    await appendEntries(client, 1);
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const appendedInOpen = new Promise<void>((resolve) => (appended = resolve));
    // A long transaction that has appended its entry and has not committed yet.
    const open = client.$transaction(
      async (tx) => {
        await audit(tx, systemActor("import"), { action: "test.slow_writer" as AuditAction });
        appended();
        await held;
      },
      { timeout: 60_000 },
    );
    await appendedInOpen;
    // Eight other writers append and commit meanwhile (before, each waited on the head's row lock).
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        client.$transaction((tx) =>
          audit(tx, systemActor("import"), { action: `test.writer_${i}` as AuditAction }),
        ),
      ),
    );
    // The sealer links what has committed; the open entry waits for its commit, then follows.
    expect((await sealAuditTrail(client)).sealed).toBe(8);
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, checked: 9 });
    release();
    await open;
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, checked: 10 });
    expect((await sealAuditTrail(client)).sealed).toBe(1);
    const chain = await client.auditEntry.findMany({ orderBy: { chainSeq: "asc" } });
    // The slow writer's entry has the lower seq but the last place in the chain.
    expect(chain.at(-1)!.action).toBe("test.slow_writer");
    expect(chain.at(-1)!.seq).toBeLessThan(chain.at(-2)!.seq);
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, checked: 10, head: { seq: "10" } });
  });

  it("verifies entries the sealer has not reached, and the sealer refuses one altered before it", async () => {
    const fresh = await freshDatabase();
    const { client } = fresh;
    await appendEntries(client, 3);
    await appendEntries(client, 3, { seal: false });
    expect(await verifyAuditChain(client)).toMatchObject({ ok: true, checked: 6, head: { seq: "3" } });
    const pending = await client.auditEntry.findMany({ where: { chainSeq: null }, orderBy: { seq: "asc" } });
    expect(pending).toHaveLength(3);
    // Altered while waiting for the sealer: the entry's own mac no longer holds.
    await asAttacker(client, () =>
      client.$executeRawUnsafe(`UPDATE "AuditEntry" SET "targetId" = 'other' WHERE seq = ${pending[1]!.seq}`),
    );
    expect(await verifyAuditChain(client)).toMatchObject({
      ok: false,
      problem: "entry_altered",
      firstBadSeq: pending[1]!.seq.toString(),
    });
    // Written around the portal (no mac): reported too.
    await client.$executeRawUnsafe(
      `INSERT INTO "AuditEntry" ("actorType", action) VALUES ('system', 'test.forged')`,
    );
    // The sealer seals the good ones and leaves the altered and the forged entry out of the chain.
    const sealed = await sealAuditTrail(client);
    expect(sealed.sealed).toBe(2);
    expect(sealed.refused).toHaveLength(2);
    const run = await runVerifyCommand(fresh, tempHeadFile());
    expect(run.status).toBe(1);
    expect(run.output).toContain(`first bad entry seq ${pending[1]!.seq} (entry_altered)`);
  });

  it("catches a copied entry, even when the unique index on macs is dropped first", async () => {
    const { client } = await freshDatabase();
    await appendEntries(client, 3, { seal: false });
    const [first] = await client.auditEntry.findMany({ orderBy: { seq: "asc" }, take: 1 });
    const copy = `INSERT INTO "AuditEntry" (at, "actorType", "actorId", "personId", action, "targetType", "targetId", meta, mac)
      SELECT at, "actorType", "actorId", "personId", action, "targetType", "targetId", meta, mac FROM "AuditEntry" WHERE seq = ${first!.seq}`;
    await expect(client.$executeRawUnsafe(copy)).rejects.toThrow(/Unique constraint|unique/i);
    await client.$executeRawUnsafe(`DROP INDEX "AuditEntry_mac_key"`);
    await client.$executeRawUnsafe(copy);
    await sealAuditTrail(client);
    expect(await verifyAuditChain(client)).toMatchObject({ ok: false, problem: "entry_altered" });
  });

  it("verifies from a given seq, and refuses a head file line that is not sealed with the key", async () => {
    const { client } = await freshDatabase();
    await appendEntries(client, 5);
    const all = await seqs(client);
    expect(await verifyAuditChain(client, { fromSeq: all[2]! })).toMatchObject({ ok: true, checked: 3 });

    const headFile = tempHeadFile();
    const head = await client.auditHead.findUniqueOrThrow({ where: { id: 1 } });
    expect(appendWitnessedHead(headFile, head.seq.toString(), head.hash)).toBe(true);
    expect(appendWitnessedHead(headFile, head.seq.toString(), head.hash)).toBe(false); // already recorded
    expect(await verifyAuditChain(client, { headFile })).toMatchObject({ ok: true });
    writeFileSync(headFile, `${head.seq + 10n} ${head.hash} ${"0".repeat(64)} 2026-01-01T00:00:00.000Z\n`, {
      flag: "a",
    });
    expect(await verifyAuditChain(client, { headFile })).toMatchObject({
      ok: false,
      problem: "witness_invalid",
    });
    expect(headSeal(head.seq.toString(), head.hash)).not.toBe("0".repeat(64));
  });
});
