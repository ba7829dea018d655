// Audit appends per second: one writer against eight at once, each append committed before the writer
// goes on (as a page view's audit is: auditAlone), with PostgreSQL's default durability (fsync and
// synchronous commit on). The portal's append (no lock writers share, entries that arrive together in
// one statement; the sealer links entries into the chain shortly after) is measured beside one entry
// per statement behind the one row lock every writer used to take (the chain's head, held to commit),
// and beside the append in a transaction of its own through Prisma (as an audited change's is), in
// turn, several rounds, so the machine's changing speed weighs on all alike. The sealer runs
// throughout, as the worker runs it. Gate: eight writers reach at least 3 times one writer's rate.
// CPU of this process is reported.
import { appendFileSync } from "node:fs";
import { PrismaPg } from "@prisma/adapter-pg";
import { databaseKind, migratedBenchDatabase, resultsFile } from "./child";
import { reportGates } from "./gates";
import { machineLine } from "./server";

const SECONDS = Number(process.env.BENCH_AUDIT_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_AUDIT_ROUNDS ?? 3);

const url = await migratedBenchDatabase();
const { PrismaClient } = await import("../lib/generated/prisma/client");
const { audit, auditAlone, entryValues, sealAuditTrail, APPEND_STATEMENT } =
  await import("../lib/audit/append");
const { query } = await import("../lib/db/read-pool");
const { systemActor } = await import("../lib/auth/actor");
const { verifyAuditChain } = await import("../lib/audit/verify");
const client = new PrismaClient({ adapter: new PrismaPg({ connectionString: url, max: 10 }) });

type Mode = "portal" | "head lock" | "transaction";
const MODES: Mode[] = ["portal", "head lock", "transaction"];
const LABELS: Record<Mode, string> = {
  portal: "the portal's append of a view (no shared lock; entries arriving together share a statement)",
  "head lock": "one entry per statement, behind the head's row lock",
  transaction: "an audited change's append, in a transaction of its own (Prisma)",
};

// The append's statement, taking the head's row lock first: held to commit, as every writer once did
// (its VALUES list selected from the locked row; "$1" is the list the pattern captured).
const HEAD_LOCKED = `WITH head AS (SELECT seq FROM "AuditHead" WHERE id = 1 FOR UPDATE) ${APPEND_STATEMENT.replace(
  /VALUES \((.*)\)\s*$/s,
  "SELECT $1 FROM head",
)}`;

const actor = systemActor("import");
const input = { action: "data.viewed", personId: null, meta: { bench: true } } as const;
async function appendOnce(mode: Mode) {
  if (mode === "portal") await auditAlone(actor, input);
  else if (mode === "head lock") await query(HEAD_LOCKED, entryValues(actor, input));
  else await client.$transaction((tx) => audit(tx, actor, input));
}

/** Appends per second with `writers` concurrent writers for SECONDS; and this process's CPU per append. */
async function measure(mode: Mode, writers: number) {
  const end = Date.now() + SECONDS * 1000;
  let done = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  await Promise.all(
    Array.from({ length: writers }, async () => {
      while (Date.now() < end) {
        await appendOnce(mode);
        done++;
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  const used = process.cpuUsage(cpu);
  return { rate: done / seconds, cpuMsPerAppend: (used.user + used.system) / 1000 / done };
}

// The head row exists (the sealer creates it on its first run).
await sealAuditTrail(client);
let sealing = true;
const sealer = (async () => {
  while (sealing) {
    await sealAuditTrail(client);
    await new Promise((r) => setTimeout(r, 1000));
  }
})();

const results: Record<string, { rate: number[]; cpu: number[] }> = {};
for (let round = 0; round < ROUNDS; round++) {
  for (const mode of MODES) {
    for (const writers of [1, 8]) {
      const r = await measure(mode, writers);
      const key = `${mode}|${writers}`;
      results[key] ??= { rate: [], cpu: [] };
      results[key].rate.push(r.rate);
      results[key].cpu.push(r.cpuMsPerAppend);
    }
  }
}
sealing = false;
await sealer;
while ((await sealAuditTrail(client)).sealed > 0);
const verified = await verifyAuditChain(client);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const rate = (mode: Mode, writers: number) => median(results[`${mode}|${writers}`]!.rate);
const cpu = (mode: Mode, writers: number) => median(results[`${mode}|${writers}`]!.cpu);
const ratio = rate("portal", 8) / rate("portal", 1);
const lockRatio = rate("head lock", 8) / rate("head lock", 1);
const rows = MODES.map(
  (mode) =>
    `| ${LABELS[mode]} | ${rate(mode, 1).toFixed(0)} | ${rate(mode, 8).toFixed(0)} | ${(rate(mode, 8) / rate(mode, 1)).toFixed(2)}× | ${cpu(mode, 1).toFixed(2)} / ${cpu(mode, 8).toFixed(2)} ms |`,
);
const gates = reportGates("audit", [
  {
    name: "audit: appends per second, 8 writers against 1",
    measured: `${ratio.toFixed(2)}× (${rate("portal", 8).toFixed(0)} / ${rate("portal", 1).toFixed(0)} per s; CPU per append ${cpu("portal", 1).toFixed(2)} / ${cpu("portal", 8).toFixed(2)} ms)`,
    target: "≥ 3×",
    met: ratio >= 3,
  },
  {
    name: "audit: the chain verifies after the run",
    measured: verified.ok ? "ok" : "broken",
    target: "ok",
    met: verified.ok,
  },
]);
const ok = gates;
const table = [
  "",
  `## Audit appends (${new Date().toISOString().slice(0, 16).replace("T", " ")} UTC; ${machineLine()}; ${databaseKind()})`,
  "",
  `\`npm run bench -- audit\`: appends per second, each its own transaction, ${SECONDS} s per measurement, median of ${ROUNDS} rounds; PostgreSQL's default durability; the sealer running. Gate: eight writers at least 3 times one writer's rate.`,
  "",
  "| append | 1 writer (/s) | 8 writers (/s) | 8 against 1 | this process's CPU per append (1 / 8) |",
  "|---|--:|--:|--:|--:|",
  ...rows,
  "",
  `Gate: ${ratio.toFixed(2)}× (behind the head lock: ${lockRatio.toFixed(2)}×); the chain verified afterwards: ${verified.ok ? `ok, ${verified.checked} entries` : verified.problem}.`,
  "",
  `Result: ${ok ? "passed" : "failed"}`,
  "",
].join("\n");
console.log(table);
appendFileSync(resultsFile(), table);
await client.$disconnect();
process.exit(ok ? 0 : 1);
