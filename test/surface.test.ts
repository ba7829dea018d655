// The app's pages and routes compared with the attacker/victim coverage list (e2e/surface.ts).
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { SURFACE } from "../e2e/surface";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

function routeOf(file: string): string {
  const rel = path.relative("app", path.dirname(file));
  const parts = rel.split(path.sep).filter((p) => p && !/^\(.*\)$/.test(p));
  return "/" + parts.join("/");
}

const found = walk("app")
  .filter((f) => /(^|\/)(page\.tsx|route\.ts)$/.test(f))
  .map(routeOf)
  .sort();

describe("attacker/victim coverage", () => {
  it("lists every page and route the app has", () => {
    const missing = found.filter((r) => !(r in SURFACE));
    expect(missing, "add these to e2e/surface.ts with the spec that covers them").toEqual([]);
  });

  it("lists nothing that no longer exists", () => {
    expect(Object.keys(SURFACE).filter((r) => !found.includes(r))).toEqual([]);
  });

  it("names a spec that exists and mentions the path", () => {
    const uncovered: string[] = [];
    for (const [route, spec] of Object.entries(SURFACE)) {
      expect(existsSync(spec), spec).toBe(true);
      const probe = route.replace(/\/\[[^\]]+\].*$/, "").replace(/\[\.\.\.\w+\]/, "") || "/";
      const source = readFileSync(spec, "utf8").replaceAll("\\/", "/");
      if (!source.includes(probe)) uncovered.push(`${spec} should exercise ${route}`);
    }
    expect(uncovered).toEqual([]);
  });
});
