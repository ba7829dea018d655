// A benchmark's gates: what it measured against its target, printed as one table and, when
// `npm run bench` runs it (BENCH_GATES_FILE set), added to the run's file of gates, from which the run
// prints and records one summary over every benchmark and both databases.
import { appendFileSync } from "node:fs";

export type Gate = {
  /** What is gated, e.g. "copy: time against the one-pass baseline". */
  name: string;
  /** The measurement, as shown, e.g. "0.62×". */
  measured: string;
  /** The target, as shown, e.g. "≤ 0.8×". */
  target: string;
  met: boolean;
};

/** The gates as Markdown table lines. */
export function gateTable(gates: readonly Gate[]): string[] {
  return [
    "| gate | measured | target | |",
    "|---|--:|--:|---|",
    ...gates.map((g) => `| ${g.name} | ${g.measured} | ${g.target} | ${g.met ? "met" : "**NOT met**"} |`),
  ];
}

/** Prints the gates and hands them to the run's summary; returns whether all were met. */
export function reportGates(benchmark: string, gates: readonly Gate[]): boolean {
  console.log(["", `Gates (${benchmark}):`, ...gateTable(gates)].join("\n"));
  const file = process.env.BENCH_GATES_FILE;
  if (file) {
    for (const g of gates) appendFileSync(file, `${JSON.stringify({ benchmark, ...g })}\n`);
  }
  return gates.every((g) => g.met);
}
