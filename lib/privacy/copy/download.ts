// Downloading a copy: only the person it was made for (the session's person must be the copy's
// person AND the link's signature must verify for that person), before the link expires, after a
// recent sign-in. Impersonating staff never download. Re-downloading a valid copy is not a new copy.
// The copy is read from where it is kept (copy-store.ts), whichever machine built it.
import { defineUseCase } from "@/lib/kernel/use-case";
import type { Readable } from "node:stream";
import { audit } from "../../audit/append";
import { isStepUpFresh } from "../../auth/actor";
import { existingDataKey } from "../../crypto/keys";
import { db } from "../../db";
import { AppError } from "../../errors";
import { getSettings } from "../../settings";
import { verifyCopyLink } from "./link";
import { isStored, openStoredCopy } from "./copy-store";

export type CopyDownload = { stream: Readable; size: number; filename: string };

export const openCopyDownload = defineUseCase(
  "copy.download",
  { action: "copy.download", callers: ["person"] },
  async (
    actor,
    input: { copyId: string; exp: string; sig: string },
    now: Date = new Date(),
  ): Promise<CopyDownload> => {
    // Forged, expired, or made for someone else: the same answer, and nothing is looked up.
    if (!verifyCopyLink(input.copyId, actor.personId, input.exp, input.sig, now))
      throw new AppError("not_found");
    const settings = await getSettings();
    if (!isStepUpFresh(actor, settings.stepUpMinutes, now)) throw new AppError("step_up_required");

    const copy = await db.copy.findFirst({ where: { id: input.copyId, personId: actor.personId } });
    if (!copy || copy.status !== "ready" || !isStored(copy) || !copy.expiresAt || copy.expiresAt <= now) {
      throw new AppError("not_found");
    }
    const key = await existingDataKey(db, actor.personId);
    if (!key) throw new AppError("not_found");
    const opened = await openStoredCopy(copy, key);
    if (!opened) throw new AppError("not_found");
    await db.$transaction(async (tx) => {
      const first = await tx.copy.updateMany({
        where: { id: copy.id, downloadedAt: null },
        data: { downloadedAt: now },
      });
      await audit(tx, actor, {
        action: "copy.downloaded",
        personId: actor.personId,
        targetType: "copy",
        targetId: copy.id,
        meta: { first: first.count === 1 },
      });
    });
    const day = (copy.readyAt ?? now).toISOString().slice(0, 10);
    return { stream: opened.stream, size: opened.size, filename: `personal-data-copy-${day}.zip` };
  },
);
