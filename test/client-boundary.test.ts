// What reaches the browser: every module marked "use client", and everything it imports, must stay
// clear of the server's modules (the database, keys and secrets, the audit, jobs and the use-case
// kernel). A server action imported by a client component reaches the browser only as a reference, so
// the walk stops there. This stands in for `import "server-only"`, which would also stop the worker and
// the command-line scripts (plain Node) from loading the same modules.
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();
const SERVER_ONLY = [
  /^lib\/db\//,
  /^lib\/db\.ts$/,
  /^lib\/crypto\//,
  /^lib\/env\.ts$/,
  /^lib\/audit\//,
  /^lib\/jobs\//,
  /^lib\/kernel\//,
  /^lib\/generated\//,
];

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    if (name === "node_modules" || name.startsWith(".")) return [];
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}
const rel = (f: string) => path.relative(ROOT, f).split(path.sep).join("/");

function resolve(from: string, spec: string): string | null {
  let base: string;
  if (spec.startsWith("@/")) base = path.join(ROOT, spec.slice(2));
  else if (spec.startsWith(".")) base = path.resolve(path.dirname(from), spec);
  else return null; // a package
  for (const candidate of [
    base,
    `${base}.ts`,
    `${base}.tsx`,
    path.join(base, "index.ts"),
    path.join(base, "index.tsx"),
  ]) {
    if (existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return null;
}

function imports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  const specs = [
    ...text.matchAll(/^\s*import\s+(?!type\b)(?:[^"';]*?\s+from\s+)?["']([^"']+)["']/gm),
    ...text.matchAll(/^\s*export\s+(?!type\b)[^"';]*?\s+from\s+["']([^"']+)["']/gm),
    ...text.matchAll(/import\(\s*["']([^"']+)["']\s*\)/g),
  ].map((m) => m[1]!);
  return specs.map((s) => resolve(file, s)).filter((f): f is string => f !== null);
}

const isDirective = (file: string, directive: string) =>
  new RegExp(`^\\s*(//.*\\n\\s*)*["']${directive}["']`).test(readFileSync(file, "utf8"));

describe("the client boundary", () => {
  const sources = ["app", "components", "lib"]
    .flatMap((d) => walk(path.join(ROOT, d)))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f));
  const clientModules = sources.filter((f) => isDirective(f, "use client"));

  it("finds the client components", () => {
    expect(clientModules.length).toBeGreaterThan(5);
  });

  it("no client component reaches a server-only module", () => {
    const offenders: string[] = [];
    for (const entry of clientModules) {
      const seen = new Set<string>([entry]);
      const queue: { file: string; via: string[] }[] = [{ file: entry, via: [rel(entry)] }];
      while (queue.length > 0) {
        const { file, via } = queue.shift()!;
        for (const next of imports(file)) {
          if (seen.has(next)) continue;
          seen.add(next);
          const name = rel(next);
          if (SERVER_ONLY.some((re) => re.test(name))) {
            offenders.push([...via, name].join(" → "));
            continue;
          }
          if (isDirective(next, "use server")) continue;
          queue.push({ file: next, via: [...via, name] });
        }
      }
    }
    expect(offenders).toEqual([]);
  });

  it("would notice one: the database module is on the list", () => {
    expect(SERVER_ONLY.some((re) => re.test("lib/db/index.ts"))).toBe(true);
    expect(imports(path.join(ROOT, "lib/auth/step-up.ts")).map(rel)).toContain("lib/kernel/use-case.ts");
  });
});
