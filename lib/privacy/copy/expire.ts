// The "copy.expire" job (every 15 minutes): a ready copy past its expiry is deleted (its chunks in the
// database, or its file) and marked expired (unread, it does not use up the free copy). Files left behind by a crash, a failed
// build or an erased person are swept too.
import { readdirSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import { audit } from "../../audit/append";
import { copyJobActor } from "./system-actor";
import { db } from "../../db";
import { copyIdOfFile, exportDir } from "./build";

const ORPHAN_GRACE_MS = 6 * 60 * 60 * 1000;
export async function expireCopies(
  now = new Date(),
  dirOverride?: string,
): Promise<{ expired: number; swept: number }> {
  const due = await db.copy.findMany({
    where: { status: "ready", expiresAt: { lte: now } },
    select: { id: true, personId: true, filePath: true, downloadedAt: true },
    take: 500,
  });
  let expired = 0;
  for (const c of due) {
    if (c.filePath) rmSync(c.filePath, { force: true });
    const done = await db.$transaction(async (tx) => {
      const r = await tx.copy.updateMany({
        where: { id: c.id, status: "ready" },
        data: { status: "expired", filePath: null, storage: null },
      });
      if (r.count === 0) return false;
      await tx.copyChunk.deleteMany({ where: { copyId: c.id } });
      await audit(tx, copyJobActor("copy.expire"), {
        action: "copy.expired",
        personId: c.personId,
        targetType: "copy",
        targetId: c.id,
        meta: { downloaded: c.downloadedAt !== null },
      });
      return true;
    });
    if (done) expired += 1;
  }
  return { expired, swept: await sweepOrphans(exportDir(dirOverride), now) };
}

/** Files in the export folder whose copy is gone, failed or expired (after a grace period). */
async function sweepOrphans(dir: string, now: Date): Promise<number> {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return 0;
  }
  const candidates = names
    .map((name) => {
      return { name, id: copyIdOfFile(name) };
    })
    .filter((c): c is { name: string; id: string } => Boolean(c.id));
  if (candidates.length === 0) return 0;
  const live = await db.copy.findMany({
    where: { id: { in: [...new Set(candidates.map((c) => c.id))] } },
    select: { id: true, status: true, filePath: true },
  });
  const byId = new Map(live.map((c) => [c.id, c]));
  let swept = 0;
  for (const c of candidates) {
    const full = path.join(dir, c.name);
    const copy = byId.get(c.id);
    const inUse =
      copy &&
      ((copy.status === "ready" && copy.filePath === full) ||
        copy.status === "queued" ||
        copy.status === "building");
    if (inUse) continue;
    let age = 0;
    try {
      age = now.getTime() - statSync(full).mtimeMs;
    } catch {
      continue;
    }
    if (age < ORPHAN_GRACE_MS) continue;
    rmSync(full, { recursive: true, force: true });
    swept += 1;
  }
  return swept;
}
