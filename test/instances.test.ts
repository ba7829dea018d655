// Several instances on one database (decision 0033): two job workers, each with a data folder of its
// own, and this process as a third instance with another. Copies requested here are built by either
// worker and download here, from the database, though no machine's folder holds them; the audit trail
// both workers seal stays one valid chain.
import { readdirSync } from "node:fs";
import type { Readable } from "node:stream";
import { unzipSync } from "fflate";
import { beforeAll, describe, expect, it } from "vitest";
import type { PersonActor } from "../lib/auth/actor";
import { db } from "../lib/db";
import { verifyAuditChain } from "../lib/audit/verify";
import { openCopyDownload } from "../lib/privacy/copy/download";
import { copyLinkQuery } from "../lib/privacy/copy/link";
import { requestCopy } from "../lib/privacy/copy/request-copy";
import { uniqueEmail } from "./factories";
import { startWorkerProcess, waitUntil, workerTestSetup, type WorkerProcess } from "./worker-process";

const setup = workerTestSetup("instances");
const folder = setup.tempDir;

beforeAll(() => {
  process.env.EXPORT_DIR = folder("instance-here-");
});

const actorOf = (personId: string): PersonActor => ({
  kind: "person",
  personId,
  sessionId: `s-${personId}`,
  userId: `u-${personId}`,
  signedInAt: new Date(),
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

describe("two workers and a third instance on one database, each with its own folder", () => {
  it("copies built by either worker download here; the audit chain both seal verifies", async () => {
    const workerDirs = [folder("instance-a-"), folder("instance-b-")];
    const workers: WorkerProcess[] = workerDirs.map((dir) =>
      startWorkerProcess("scripts/worker.ts", {
        DATABASE_URL: setup.database().url,
        EXPORT_DIR: dir,
        DATABASE_POOL_SIZE: "4",
      }),
    );
    await Promise.all(workers.map((w) => w.waitForLine(/\[worker\] ready/, 120_000)));

    const people = await Promise.all(
      Array.from({ length: 4 }, (_, i) =>
        db.person.create({
          data: {
            email: uniqueEmail(`instances-${i}`),
            firstName: `Instans${i}`,
            orders: {
              create: {
                externalId: `inst-${i}-${Date.now()}`,
                orderNumber: `INST-${i}-${Date.now()}`,
                placedAt: new Date("2026-03-01T10:00:00Z"),
                status: "delivered",
                totalOre: 12_300,
              },
            },
          },
        }),
      ),
    );
    const requested: { person: { id: string }; copyId: string }[] = [];
    for (const p of people) {
      const r = await requestCopy(actorOf(p.id));
      if (r.kind !== "free") throw new Error(`expected a free copy, got ${r.kind}`);
      requested.push({ person: p, copyId: r.copyId });
    }
    await waitUntil(
      "every copy ready",
      async () =>
        (await db.copy.count({ where: { id: { in: requested.map((r) => r.copyId) }, status: "ready" } })) ===
        requested.length,
      180_000,
    );

    for (const { person, copyId } of requested) {
      const copy = await db.copy.findUniqueOrThrow({ where: { id: copyId } });
      expect(copy).toMatchObject({ storage: "database", filePath: null });
      const download = await openCopyDownload(actorOf(person.id), {
        copyId,
        ...copyLinkQuery(copyId, person.id, copy.expiresAt!),
      });
      const files = unzipSync(new Uint8Array(await readAll(download.stream)));
      expect(JSON.parse(new TextDecoder().decode(files["data.json"]!))).toHaveProperty("categories");
    }
    // No instance's folder keeps a copy: they live in the database only.
    for (const dir of [...workerDirs, process.env.EXPORT_DIR!]) expect(readdirSync(dir)).toEqual([]);

    // Both workers ran their sealers on the one chain; once the last entries are sealed it verifies.
    await waitUntil(
      "every audit entry sealed",
      async () => (await db.auditEntry.count({ where: { chainSeq: null } })) === 0,
      60_000,
    );
    expect(await verifyAuditChain(db)).toMatchObject({ ok: true });
    await Promise.all(workers.map((w) => w.stop()));
  }, 600_000);
});
