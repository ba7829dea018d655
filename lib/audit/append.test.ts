import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { audit, auditAlone, contentOf, entryHash, macHolds, sealAuditTrail } from "./append";
import { verifyAuditChain } from "./verify";
import { systemActor } from "../auth/actor";
import type { AuditAction } from "./actions"; // test-only actions, outside the labelled list

describe("audit trail", () => {
  it("chains each entry to the previous one with a keyed hash", async () => {
    const personId = randomUUID();
    await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        db.$transaction((tx) =>
          audit(tx, systemActor("import"), { action: `test.${i}` as AuditAction, personId }),
        ),
      ),
    );
    await sealAuditTrail();
    const rows = await db.auditEntry.findMany({ where: { personId }, orderBy: { chainSeq: "asc" } });
    expect(rows).toHaveLength(5);
    for (const r of rows) {
      expect(r.chainSeq).not.toBeNull();
      const expected = entryHash(r.prevHash!, contentOf(r));
      expect(r.hash).toBe(expected);
      const prev = await db.auditEntry.findUnique({ where: { chainSeq: r.chainSeq! - 1n } });
      expect(r.prevHash).toBe(prev ? prev.hash : "genesis");
    }
  });

  it("the database refuses to change or delete an entry", async () => {
    const personId = randomUUID();
    await db.$transaction((tx) =>
      audit(tx, systemActor("import"), { action: "test.immutable" as AuditAction, personId }),
    );
    await expect(
      db.$executeRaw`UPDATE "AuditEntry" SET action = 'x' WHERE "personId" = ${personId}`,
    ).rejects.toThrow(/append-only/);
    // Sealing is the one change, and only once: not to another place in the chain.
    await sealAuditTrail();
    await expect(
      db.$executeRaw`UPDATE "AuditEntry" SET "chainSeq" = "chainSeq" + 1000000 WHERE "personId" = ${personId}`,
    ).rejects.toThrow(/append-only/);
    await expect(db.$executeRaw`DELETE FROM "AuditEntry" WHERE "personId" = ${personId}`).rejects.toThrow(
      /append-only/,
    );
  });

  it("an entry is written only if the change commits", async () => {
    const personId = randomUUID();
    await expect(
      db.$transaction(async (tx) => {
        await audit(tx, systemActor("import"), { action: "test.rolled_back" as AuditAction, personId });
        throw new Error("boom");
      }),
    ).rejects.toThrow("boom");
    expect(await db.auditEntry.count({ where: { personId } })).toBe(0);
  });

  it("entries appended on their own at once are each stored, committed and sealed into the chain", async () => {
    const people: string[] = Array.from({ length: 40 }, () => randomUUID());
    await Promise.all(
      people.map((personId, i) =>
        auditAlone(systemActor("import"), {
          action: "data.viewed",
          personId,
          targetType: "page",
          targetId: String(i),
          meta: { n: i, category: "all" },
        }),
      ),
    );
    // Resolved means committed: every entry is there, with its own values and a mac that holds.
    const rows = await db.auditEntry.findMany({ where: { personId: { in: people } } });
    expect(rows).toHaveLength(40);
    for (const r of rows) {
      const i = people.indexOf(r.personId!);
      expect(r).toMatchObject({ action: "data.viewed", actorType: "system", actorId: "import" });
      expect(r.targetId).toBe(String(i));
      expect(r.meta).toEqual({ n: i, category: "all" });
      expect(macHolds(r.mac, contentOf(r))).toBe(true);
    }
    while ((await sealAuditTrail()).sealed > 0);
    const sealed = await db.auditEntry.findMany({ where: { personId: { in: people } } });
    expect(sealed.every((r) => r.chainSeq !== null && r.hash === entryHash(r.prevHash!, contentOf(r)))).toBe(
      true,
    );
    expect((await verifyAuditChain(db)).ok).toBe(true);
  });

  it("an entry the database refuses fails its own caller only, and is not stored", async () => {
    const people: string[] = Array.from({ length: 12 }, () => randomUUID());
    const results = await Promise.allSettled(
      people.map((personId, i) =>
        auditAlone(systemActor("import"), {
          action: "data.viewed",
          personId,
          // PostgreSQL's text cannot hold a NUL character.
          targetId: i === 5 ? "bad\u0000id" : `ok-${i}`,
        }),
      ),
    );
    expect(results.map((r) => r.status)).toEqual(people.map((_, i) => (i === 5 ? "rejected" : "fulfilled")));
    const stored = await db.auditEntry.findMany({ where: { personId: { in: people } } });
    expect(stored.map((r) => r.personId).sort()).toEqual(people.filter((_, i) => i !== 5).sort());
  });
});
