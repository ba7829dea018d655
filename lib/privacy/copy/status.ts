// What the copy page and its progress poll show: the latest copy, the free-copy window, an open
// further-copy request, and (for the person only) the signed download link.
import { defineUseCase, SUBJECT } from "@/lib/kernel/use-case";
import { isStepUpFresh } from "../../auth/actor";
import type { ConnectorReport } from "../../connectors/types";
import { db } from "../../db";
import { getSettings } from "../../settings";
import { OPEN_STATUSES } from "../requests";
import { freeCopyStatus, type FreeCopyStatus } from "./free-copy";
import { copyDownloadPath } from "./link";

export type CopySummary = {
  id: string;
  status: string;
  progress: number;
  createdAt: Date;
  readyAt: Date | null;
  expiresAt: Date | null;
  downloadedAt: Date | null;
  sizeBytes: number | null;
  /** Recipients staff search by hand for this copy: key and stored name (lib/format/values.ts names them). */
  pendingRecipients: { key: string; name: string | null }[];
  /** Sources that could not be read automatically. */
  failedSources: string[];
};

export type CopyPageState = {
  /** Only the person acts here; impersonating staff see the page without its buttons. */
  canAct: boolean;
  stepUpFresh: boolean;
  free: FreeCopyStatus;
  latest: CopySummary | null;
  downloadPath: string | null;
  furtherOpen: { id: string; receivedAt: Date } | null;
};

export const copyPageState = defineUseCase(
  "copy.page",
  { action: "data.view", callers: SUBJECT },
  async (actor, now: Date = new Date()): Promise<CopyPageState> => {
    const personId = actor.personId;
    const settings = await getSettings();
    const [free, latest, further] = await Promise.all([
      freeCopyStatus(db, personId, now, settings.freeCopyMonths),
      db.copy.findFirst({ where: { personId }, orderBy: { createdAt: "desc" } }),
      db.request.findFirst({
        where: { personId, type: "further_copy", status: { in: OPEN_STATUSES } },
        orderBy: { receivedAt: "desc" },
        select: { id: true, receivedAt: true },
      }),
    ]);
    let summary: CopySummary | null = null;
    let downloadPath: string | null = null;
    if (latest) {
      const report = (
        Array.isArray(latest.connectorReport) ? latest.connectorReport : []
      ) as ConnectorReport[];
      const pendingKeys = report
        .filter((r) => r.status === "staff_task" || r.status === "not_configured" || r.status === "failed")
        .flatMap((r) => r.recipients);
      const names = pendingKeys.length
        ? new Map(
            (
              await db.recipient.findMany({
                where: { key: { in: pendingKeys } },
                select: { key: true, name: true },
              })
            ).map((r) => [r.key, r.name]),
          )
        : new Map<string, string>();
      const status =
        latest.status === "ready" && latest.expiresAt && latest.expiresAt <= now ? "expired" : latest.status;
      summary = {
        id: latest.id,
        status,
        progress: latest.progress,
        createdAt: latest.createdAt,
        readyAt: latest.readyAt,
        expiresAt: latest.expiresAt,
        downloadedAt: latest.downloadedAt,
        sizeBytes: latest.sizeBytes,
        pendingRecipients: [...new Set(pendingKeys)].map((k) => ({ key: k, name: names.get(k) ?? null })),
        failedSources: report.filter((r) => r.status === "failed").map((r) => r.connector),
      };
      if (actor.kind === "person" && status === "ready" && latest.expiresAt) {
        downloadPath = copyDownloadPath(latest.id, personId, latest.expiresAt);
      }
    }
    return {
      canAct: actor.kind === "person",
      stepUpFresh: isStepUpFresh(actor, settings.stepUpMinutes, now),
      free,
      latest: summary,
      downloadPath,
      furtherOpen: further,
    };
  },
);

/** The poll: status and progress of the actor's own latest copy, nothing else. */
export const copyProgress = defineUseCase(
  "copy.progress",
  { action: "data.view", callers: SUBJECT },
  async (actor): Promise<{ status: string; progress: number } | null> => {
    const latest = await db.copy.findFirst({
      where: { personId: actor.personId },
      orderBy: { createdAt: "desc" },
      select: { status: true, progress: true },
    });
    return latest;
  },
);
