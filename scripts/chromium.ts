// The browser for the end-to-end tests and the benchmarks: CHROMIUM_PATH when set, else Debian's
// chromium-headless-shell when it is installed (the same engine without the full browser's UI
// process: measured at about 40 % less CPU per test on the two-core CI machine), else Debian's chromium.
import { existsSync } from "node:fs";

const HEADLESS_SHELL = "/usr/bin/chromium-headless-shell";
const CHROMIUM = "/usr/bin/chromium";

export function chromiumPath(): string {
  if (process.env.CHROMIUM_PATH) return process.env.CHROMIUM_PATH;
  return existsSync(HEADLESS_SHELL) ? HEADLESS_SHELL : CHROMIUM;
}

/** Flags for a headless browser on a machine without a GPU, a sandbox or outside connections. */
export const CHROMIUM_ARGS = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
  "--disable-dev-shm-usage",
];
