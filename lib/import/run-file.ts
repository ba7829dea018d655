// `npm run import -- <file>`: one file of one record type, streamed through the shared pipeline,
// with a JSON Lines report of every row written next to the input (or to --report) and one audit
// entry for the run (system actor "import").
import { createReadStream, createWriteStream } from "node:fs";
import { stat } from "node:fs/promises";
import { once } from "node:events";
// Types only: lib/auth/actor.ts reads Next.js request state, which a command line does not have.
import type { Actor } from "../auth/actor";
import { auditRun } from "./audit-run";
import { HANDLERS } from "./handlers";
import { runRecords } from "./pipeline";
import {
  csvSource,
  formatFromFileName,
  ImportFileError,
  jsonSource,
  typeFromFileName,
  type Format,
} from "./source";
import { addToSummary, emptySummary, type RecordType, type RowResult, type Summary } from "./types";

/**
 * Records per batch for a file (the ingest API keeps the pipeline's 500): four times fewer transactions
 * and round trips for a large file; a batch that fails is still retried a row at a time.
 */
export const FILE_BATCH_SIZE = 2000;

export type FileImportOptions = {
  type?: RecordType;
  reportPath?: string;
  /** Records per database batch (default FILE_BATCH_SIZE). */
  batchSize?: number;
  onProgress?: (bytesRead: number, rows: number) => void;
  actor?: Actor;
};

export type FileImportResult = { summary: Summary; reportPath: string; format: Format; totalBytes: number };

export async function importFile(file: string, options: FileImportOptions = {}): Promise<FileImportResult> {
  let totalBytes: number;
  try {
    const info = await stat(file);
    if (!info.isFile()) throw new ImportFileError(`not a file: ${file}`);
    totalBytes = info.size;
  } catch (err) {
    if (err instanceof ImportFileError) throw err;
    throw new ImportFileError(`cannot read ${file}`);
  }
  const type = options.type ?? typeFromFileName(file);
  if (!type) {
    throw new ImportFileError(
      "cannot tell the record type from the file name: name it people.csv, orders.jsonl, ... or give --type",
    );
  }
  const format = formatFromFileName(file);
  const reportPath = options.reportPath ?? `${file}.report.jsonl`;
  const actor: Actor = options.actor ?? { kind: "system", name: "import" };

  let bytesRead = 0;
  let rows = 0;
  async function* counted(): AsyncGenerator<Uint8Array> {
    for await (const chunk of createReadStream(file, { highWaterMark: 256 * 1024 })) {
      bytesRead += (chunk as Buffer).length;
      yield chunk as Buffer;
    }
  }
  const source = format === "csv" ? csvSource(counted(), HANDLERS[type]) : jsonSource(counted());

  const report = createWriteStream(reportPath, { encoding: "utf8" });
  const reportError = once(report, "error").then(([err]) => {
    throw new ImportFileError(`cannot write the report: ${(err as Error).message}`);
  });
  reportError.catch(() => {});
  const write = async (line: string) => {
    if (!report.write(line)) await Promise.race([once(report, "drain"), reportError]);
  };

  // Counted here rather than taken from the pipeline, so a run that breaks off still reports its rows.
  const summary: Summary = emptySummary(type);
  let status: "completed" | "failed" = "failed";
  try {
    await runRecords(type, source, {
      positionKey: "line",
      batchSize: options.batchSize ?? FILE_BATCH_SIZE,
      onResult: async (result: RowResult) => {
        rows++;
        addToSummary(summary, result);
        options.onProgress?.(bytesRead, rows);
        await write(`${JSON.stringify({ ...result })}\n`);
      },
    });
    await write(`${JSON.stringify({ summary })}\n`);
    status = "completed";
  } catch (err) {
    // A problem with the file as a whole ends the report too, so a reader of it sees why.
    if (err instanceof ImportFileError) await write(`${JSON.stringify({ error: err.message, summary })}\n`);
    throw err;
  } finally {
    report.end();
    await Promise.race([once(report, "finish"), reportError]).catch(() => {});
    // Counts so far, also when the file broke off half-way (without hiding why it broke off).
    await auditRun(actor, "import.file", summary, { status, format }).catch((err: Error) => {
      console.error("[import] audit entry failed", err.name);
      if (status === "completed") throw err;
    });
  }
  return { summary, reportPath, format, totalBytes };
}
