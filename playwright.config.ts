import { defineConfig } from "@playwright/test";
import { CHROMIUM_ARGS, chromiumPath } from "./scripts/chromium";

const PORT = Number(process.env.E2E_PORT ?? 3100);

// Never against a remote database: the e2e server seeds and changes data freely.
const dbUrl = process.env.DATABASE_URL;
if (dbUrl && !/@(127\.0\.0\.1|localhost)(:\d+)?\//.test(dbUrl)) {
  throw new Error("End-to-end tests run only against a local database.");
}

// The tests run against scripts/e2e-server.ts, started here: one database, a demo-mode web server on
// E2E_PORT (the baseURL), a production-mode one on E2E_PORT+1, a second demo-mode one on E2E_PORT+2
// and two job workers, each web server and worker with a data folder of its own. Most specs use the
// first demo server; e2e/instances.spec.ts uses both demo servers as two instances of one portal.
//
// Two workers by default (E2E_WORKERS overrides), against that one e2e server. On the two-core CI
// machine the whole suite took 914 s on two workers and 1026 s on one (both clean-clone CI runs): each
// test runs slower beside another, but the run is still shorter. Specs that change what
// every other spec sees run in the "serial" project, one at a time, after the "parallel" project has
// finished: the connectors' configuration (connectors), the settings and the sign-in rate limits
// (sign-in attacks, sign-in), the go-live facts, newsletter sends to every subscriber, cutting the
// portal's database connections (reliability), and hostile-input, which reads the shared server log
// over a span of time that other specs' requests would also write into.
// Every other spec makes its own people and data and must not depend on another spec's
// (docs/decisions/0029-parallel-end-to-end-tests.md).
const WORKERS = Number(process.env.E2E_WORKERS ?? 2);
if (!Number.isInteger(WORKERS) || WORKERS < 1)
  throw new Error("E2E_WORKERS must be a whole number, 1 or more.");
export const SERIAL_SPECS = [
  "connector-settings.spec.ts",
  "connectors.spec.ts",
  "go-live.spec.ts",
  "hostile-input.spec.ts",
  "newsletter.spec.ts",
  "reliability.spec.ts",
  "sign-in-attacks.spec.ts",
  "sign-in.spec.ts",
];
const serial = SERIAL_SPECS.map((f) => `**/${f}`);

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: WORKERS,
  projects: [
    { name: "parallel", testIgnore: serial },
    { name: "serial", testMatch: serial, workers: 1, dependencies: ["parallel"] },
  ],
  retries: 0,
  // Limits for hangs, not speed: the machine is shared and its speed varies.
  timeout: 180_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL: `http://localhost:${PORT}`,
    trace: "retain-on-failure",
    launchOptions: {
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    },
  },
  webServer: {
    command: "node --import tsx scripts/e2e-server.ts",
    url: `http://localhost:${PORT}/sign-in`,
    timeout: 600_000,
    reuseExistingServer: !process.env.CI,
    stdout: "pipe",
    stderr: "pipe",
  },
});
