import { describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import { db } from "../db";
import { audit, contentOf, entryHash, sealAuditTrail } from "./append";
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
});
