// npm run audit:verify [-- --from <seq>] [--head-file <path>] [--no-record]
// Checks the audit trail (lib/audit/verify.ts) and names the first entry that does not hold; exit
// code 1 on failure. When the trail holds, the verified head is appended to the head file
// (AUDIT_HEAD_FILE, default .data/audit-head.log) as a checkpoint outside the database; run it on a
// schedule (e.g. every 10 minutes from cron) so a removed tail is caught even if the head is rewound.
import { closeEmbeddedDatabase, DATA_DIR, ensureDatabaseUrl } from "../lib/db/connection";
import { ensureLocalSecrets } from "../lib/secrets";

type Args = { fromSeq?: bigint; headFile?: string; record: boolean };

function parseArgs(argv: string[]): Args {
  const args: Args = { record: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === "--no-record") args.record = false;
    else if (a === "--from") {
      const v = argv[++i] ?? "";
      if (!/^\d+$/.test(v)) throw new Error("--from needs a sequence number");
      args.fromSeq = BigInt(v);
    } else if (a === "--head-file") {
      const v = argv[++i];
      if (!v) throw new Error("--head-file needs a path");
      args.headFile = v;
    } else throw new Error(`Unknown argument ${a}`);
  }
  return args;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if ((process.env.PORTAL_MODE ?? "demo") === "demo") ensureLocalSecrets(DATA_DIR);
  await ensureDatabaseUrl();
  const { db, disconnectDb } = await import("../lib/db");
  const { verifyAuditChain } = await import("../lib/audit/verify");
  const { appendWitnessedHead, defaultHeadFile } = await import("../lib/audit/head-file");
  const headFile = args.headFile ?? defaultHeadFile();
  try {
    const result = await verifyAuditChain(db, { headFile, fromSeq: args.fromSeq });
    if (!result.ok) {
      console.error(
        `Audit trail FAILED: first bad entry seq ${result.firstBadSeq ?? "-"} (${result.problem}): ${result.message}. ` +
          `${result.checked} entries before it verified.`,
      );
      return 1;
    }
    console.log(
      `Audit trail OK: ${result.checked} entries verified${result.head ? `, head at seq ${result.head.seq}` : ""}.`,
    );
    if (args.record && result.head) {
      if (appendWitnessedHead(headFile, result.head.seq, result.head.hash)) {
        console.log(`Head recorded in ${headFile}.`);
      }
    }
    return 0;
  } finally {
    await disconnectDb();
    await closeEmbeddedDatabase();
  }
}

main().then(
  (code) => process.exit(code),
  async (err) => {
    console.error(err instanceof Error ? err.message : err);
    await closeEmbeddedDatabase();
    process.exit(1);
  },
);
