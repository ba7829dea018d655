// The JavaScript each customer page sends: compressed bytes of script transferred on a cold load in
// Chromium (Next.js 16 no longer prints first-load sizes). Target: under 130 kB per page.
import { chromium } from "@playwright/test";
import { appendFileSync } from "node:fs";
import { resultsFile } from "./child";
import { BASE, machineLine, prepareBenchDatabase, sessionCookieFor, startBenchServer } from "./server";
import { PERSON_PAGES } from "../e2e/portal-pages";
import { CHROMIUM_ARGS, chromiumPath } from "../scripts/chromium";

const PAGES = [...PERSON_PAGES, "/sign-in"];
const TARGET_KB = 130;

async function main() {
  await prepareBenchDatabase();
  const server = await startBenchServer();
  const cookie = await sessionCookieFor("anna.andersson@demo.example");
  const [name, value] = cookie.split("=") as [string, string];
  // Chromium as the end-to-end tests launch it.
  const browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
  const rows: [string, number, number][] = [];
  try {
    for (const path of PAGES) {
      const context = await browser.newContext(); // cold: empty cache
      await context.addCookies([
        { name, value, domain: "localhost", path: "/", secure: true, httpOnly: true, sameSite: "Lax" },
      ]);
      const page = await context.newPage();
      const sizes: Promise<number>[] = [];
      page.on("requestfinished", (req) => {
        if (req.resourceType() === "script")
          sizes.push(req.sizes().then((s) => s.responseBodySize + s.responseHeadersSize));
      });
      await page.goto(BASE + path, { waitUntil: "networkidle" });
      const bytes = (await Promise.all(sizes)).reduce((a, b) => a + b, 0);
      rows.push([path, sizes.length, bytes]);
      await context.close();
    }
  } finally {
    await browser.close();
    server.kill();
  }
  const lines = [
    `| page | scripts | compressed kB | within ${TARGET_KB} kB |`,
    "|---|---|---|---|",
    ...rows.map(
      ([p, n, b]) => `| ${p} | ${n} | ${(b / 1024).toFixed(1)} | ${b / 1024 <= TARGET_KB ? "yes" : "NO"} |`,
    ),
  ];
  console.log(lines.join("\n"));
  appendFileSync(
    resultsFile(),
    `\n## JavaScript per page (${new Date().toISOString().slice(0, 10)}; ${machineLine()})\n\nCold load in Chromium, script bytes transferred (compressed, with headers).\n\n${lines.join("\n")}\n`,
  );
  const { disconnectDb } = await import("../lib/db");
  await disconnectDb();
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
