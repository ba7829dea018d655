// The HTML of the portal's main pages, as the signed-in demo customer sees them (and the public pages
// signed out), checked by two independent checkers, failing on any error:
// - the W3C Nu HTML Checker (vnu-jar, run with java once over every saved page: one JVM start, not one
//   per page), on the HTML exactly as the server sent it: invalid markup, wrong attribute values
//   (an `autocomplete="billing street-address"` on an input, which only a textarea may carry), ...
// - HTML_CodeSniffer's WCAG 2 AA rules, injected into the rendered page in Chromium: what axe does not
//   report as an error (a form without a submit button, a control whose name is not exposed, ...).
// Decision record 0022 says why these two, besides axe in e2e/pages.spec.ts.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Page } from "@playwright/test";
import { unsubscribeToken } from "../lib/newsletter/unsubscribe-token";
import { test, expect, DEMO, loginAs, PORT } from "./fixtures";
import { PERSON_PAGES } from "./portal-pages";

const require = createRequire(import.meta.url);

// The signed-in person's main pages, a category page among them, and last the step-up page.
const SIGNED_IN_PAGES = [...PERSON_PAGES, "/my-data?category=identity", "/step-up?next=/copy"];

// HTMLCS reports through a global; its message type 1 is an error (2 a warning, 3 a notice).
type HtmlcsMessage = { type: number; code: string; msg: string; element: Element };
declare const HTMLCS: {
  process(standard: string, content: Document, done: () => void, failed: () => void, lang: string): void;
  getMessages(): HtmlcsMessage[];
};

// The injected checker is a script the page's CSP would refuse: the browser is told not to enforce
// it (the server still sends it; e2e/pages.spec.ts checks that).
test.use({ bypassCSP: true });

test("the main pages have no HTML errors (Nu HTML Checker) and no WCAG 2 AA errors (HTML_CodeSniffer)", async ({
  page,
  context,
  db,
}) => {
  const dir = mkdtempSync(path.join(tmpdir(), "portal-html-"));
  const saved = new Map<string, string>();
  const wcag: string[] = [];
  try {
    const visit = async (url: string) => {
      const res = await page.goto(url);
      expect(res, url).not.toBeNull();
      expect(res!.status(), url).toBe(200);
      const file = path.join(dir, `${String(saved.size).padStart(2, "0")}.html`);
      writeFileSync(file, await res!.text());
      saved.set(file, url);
      wcag.push(...(await codeSniffer(page)).map((e) => `${url}: ${e}`));
    };

    await context.addCookies([{ name: "portal.lang", value: "sv", url: `http://localhost:${PORT}` }]);
    await loginAs(context, DEMO.anna);
    for (const url of SIGNED_IN_PAGES) await visit(url);
    // The step-up page (the last one visited) once a link is sent: the signed-in person is told where it went.
    await page.getByRole("button", { name: /Skicka ny länk/ }).click();
    await expect(page).toHaveURL(/link=sent/);
    await visit(page.url());

    await context.clearCookies();
    await context.addCookies([{ name: "portal.lang", value: "sv", url: `http://localhost:${PORT}` }]);
    const anna = await db.person.findUniqueOrThrow({ where: { email: DEMO.anna }, select: { id: true } });
    for (const url of [
      "/sign-in",
      `/unsubscribe?token=${encodeURIComponent(unsubscribeToken(anna.id))}`,
      "/unsubscribe?link=invalid",
    ])
      await visit(url);

    // A canary: the faults this spec guards against, in a page of its own, must be reported by both
    // checkers (in the same java run), or a checker that silently checks nothing would pass.
    const canary = path.join(dir, "canary.html");
    writeFileSync(canary, CANARY);
    await page.setContent(CANARY);
    const canaryWcag = await codeSniffer(page);
    expect(canaryWcag.join("\n")).toContain("1_3_5.H98");

    const nu = nuChecker([...saved.keys(), canary]);
    const canaryNu = nu.filter((m) => m.file === canary).map((m) => m.text);
    expect(canaryNu).toHaveLength(2);
    expect(canaryNu.join("\n")).toContain("“billing street-address” for attribute “autocomplete”");
    expect(canaryNu.join("\n")).toContain("for attribute “action” on element “form”");
    expect(wcag, "HTML_CodeSniffer WCAG2AA errors").toEqual([]);
    expect(
      nu.filter((m) => m.file !== canary).map(({ file, text }) => `${saved.get(file)}: ${text}`),
      "Nu HTML Checker errors",
    ).toEqual([]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// An input with a textarea's autocomplete token, and a form with an empty action (what React renders
// for a server action unless told the URL: components/action-form.tsx).
const CANARY = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Canary</title></head><body><main>
<form action="" method="post"><label>Street <input name="street" autocomplete="billing street-address"></label>
<button type="submit">Save</button></form></main></body></html>`;

async function codeSniffer(page: Page): Promise<string[]> {
  await page.addScriptTag({
    content: readFileSync(require.resolve("@pa11y/html_codesniffer/build/HTMLCS.js"), "utf8"),
  });
  return page.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        HTMLCS.process(
          "WCAG2AA",
          document,
          () =>
            resolve(
              HTMLCS.getMessages()
                .filter((m) => m.type === 1)
                .map((m) => `${m.code} ${m.msg} ${m.element.outerHTML.slice(0, 160)}`),
            ),
          () => reject(new Error("HTML_CodeSniffer failed")),
          "en",
        );
      }),
  );
}

/** Every error the Nu HTML Checker finds in the files, in one java process. */
function nuChecker(files: string[]): { file: string; text: string }[] {
  const jar = String(require("vnu-jar"));
  const run = spawnSync(
    "java",
    ["-jar", jar, "--format", "json", "--errors-only", "--exit-zero-always", ...files],
    {
      encoding: "utf8",
      maxBuffer: 64 * 1024 * 1024,
    },
  );
  if (run.error || run.status !== 0) {
    throw new Error(
      `the Nu HTML Checker did not run (java 11 or newer on the PATH is needed: scripts/ci-packages.sh installs it): ${run.error?.message ?? run.stderr}`,
    );
  }
  const report = JSON.parse(run.stderr) as {
    messages: { type: string; url?: string; lastLine?: number; message: string; extract?: string }[];
  };
  return report.messages
    .filter((m) => m.type !== "info")
    .map((m) => ({
      file: m.url ? decodeURIComponent(new URL(m.url).pathname) : "",
      text: `line ${m.lastLine ?? "?"}: ${m.message}${m.extract ? ` (${m.extract.trim()})` : ""}`,
    }));
}

// The forms' action URL (components/action-form.tsx) is where a browser without the script posts: it
// must reach the server action as the empty value did.
test.describe("without the script", () => {
  test.use({ javaScriptEnabled: false });

  test("a form posting to a server action works through its action URL", async ({ page, context }) => {
    await context.addCookies([{ name: "portal.lang", value: "sv", url: `http://localhost:${PORT}` }]);
    await page.goto("/sign-in");
    const action = await page.locator("form.lang-switch").getAttribute("action");
    expect(action).toBe("/sign-in");
    await page.getByRole("button", { name: "English" }).click();
    await expect(page.locator("html")).toHaveAttribute("lang", "en");
  });
});
