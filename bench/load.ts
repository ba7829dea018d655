// Load on the signed-in "my data" page of the demo customer and on the sign-in link request, at
// fixed rates and then at the highest rate sustained without errors, beside a baseline: a bare
// route handler that runs the same database queries and returns JSON without rendering.
// Targets: the page sustains at least 50 % of the baseline's rate; p99 under 150 ms at 50 req/s.
import { appendFileSync } from "node:fs";
import { BASE, machineLine, prepareBenchDatabase, sessionCookieFor, startBenchServer } from "./server";

const FIXED_RATES = [25, 50, 100];
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
/** Requests in flight at most; beyond it a due request waits, and its wait counts in its latency. */
const MAX_IN_FLIGHT = 64;

type Target = { url: string; method?: string; headers: Record<string, string>; body?: string };

type Row = {
  target: string;
  rate: number | "max";
  achieved: number;
  p50: number;
  p99: number;
  errors: number;
};

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * An open-loop run at a fixed rate: request i is due at i / rate seconds, whatever happened to the
 * requests before it, and its latency is measured from when it was due (so a server that falls
 * behind is not excused by the load generator waiting for it). Redirects are answers too (the
 * sign-in endpoint answers 303); failures and answers of 400 and above are errors.
 */
async function paced(target: Target, rate: number): Promise<Omit<Row, "target" | "rate">> {
  const total = Math.round(rate * SECONDS);
  const latencies: number[] = [];
  let errors = 0;
  let inFlight = 0;
  const requests: Promise<void>[] = [];
  const start = performance.now();
  for (let i = 0; i < total; i++) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await sleep(wait);
    while (inFlight >= MAX_IN_FLIGHT) await sleep(1);
    inFlight++;
    requests.push(
      (async () => {
        try {
          const res = await fetch(target.url, {
            method: target.method ?? "GET",
            headers: target.headers,
            body: target.body,
            redirect: "manual",
            signal: AbortSignal.timeout(10_000),
          });
          await res.arrayBuffer();
          if (res.status >= 400) errors++;
          else latencies.push(performance.now() - due);
        } catch {
          errors++;
        } finally {
          inFlight--;
        }
      })(),
    );
  }
  await Promise.all(requests);
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0);
  return { achieved: Math.round(latencies.length / seconds), p50: at(0.5), p99: at(0.99), errors };
}

/** What the server had not finished when a step ended (requests the generator gave up on) ends first. */
const PAUSE_MS = 3_000;

async function step(target: Target, rate: number): Promise<Omit<Row, "target" | "rate">> {
  const result = await paced(target, rate);
  await sleep(PAUSE_MS);
  return result;
}

/**
 * The highest rate each target sustains (no errors, at least 95 % of the rate achieved): doubles the
 * rate until it fails, then narrows the gap by halves, three times. The targets are searched in
 * turn, one step of each at a time, so a change in the machine's speed during the run (a shared
 * host's neighbours) weighs on all of them alike rather than on whichever was measured then.
 */
async function maxRates(targets: [string, Target][], start: number): Promise<Row[]> {
  const searches = targets.map(([name, target]) => ({
    name,
    target,
    low: 0,
    high: start,
    narrowing: false,
    narrowed: 0,
    best: null as Row | null,
    done: false,
  }));
  while (searches.some((s) => !s.done)) {
    for (const s of searches.filter((x) => !x.done)) {
      const rate = s.narrowing ? Math.round((s.low + s.high) / 2) : s.high;
      const result = await step(s.target, rate);
      const ok = result.errors === 0 && result.achieved >= rate * 0.95;
      if (ok) s.best = { target: s.name, ...result, rate: "max" };
      if (!s.narrowing) {
        if (ok) [s.low, s.high] = [s.high, s.high * 2];
        else s.narrowing = true;
        s.done = ok && s.high > 1600;
      } else {
        if (ok) s.low = rate;
        else s.high = rate;
        s.narrowed++;
      }
      if (s.narrowing && (s.narrowed === 3 || s.high - s.low <= 2)) s.done = true;
    }
  }
  return searches.map(
    (s) => s.best ?? { target: s.name, rate: "max", achieved: 0, p50: 0, p99: 0, errors: -1 },
  );
}

async function main() {
  await prepareBenchDatabase();
  const server = await startBenchServer();
  try {
    const cookie = await sessionCookieFor("anna.andersson@demo.example");
    const csrfRes = await fetch(`${BASE}/api/auth/csrf`);
    const csrf = ((await csrfRes.json()) as { csrfToken: string }).csrfToken;
    const csrfCookie = (csrfRes.headers.getSetCookie?.() ?? []).map((c) => c.split(";")[0]).join("; ");

    const targets: [string, Target][] = [
      ["my-data page", { url: `${BASE}/my-data`, headers: { cookie } }],
      ["baseline (same queries, JSON)", { url: `${BASE}/api/bench/my-data`, headers: { cookie } }],
      [
        "sign-in link request",
        {
          url: `${BASE}/api/auth/signin/email`,
          method: "POST",
          // A link request is taken only from the portal's own origin (docs/decisions/0016).
          headers: {
            cookie: csrfCookie,
            origin: BASE,
            "content-type": "application/x-www-form-urlencoded",
          },
          body: new URLSearchParams({
            email: "anna.andersson@demo.example",
            csrfToken: csrf,
            callbackUrl: "/my-data",
          }).toString(),
        },
      ],
    ];
    // Warm up each target, unmeasured, at a low rate for one step's length: every server process
    // compiles its hot paths before the first measured step (a cold process is several times slower).
    for (const [, target] of targets) await paced(target, 10);

    // Each fixed rate on every target in turn, then the searches for the highest rate, interleaved.
    const rows: Row[] = [];
    for (const rate of FIXED_RATES)
      for (const [name, target] of targets) rows.push({ target: name, rate, ...(await step(target, rate)) });
    rows.push(...(await maxRates(targets, 10)));
    const order = targets.map(([name]) => name);
    rows.sort((a, b) => order.indexOf(a.target) - order.indexOf(b.target));
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
      `\n## Load: my data page and sign-in (${new Date().toISOString().slice(0, 10)}; ${machineLine()})\n\nAn open-loop load generator on loopback (requests evenly spaced at the rate, latency from when each was due, at most ${MAX_IN_FLIGHT} in flight), ${SECONDS} s per step and ${PAUSE_MS / 1000} s between steps, the targets measured in turn at each step, production build (one web server process per core) on PostgreSQL; sign-in rate limits raised for the run (one client address).\n\n${lines.join("\n")}\n\n${summary.map((s) => `- ${s}`).join("\n")}\n`,
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
