// Load on the signed-in "my data" page of the demo customer and on the sign-in link request, at
// fixed rates and then at the highest rate sustained without errors, beside a baseline: a bare
// route handler that runs the same database queries and returns JSON without rendering.
// Targets: the page sustains at least 50 % of the baseline's rate; p99 under 150 ms at 50 req/s.
import autocannon from "autocannon";
import { appendFileSync } from "node:fs";
import { BASE, machineLine, prepareBenchDatabase, sessionCookieFor, startBenchServer } from "./server";

const FIXED_RATES = [25, 50, 100];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);

type Row = {
  target: string;
  rate: number | "max";
  achieved: number;
  p50: number;
  p99: number;
  errors: number;
};

async function run(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    autocannon({ ...opts, duration: SECONDS, connections: 20 }, (err, result) =>
      err ? reject(err) : resolve(result),
    );
  });
}

function row(target: string, rate: number | "max", r: autocannon.Result): Row {
  return {
    target,
    rate,
    achieved: Math.round(r.requests.average),
    p50: r.latency.p50,
    p99: r.latency.p99,
    // Redirects are answers too (the sign-in endpoint answers 302); only failures count.
    errors: r.errors + r.timeouts + r["4xx"] + r["5xx"],
  };
}

/** Doubles the rate until errors appear or the server falls behind, then narrows the gap by halves. */
async function maxRate(target: string, opts: autocannon.Options, start: number): Promise<Row> {
  let best: Row | null = null;
  const attempt = async (rate: number) => {
    const result = row(target, rate, await run({ ...opts, overallRate: rate }));
    const ok = result.errors === 0 && result.achieved >= rate * 0.95;
    if (ok) best = { ...result, rate: "max" };
    return ok;
  };
  let low = 0;
  let high = start;
  while (high <= 1600 && (await attempt(high))) {
    low = high;
    high *= 2;
  }
  for (let i = 0; i < 3 && high - low > 2; i++) {
    const mid = Math.round((low + high) / 2);
    if (await attempt(mid)) low = mid;
    else high = mid;
  }
  return best ?? { target, rate: "max", achieved: 0, p50: 0, p99: 0, errors: -1 };
}

async function main() {
  await prepareBenchDatabase();
  const server = await startBenchServer();
  try {
    const cookie = await sessionCookieFor("anna.andersson@demo.example");
    const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
    const csrf = ((await csrfRes.json()) as { csrfToken: string }).csrfToken;
    const csrfCookie = (csrfRes.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");

    const targets: [string, autocannon.Options][] = [
      ["my-data page", { url: `${BASE}/my-data`, headers: { cookie } }],
      ["baseline (same queries, JSON)", { url: `${BASE}/api/bench/my-data`, headers: { cookie } }],
      [
        "sign-in link request",
        {
          url: `${BASE}/api/auth/signin/email`,
          method: "POST",
          headers: { cookie: csrfCookie, "content-type": "application/x-www-form-urlencoded" },
          body: new URLSearchParams({
            email: "anna.andersson@demo.example",
            csrfToken: csrf,
            callbackUrl: "/my-data",
          }).toString(),
        },
      ],
    ];
    // Warm up each target once.
    for (const [, opts] of targets)
      await fetch(opts.url as string, {
        method: (opts.method as string) ?? "GET",
        headers: opts.headers as Record<string, string>,
        body: opts.body as string | undefined,
        redirect: "manual",
      });

    const rows: Row[] = [];
    for (const [name, opts] of targets) {
      for (const rate of FIXED_RATES) rows.push(row(name, rate, await run({ ...opts, overallRate: rate })));
      rows.push(await maxRate(name, opts, 10));
    }
    const lines = [
      "| target | rate (req/s) | achieved (req/s) | p50 (ms) | p99 (ms) | errors |",
      "|---|---|---|---|---|---|",
      ...rows.map((r) => `| ${r.target} | ${r.rate} | ${r.achieved} | ${r.p50} | ${r.p99} | ${r.errors} |`),
    ];
    const pageMax = rows.find((r) => r.target === "my-data page" && r.rate === "max")?.achieved ?? 0;
    const baseMax = rows.find((r) => r.target.startsWith("baseline") && r.rate === "max")?.achieved ?? 0;
    const at50 = rows.find((r) => r.target === "my-data page" && r.rate === 50);
    const summary = [
      `Page max / baseline max: ${pageMax} / ${baseMax} = ${baseMax ? ((100 * pageMax) / baseMax).toFixed(0) : "?"} % (target >= 50 %)`,
      `Page p99 at 50 req/s: ${at50?.p99 ?? "?"} ms (target < 150 ms)`,
    ];
    console.log([...lines, "", ...summary].join("\n"));
    appendFileSync(
      "bench/RESULTS.md",
      `\n## Load: my data page and sign-in (${new Date().toISOString().slice(0, 10)}; ${machineLine()})\n\nautocannon on loopback, ${SECONDS} s per step, 20 connections, production build on PostgreSQL; sign-in rate limits raised for the run (one client address).\n\n${lines.join("\n")}\n\n${summary.map((s) => `- ${s}`).join("\n")}\n`,
    );
  } finally {
    server.kill();
    const { disconnectDb } = await import("../lib/db");
    await disconnectDb();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
