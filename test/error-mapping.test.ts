// One way out for errors: server actions and route handlers never map application errors by hand;
// lib/http/action.ts and lib/http/route.ts do (docs/decisions/0028-errors-adapters-form-kit.md).
// Fails when an action or API route tests an error's code, reads its detail, or catches it itself.
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";

const ROOT = process.cwd();

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

/** Every server-action module and every API route handler. */
function entryFiles(): string[] {
  return walk(path.join(ROOT, "app"))
    .filter((f) => /\.(ts|tsx)$/.test(f) && !/\.test\.tsx?$/.test(f))
    .filter((f) => {
      const rel = path.relative(ROOT, f);
      if (rel.startsWith(`app${path.sep}api${path.sep}`)) return path.basename(f) === "route.ts";
      return /^\s*["']use server["']/.test(readFileSync(f, "utf8"));
    });
}

const HAND_MAPPING: [RegExp, string][] = [
  [/\bisAppError\s*\(/, "isAppError("],
  [/\bAppError\b[^;\n]*\binstanceof|instanceof\s+AppError\b/, "instanceof AppError"],
  [/\berr(or)?\??\.code\b/, "err.code"],
  [/\berr(or)?\??\.detail\b/, "err.detail"],
  // A catch that binds the error decides what it was; one without (an unreadable body) does not.
  [/\bcatch\s*\(\s*\w+/, "a catch of its own"],
  [/\.catch\s*\(/, "a catch of its own"],
];

describe("error mapping", () => {
  const files = entryFiles();

  it("finds the actions and routes", () => {
    const rel = files.map((f) => path.relative(ROOT, f));
    expect(rel).toContain(path.join("app", "actions", "details.ts"));
    expect(rel).toContain(path.join("app", "api", "exports", "[id]", "route.ts"));
    expect(files.length).toBeGreaterThan(20);
  });

  it("leaves it to the adapters", () => {
    const offences: string[] = [];
    for (const f of files) {
      const source = readFileSync(f, "utf8");
      for (const [re, what] of HAND_MAPPING) {
        if (re.test(source)) offences.push(`${path.relative(ROOT, f)}: ${what}`);
      }
    }
    expect(offences).toEqual([]);
  });

  it("catches a hand mapping (the scan itself works)", () => {
    const sample = `try { x() } catch (err) { if (isAppError(err) && err.code === "not_found") return 1; }`;
    expect(HAND_MAPPING.filter(([re]) => re.test(sample)).length).toBeGreaterThan(1);
  });
});

describe("one form kit", () => {
  it("is shared from components/forms: nothing outside the staff console imports from app/(staff)/", () => {
    const outside = [
      ...walk(path.join(ROOT, "components")),
      ...walk(path.join(ROOT, "app")).filter((f) => !f.includes(`${path.sep}(staff)${path.sep}`)),
    ].filter((f) => /\.tsx?$/.test(f));
    const offences = outside.filter((f) => /from\s+["'][^"']*\(staff\)\//.test(readFileSync(f, "utf8")));
    expect(offences.map((f) => path.relative(ROOT, f))).toEqual([]);
  });

  it("has no second kit", () => {
    const kits = walk(path.join(ROOT, "app")).filter((f) => /form-kit\.tsx?$/.test(f));
    expect(kits.map((f) => path.relative(ROOT, f))).toEqual([]);
  });
});
