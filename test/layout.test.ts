// Test code lives in test/ (and beside the code it tests as *.test.ts): lib/ holds only what the portal
// runs. Fails when a file under lib/ is test support by its name, or when lib/ code imports test/.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const CODE = /\.(ts|tsx|js|mjs|cjs)$/;
const isTest = (file: string) => /\.test\.(ts|tsx)$/.test(file);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const p = path.posix.join(dir, e.name);
    if (e.isDirectory()) return p === "lib/generated" ? [] : files(p);
    return [p];
  });
}

/** Names that say "test support": test-*, *-test-*, race.*, *-child.*, *.fixture(s).*, *ForTest*. */
export function looksLikeTestSupport(file: string): boolean {
  const name = path.posix.basename(file);
  if (!CODE.test(name) || isTest(name)) return false;
  return (
    /^test[-_.]/i.test(name) ||
    /[-_]test[-_.]/i.test(name) ||
    /^race\./.test(name) ||
    /-child\.\w+$/.test(name) ||
    /\.fixtures?\.\w+$/.test(name) ||
    /fortest/i.test(name)
  );
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["']([^"']+)["']/gm;

/** The import specifiers of a file that point into test/. */
export function importsOfTest(file: string, text: string): string[] {
  const out: string[] = [];
  for (const m of text.matchAll(SPECIFIER)) {
    const spec = m[1]!;
    const target = spec.startsWith("@/")
      ? spec.slice(2)
      : spec.startsWith(".")
        ? path.posix.normalize(path.posix.join(path.posix.dirname(file), spec))
        : null;
    if (target && (target === "test" || target.startsWith("test/"))) out.push(spec);
  }
  return out;
}

describe("layout: no test code in lib/", () => {
  const lib = files("lib");

  it("no file under lib/ (other than *.test.ts) is test support by its name", () => {
    expect(lib.filter(looksLikeTestSupport)).toEqual([]);
  });

  it("no lib/ code outside *.test.ts imports from test/", () => {
    const found = lib
      .filter((f) => CODE.test(f) && !isTest(f))
      .flatMap((f) => importsOfTest(f, readFileSync(f, "utf8")).map((spec) => `${f}: ${spec}`));
    expect(found).toEqual([]);
  });

  it("the checks see what they look for", () => {
    expect(looksLikeTestSupport("lib/erasure/test-fixtures.ts")).toBe(true);
    expect(looksLikeTestSupport("lib/privacy/copy/race.ts")).toBe(true);
    expect(looksLikeTestSupport("lib/privacy/copy/concurrency-child.ts")).toBe(true);
    expect(looksLikeTestSupport("lib/privacy/copy/request-copy.test.ts")).toBe(false);
    expect(looksLikeTestSupport("lib/privacy/copy/request-copy.ts")).toBe(false);
    // Data, not code: the official test numbers the demo seed uses too.
    expect(looksLikeTestSupport("lib/seed/test-personnummer.txt")).toBe(false);
    expect(importsOfTest("lib/a/b.ts", `import { x } from "../../test/factories";`)).toEqual([
      "../../test/factories",
    ]);
    expect(importsOfTest("lib/a/b.ts", `const m = await import("@/test/test-env");`)).toEqual([
      "@/test/test-env",
    ]);
    expect(importsOfTest("lib/a/b.ts", `import { y } from "../testing";`)).toEqual([]);
  });
});
