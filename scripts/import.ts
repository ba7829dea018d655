// npm run import -- <file> [--type people|orders|invoices|payments|consent|web-events] [--report <path>]
// Imports one CSV or JSON (array or JSON Lines) file; see docs/import.md. Exit code 0 when every row
// was created, updated or skipped, 2 when some rows were rejected (see the report), 1 when the file
// could not be imported at all.
import { parseArgs } from "node:util";
import { closeEmbeddedDatabase, DATA_DIR, ensureDatabaseUrl } from "../lib/db/connection";
import { deployMigrations } from "../lib/db/schema-engine";
import { disconnectDb } from "../lib/db";
import { ensureLocalSecrets } from "../lib/secrets";

const USAGE = `Usage: npm run import -- <file> [--type <type>] [--report <path>]

  <file>            a .csv (with a header line), .json (an array) or .jsonl/.ndjson file
  --type <type>     people, orders, invoices, payments, consent or web-events
                    (default: from the file name, e.g. people.csv, orders-2026-03.jsonl)
  --report <path>   where the per-row report (JSON Lines) goes (default: <file>.report.jsonl)
  --batch-size <n>  records per database batch (default 2000)

Formats and rules: docs/import.md`;

async function main(): Promise<number> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      type: { type: "string" },
      report: { type: "string" },
      "batch-size": { type: "string" },
      help: { type: "boolean", short: "h" },
    },
  });
  if (values.help || positionals.length !== 1) {
    console.log(USAGE);
    return values.help ? 0 : 1;
  }
  const file = positionals[0]!;
  process.env.PORTAL_MODE ??= "demo";
  if (process.env.PORTAL_MODE === "demo") ensureLocalSecrets(DATA_DIR);
  const { url, embedded } = await ensureDatabaseUrl();
  // The embedded database of a fresh checkout has no tables yet; a server database is migrated on deploy.
  if (embedded) await deployMigrations(url);

  const { importFile } = await import("../lib/import/run-file");
  const { ImportFileError, parseTypeOption } = await import("../lib/import/source");
  const { terminalProgress } = await import("../lib/import/progress");
  try {
    const type = values.type ? parseTypeOption(values.type) : undefined;
    const batchSize = values["batch-size"] ? Number(values["batch-size"]) : undefined;
    if (batchSize !== undefined && !(Number.isInteger(batchSize) && batchSize >= 1 && batchSize <= 5000)) {
      throw new ImportFileError("--batch-size must be a whole number from 1 to 5000");
    }
    const { stat } = await import("node:fs/promises");
    const size = await stat(file).then(
      (s) => s.size,
      () => 0,
    );
    const progress = terminalProgress(size);
    const started = Date.now();
    let result;
    try {
      result = await importFile(file, {
        type,
        reportPath: values.report,
        batchSize,
        onProgress: (bytes, rows) => progress.update(bytes, rows),
      });
    } finally {
      progress.done();
    }
    const { summary, reportPath } = result;
    const seconds = (Date.now() - started) / 1000;
    console.log(
      [
        `Imported ${file} as ${summary.type} in ${seconds.toFixed(1)} s:`,
        `  rows      ${summary.total}`,
        `  created   ${summary.created}`,
        `  updated   ${summary.updated}`,
        `  skipped   ${summary.skipped}`,
        `  rejected  ${summary.rejected}`,
        `  with conflicts (fields or statuses kept as they were) ${summary.withConflicts}`,
        `Report: ${reportPath}`,
      ].join("\n"),
    );
    return summary.rejected > 0 ? 2 : 0;
  } catch (err) {
    if (err instanceof ImportFileError) {
      console.error(`Import refused: ${err.message}`);
      return 1;
    }
    throw err;
  }
}

main()
  .then(async (code) => {
    await disconnectDb();
    await closeEmbeddedDatabase();
    process.exit(code);
  })
  .catch(async (err) => {
    // The kind of error only: messages from the database may quote values.
    console.error(
      "Import failed:",
      err instanceof Error ? `${err.name}${safeMessage(err)}` : "unknown error",
    );
    await disconnectDb().catch(() => {});
    await closeEmbeddedDatabase().catch(() => {});
    process.exit(1);
  });

function safeMessage(err: Error): string {
  // Configuration and connection problems are safe to show; anything else is named only. The rows
  // imported before the failure are in the report and stay imported (running again is safe).
  const code = (err as { code?: unknown }).code;
  if (/DATABASE_URL|environment|ECONNREFUSED|connect/i.test(err.message)) return `: ${err.message}`;
  return typeof code === "string" ? ` (${code})` : "";
}
