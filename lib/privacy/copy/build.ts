// The "copy.build" job: writes the person's copy to an encrypted file under EXPORT_DIR, reporting
// progress on Copy.progress, then marks it ready, completes the request (unless staff still search
// recipients by hand), emails the person and audits it. A build that fails marks the copy failed,
// which does not use up the free copy, and tells the person they can try again.
import { randomBytes } from "node:crypto";
import { mkdirSync, readdirSync, renameSync, rmSync } from "node:fs";
import path from "node:path";
import { audit } from "../../audit/append";
import type { AuditAction } from "../../audit/actions";
import { copyJobActor } from "./system-actor";
import { recordCopyOutcomes } from "../../connectors/copy-outcomes";
import { activeConnectors } from "../../connectors/registry";
import { DEFAULT_TIMEOUT_MS, failureKind } from "../../connectors/run";
import type { Connector } from "../../connectors/types";
import { dataKeyFor } from "../../crypto/keys";
import { db, type Tx } from "../../db";
import { queueEmail } from "../../email/send";
import { renderEmail, type EmailKind } from "../../email/templates";
import { env } from "../../env";
import { valueFormatter } from "../../format/values";
import { type Locale, localeOf } from "../../i18n/config";
import { translator } from "../../i18n/messages";
import { getSettings } from "../../settings";
import { transitionRequestIfAllowed } from "../requests";
import { loadDataMap } from "../../datamap/read";
import { SealedFileWriter } from "./sealed-file";
import { copyStorage, storeChunks, type CopyStorage } from "./copy-store";
import { writeCopy } from "./write-copy";
import type { DeflateLevel } from "./zip-writer";

export const COPY_STATUSES = ["queued", "building", "ready", "failed", "expired"] as const;
export type CopyStatus = (typeof COPY_STATUSES)[number];

export type BuildOptions = {
  connectors?: readonly Connector[];
  exportDir?: string;
  /** Time limit for each connector's answer. */
  timeoutMs?: number;
  /** Time limit for each step of reading a feed. */
  stepTimeoutMs?: number;
  level?: DeflateLevel;
  fflateEntries?: boolean;
  now?: () => Date;
  /** Where the ready copy is kept (COPY_STORAGE unless given). */
  storage?: CopyStorage;
  /**
   * Tests only (test/worker-crash-run.ts): sees every progress value as the
   * build reports it, before it is stored, and may hold the build there (a worker is killed there).
   */
  onProgress?: (percent: number) => Promise<void>;
};

export type BuildResult = "ready" | "failed" | "skipped" | "gone";

/**
 * The files of one attempt at building a copy: `<id>.<attempt>.zip.enc` (`.part` while written) and
 * the folder `.work-<id>.<attempt>`. Two attempts at one copy (a worker cut off from the database for
 * a whole lease keeps building while another retries the job) never write or remove each other's
 * files; the first to store its file makes the copy ready and the other removes its own.
 */
function copyFiles(dir: string, copyId: string) {
  const attempt = randomBytes(6).toString("base64url");
  const finalPath = path.join(dir, `${copyId}.${attempt}.zip.enc`);
  return { finalPath, partPath: `${finalPath}.part`, workDir: path.join(dir, `.work-${copyId}.${attempt}`) };
}

// Those names, and <id>.zip.enc, <id>.zip.enc.part and .work-<id>/ of builds before attempts had names.
const FILE_NAME =
  /^(?:\.work-([A-Za-z0-9_-]{1,64})(?:\.[A-Za-z0-9_-]{1,16})?|([A-Za-z0-9_-]{1,64})(?:\.[A-Za-z0-9_-]{1,16})?\.zip\.enc(?:\.part)?)$/;

/** The copy a file in the export folder belongs to, or undefined for anything the builder did not write. */
export function copyIdOfFile(name: string): string | undefined {
  const m = FILE_NAME.exec(name);
  return m?.[1] ?? m?.[2];
}

export function exportDir(override?: string): string {
  return path.resolve(override ?? env().EXPORT_DIR);
}

export async function buildCopy(copyId: string, opts: BuildOptions = {}): Promise<BuildResult> {
  const now = opts.now ?? (() => new Date());
  // Claim the copy; a retry after a crash finds it "building" and starts over.
  const claimed = await db.copy.updateMany({
    where: { id: copyId, status: { in: ["queued", "building"] } },
    data: { status: "building", progress: 1, error: null },
  });
  if (claimed.count === 0) return "skipped";
  const copy = await db.copy.findUnique({
    where: { id: copyId },
    include: {
      person: { select: { id: true, email: true, firstName: true, lastName: true, language: true } },
    },
  });
  if (!copy) return "gone";
  const person = copy.person;
  const locale: Locale = localeOf(person.language);
  const dir = exportDir(opts.exportDir);
  const { finalPath, partPath, workDir } = copyFiles(dir, copyId);

  let lastStored = 0;
  let lastAt = 0;
  const onProgress = async (percent: number) => {
    await opts.onProgress?.(percent);
    const value = Math.max(1, Math.min(99, Math.floor(percent)));
    if (value <= lastStored || (Date.now() - lastAt < 750 && value - lastStored < 10)) return;
    lastStored = value;
    lastAt = Date.now();
    await db.copy.updateMany({ where: { id: copyId, status: "building" }, data: { progress: value } });
  };

  let sink: SealedFileWriter | null = null;
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    rmSync(workDir, { recursive: true, force: true });
    mkdirSync(workDir, { mode: 0o700 });
    const key = await dataKeyFor(db, person.id);
    const map = await loadDataMap(locale);
    const recipientNames = new Map(map.flatMap((c) => c.recipients.map((r) => [r.key, r.name] as const)));
    sink = new SealedFileWriter(partPath, key);
    const generatedAt = now();
    const result = await writeCopy({
      subject: {
        personId: person.id,
        email: person.email,
        firstName: person.firstName,
        lastName: person.lastName,
      },
      locale,
      requestId: copy.requestId,
      connectors: opts.connectors ?? (await activeConnectors()),
      map,
      recipientNames,
      controller: { name: env().COMPANY_NAME, email: env().COMPANY_EMAIL },
      generatedAt,
      sink,
      tmpDir: workDir,
      timeoutMs: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      stepTimeoutMs: opts.stepTimeoutMs ?? 60_000,
      level: opts.level,
      fflateEntries: opts.fflateEntries,
      onProgress,
    });
    sink.finish();
    const sizeBytes = sink.bytes;
    const storage = opts.storage ?? copyStorage();
    // In the database, the sealed file is stored from its part file in the transaction below.
    const sealedPath = storage === "files" ? finalPath : partPath;
    if (storage === "files") renameSync(partPath, finalPath);
    sink = null;

    const settings = await getSettings();
    const readyAt = now();
    const expiresAt = new Date(readyAt.getTime() + settings.copyLinkDays * 86_400_000);
    const stored = await db.$transaction(
      async (tx) => {
        // Conditional, so of two attempts at one copy only the first to get here stores its file: the
        // other waits for this row and then finds it no longer building.
        const storedHere = await tx.copy.updateMany({
          where: { id: copyId, status: "building" },
          data: {
            status: "ready",
            progress: 100,
            readyAt,
            expiresAt,
            filePath: storage === "files" ? finalPath : null,
            storage: storage === "files" ? "file" : "database",
            sizeBytes,
            connectorReport: result.report,
            error: null,
          },
        });
        if (storedHere.count === 0) return false;
        if (storage === "database") await storeChunks(tx, copyId, sealedPath);
        let openTasks = 0;
        if (copy.requestId) {
          // What each automated system gave, for the staff request page.
          await recordCopyOutcomes(tx, {
            requestId: copy.requestId,
            personId: person.id,
            report: result.report,
            at: generatedAt,
          });
          openTasks = await tx.recipientTask.count({ where: { requestId: copy.requestId, status: "open" } });
          // Staff still searching recipients by hand: the request stays open until they are done.
          // (A request staff cancelled or refused meanwhile is left as it is.)
          await transitionRequestIfAllowed(tx, copy.requestId, openTasks === 0 ? "completed" : "in_progress");
        }
        const expires = valueFormatter(locale).dateLong(expiresAt);
        await tellAndAudit(
          tx,
          person,
          locale,
          copyId,
          { kind: "copyReady", values: { expires } },
          {
            action: "copy.built",
            meta: {
              sizeBytes,
              rows: result.rows,
              failedConnectors: result.failedConnectors.length,
              openStaffTasks: openTasks,
            },
          },
        );
        return true;
        // Storing a large copy's chunks takes longer than a short transaction's default limit.
      },
      { timeout: 30 * 60_000, maxWait: 60_000 },
    );
    removeQuietly(partPath);
    if (!stored) {
      removeQuietly(finalPath);
      return "gone";
    }
    // What an earlier attempt left (a crashed worker's part file and work folder) holds the person's
    // data: it goes now, not hours later with the sweep.
    removeOtherAttempts(dir, copyId, finalPath);
    return "ready";
  } catch (err) {
    sink?.close();
    removeQuietly(partPath);
    removeQuietly(finalPath);
    await markFailed(copyId, person, locale, buildFailureKind(err));
    return "failed";
  } finally {
    removeQuietly(workDir);
  }
}

function removeOtherAttempts(dir: string, copyId: string, keep: string): void {
  let names: string[] = [];
  try {
    names = readdirSync(dir);
  } catch {
    return;
  }
  for (const name of names) {
    if (copyIdOfFile(name) === copyId && path.join(dir, name) !== keep) removeQuietly(path.join(dir, name));
  }
}

/** Clean-up must never turn a failure into another one (e.g. the export folder is not a folder). */
function removeQuietly(target: string): void {
  try {
    rmSync(target, { recursive: true, force: true });
  } catch {
    // Left for the expiry job's sweep.
  }
}

async function markFailed(
  copyId: string,
  person: { id: string; email: string },
  locale: Locale,
  kind: string,
): Promise<void> {
  await db.$transaction(async (tx) => {
    const current = await tx.copy.findUnique({
      where: { id: copyId },
      select: { status: true, requestId: true },
    });
    if (!current) return;
    // Conditional for the same reason as storing: a copy another attempt made ready stays ready.
    const failedHere = await tx.copy.updateMany({
      where: { id: copyId, status: "building" },
      data: { status: "failed", progress: 0, error: kind, filePath: null },
    });
    if (failedHere.count === 0) return;
    if (current.requestId) await transitionRequestIfAllowed(tx, current.requestId, "failed");
    const t = translator(locale, "copy");
    const types = translator(locale, "requests");
    const values = { type: types("types.copy"), message: t("failedText") };
    await tellAndAudit(
      tx,
      person,
      locale,
      copyId,
      { kind: "requestUpdate", values },
      {
        action: "copy.build_failed",
        meta: { error: kind },
      },
    );
  });
}

/** The person's email about the copy (its button opens /copy) and the build's audit entry. */
async function tellAndAudit(
  tx: Tx,
  person: { id: string; email: string },
  locale: Locale,
  copyId: string,
  email: { kind: EmailKind; values: Record<string, string> },
  entry: { action: AuditAction; meta: Record<string, string | number> },
): Promise<void> {
  const mail = renderEmail(locale, email.kind, email.values, { url: `${env().PORTAL_URL}/copy` });
  await queueEmail(tx, { to: person.email, kind: email.kind, personId: person.id, ...mail });
  await audit(tx, copyJobActor("copy.build"), {
    action: entry.action,
    personId: person.id,
    targetType: "copy",
    targetId: copyId,
    meta: entry.meta,
  });
}

/** A failure's kind for Copy.error and the log: a code, never a message with paths or data. */
function buildFailureKind(err: unknown): string {
  const code = (err as { code?: unknown })?.code;
  if (typeof code === "string" && /^[A-Z0-9_]{2,40}$/.test(code)) return `fs_${code}`;
  return failureKind(err);
}
