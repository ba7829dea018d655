// The app's entry points (pages, route handlers with their methods, server actions) compared with the
// registry in e2e/surface.ts: every one is listed, nothing listed is gone, every named owner and
// attacker test exists in its file under its exact title, and each test named for a page or route
// calls that exact path itself (or through a helper function of its file); a path resolves to one
// route as Next.js resolves it, so /staff/requests is not /staff/requests/[id].
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ACTIONS, PAGES, ROUTES, type Coverage, type TestRef } from "../e2e/surface";

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? walk(full) : [full];
  });
}

const appFiles = walk("app").map((f) => f.split(path.sep).join("/"));

/** The URL path of a page or route file: route groups and private folders left out. */
function routeOf(file: string): string {
  const parts = path.posix
    .dirname(file)
    .split("/")
    .slice(1)
    .filter((p) => p && !/^\(.*\)$/.test(p));
  return "/" + parts.join("/");
}

const pageFiles = new Map(appFiles.filter((f) => /\/page\.tsx$/.test(f)).map((f) => [routeOf(f), f]));
const routeFiles = new Map(appFiles.filter((f) => /\/route\.ts$/.test(f)).map((f) => [routeOf(f), f]));
const METHODS = ["GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS"];

/** The HTTP methods a route file exports. */
function methodsOf(file: string): string[] {
  const source = readFileSync(file, "utf8");
  const found = new Set<string>();
  for (const m of source.matchAll(/export\s+(?:async\s+)?function\s+(\w+)/g)) found.add(m[1]!);
  for (const m of source.matchAll(/export\s+const\s+(?:\{([^}]*)\}|(\w+))/g)) {
    for (const name of (m[1] ?? m[2]!).split(","))
      found.add(
        name
          .trim()
          .split(/\s*:\s*/)
          .pop()!,
      );
  }
  return METHODS.filter((x) => found.has(x));
}

/** A file whose first statement is the "use server" directive, and the functions it exports. */
function serverActions(): string[] {
  const out: string[] = [];
  for (const file of appFiles.filter((f) => /\.tsx?$/.test(f) && !/\.test\.tsx?$/.test(f))) {
    const source = readFileSync(file, "utf8");
    const code = source.replace(/^(\s*(\/\/[^\n]*|\/\*[\s\S]*?\*\/))*\s*/, "");
    if (!/^["']use server["']/.test(code)) continue;
    for (const m of source.matchAll(/^export\s+(?:async\s+)?function\s+(\w+)/gm)) out.push(`${file}#${m[1]}`);
    for (const m of source.matchAll(/^export\s+const\s+(\w+)/gm)) out.push(`${file}#${m[1]}`);
    for (const m of source.matchAll(/^export\s+\{([^}]*)\}/gm)) {
      for (const name of m[1]!.split(","))
        out.push(
          `${file}#${name
            .trim()
            .split(/\s+as\s+/)
            .pop()}`,
        );
    }
  }
  return out.sort();
}

/** The titles of the tests in a file, exactly as written (template titles with their `${…}`). */
function testTitles(file: string): Set<string> {
  const source = readFileSync(file, "utf8");
  const titles = new Set<string>();
  const call =
    /\b(?:test|it)(?:\.(?:fail|skip|only|fixme|concurrent))?\(\s*(["'`])((?:\\.|(?!\1)[\s\S])*)\1/g;
  for (const m of source.matchAll(call)) titles.add(m[2]!.replace(/\\(["'`\\])/g, "$1"));
  return titles;
}

type Route = { path: string; segments: string[] };
const allRoutes: Route[] = [...new Set([...pageFiles.keys(), ...routeFiles.keys()])].map((p) => ({
  path: p,
  segments: p.split("/").filter(Boolean),
}));

/** How well a route matches a path's segments: null for no match, else one score per segment. */
function match(route: Route, segments: string[]): number[] | null {
  const scores: number[] = [];
  for (let i = 0; i < route.segments.length; i++) {
    const r = route.segments[i]!;
    const s = segments[i];
    if (/^\[\.\.\.\w+\]$/.test(r)) return segments.length > i ? [...scores, 0] : null;
    if (s === undefined) return null;
    if (/^\[\w+\]$/.test(r)) scores.push(1);
    else if (r === s) scores.push(2);
    else return null;
  }
  return segments.length === route.segments.length ? scores : null;
}

/** The one route a path reaches, as Next.js picks it (a static segment before a dynamic one). */
function resolveRoute(urlPath: string): string | null {
  const segments = urlPath.split("/").filter(Boolean);
  let best: { path: string; scores: number[] } | null = null;
  for (const route of allRoutes) {
    const scores = match(route, segments);
    if (!scores) continue;
    if (!best || compare(scores, best.scores) > 0) best = { path: route.path, scores };
  }
  return best?.path ?? null;
}

function compare(a: number[], b: number[]): number {
  for (let i = 0; i < Math.max(a.length, b.length); i++) {
    const d = (a[i] ?? -1) - (b[i] ?? -1);
    if (d !== 0) return d;
  }
  return 0;
}

/** The text of one test: from its title to the next test or group, with the file's own helper functions it calls. */
function testBody(file: string, title: string): string {
  const source = readFileSync(file, "utf8");
  const at = source.indexOf(title);
  if (at < 0) return "";
  const rest = source.slice(at + title.length);
  const next = rest.search(/\n\s*(?:test|it|describe)(?:\.(?:fail|skip|only|fixme|describe|each))?\(/);
  let body = next < 0 ? rest : rest.slice(0, next);
  const helpers = new Map<string, string>();
  for (const m of source.matchAll(/^(?:export\s+)?(?:async\s+)?function\s+(\w+)[\s\S]*?\n\}/gm)) {
    helpers.set(m[1]!, m[0]);
  }
  const included = new Set<string>();
  for (let grew = true; grew;) {
    grew = false;
    for (const [name, text] of helpers) {
      if (!included.has(name) && new RegExp(`\\b${name}\\(`).test(body)) {
        included.add(name);
        body += "\n" + text;
        grew = true;
      }
    }
  }
  return body;
}

/**
 * The routes a test calls: every string or template literal that starts with a path (or a `${base}`
 * followed by one), up to its query, and every regular expression literal written as a path (as in
 * `toHaveURL(/\/unsubscribe\?token=/)`). A segment that is a whole `${…}` is a value for a dynamic
 * segment; a `${…}` after a segment's text (`/details${query}`) is the query.
 */
function routesCalledIn(text: string): Set<string> {
  const found = new Set<string>();
  const source =
    text +
    "\n" +
    text.replace(/\((\/(?:\\\/[\w.-]+)+)/g, (_, re: string) => `("${re.replaceAll("\\/", "/")}"`);
  const literal = /(["'`])(?:\$\{[^}]*\})?(\/(?:[^"'`\s?#\\$]|\$\{[^}]*\})*)/g;
  for (const m of source.matchAll(literal)) {
    const urlPath = m[2]!
      .split("/")
      .map((segment) => (/^\$\{[^}]*\}$/.test(segment) ? "_value_" : segment.replace(/\$\{[^}]*\}.*$/, "")))
      .join("/");
    const route = resolveRoute(urlPath);
    if (route) found.add(route);
  }
  return found;
}

const registry: [string, Coverage][] = [
  ...Object.entries(PAGES).map(([p, c]) => [`page ${p}`, c] as [string, Coverage]),
  ...Object.entries(ROUTES).flatMap(([p, methods]) =>
    Object.entries(methods).map(([m, c]) => [`route ${m} ${p}`, c] as [string, Coverage]),
  ),
  ...Object.entries(ACTIONS).map(([a, c]) => [`action ${a}`, c] as [string, Coverage]),
];

function parseRef(r: TestRef): { file: string; title: string } {
  const at = r.indexOf(" › ");
  return { file: r.slice(0, at), title: r.slice(at + 3) };
}

describe("entry points and their owner and attacker tests", () => {
  it("lists every page, route method and server action the app has, and nothing else", () => {
    const listed = {
      pages: Object.keys(PAGES).sort(),
      routes: Object.entries(ROUTES)
        .flatMap(([p, m]) => Object.keys(m).map((x) => `${x} ${p}`))
        .sort(),
      actions: Object.keys(ACTIONS).sort(),
    };
    const actual = {
      pages: [...pageFiles.keys()].sort(),
      routes: [...routeFiles].flatMap(([p, f]) => methodsOf(f).map((x) => `${x} ${p}`)).sort(),
      actions: serverActions(),
    };
    expect(listed, "e2e/surface.ts must list exactly the app's entry points").toEqual(actual);
  });

  it("names, for each entry, an owner and an attacker test that exist under their exact titles", () => {
    const missing: string[] = [];
    const titles = new Map<string, Set<string>>();
    for (const [entry, coverage] of registry) {
      for (const role of ["owner", "attacker"] as const) {
        const r = coverage[role];
        if (typeof r !== "string") continue;
        const { file, title } = parseRef(r);
        if (!file || !title) {
          missing.push(`${entry}: ${role} "${r}" is not "<file> › <title>"`);
          continue;
        }
        if (!existsSync(file)) {
          missing.push(`${entry}: ${role} file ${file} does not exist`);
          continue;
        }
        if (!titles.has(file)) titles.set(file, testTitles(file));
        if (!titles.get(file)!.has(title)) missing.push(`${entry}: no test "${title}" in ${file}`);
      }
    }
    expect(missing).toEqual([]);
  });

  it("lets only public, data-less pages and routes go without an attacker test, and says why", () => {
    const wrong: string[] = [];
    for (const [entry, coverage] of registry) {
      if (typeof coverage.attacker === "string") continue;
      const [kind, ...rest] = entry.split(" ");
      const urlPath = rest.at(-1)!;
      const file = kind === "page" ? pageFiles.get(urlPath) : routeFiles.get(urlPath);
      const isPublic =
        !!file &&
        (file === "app/page.tsx" ||
          file.startsWith("app/(public)/") ||
          (file.startsWith("app/api/") &&
            !/getActor|requireStaff|requirePerson/.test(readFileSync(file, "utf8"))));
      if (kind === "action" || !isPublic || coverage.attacker.none.trim().length < 10) wrong.push(entry);
    }
    expect(wrong).toEqual([]);
  });

  it("has each page's and route's named tests call that exact path themselves", () => {
    const uncalled: string[] = [];
    for (const [entry, coverage] of registry) {
      const [kind, ...rest] = entry.split(" ");
      if (kind === "action") continue;
      const urlPath = rest.at(-1)!;
      for (const role of ["owner", "attacker"] as const) {
        const r = coverage[role];
        if (typeof r !== "string") continue;
        const { file, title } = parseRef(r);
        if (!existsSync(file)) continue;
        // A route's own test file imports the handler instead of calling the URL.
        const routeFile = routeFiles.get(urlPath);
        if (routeFile && kind === "route" && path.posix.dirname(file) === path.posix.dirname(routeFile))
          continue;
        if (!routesCalledIn(testBody(file, title)).has(urlPath))
          uncalled.push(`${entry}: ${file} never calls ${urlPath}`);
      }
    }
    expect(uncalled).toEqual([]);
  });

  it("names the actions fuzz as attacker test only for actions it calls (those in app/actions)", () => {
    const fuzz = "test/actions-fuzz.test.ts › ";
    const outside = Object.entries(ACTIONS)
      .filter(([, c]) => typeof c.attacker === "string" && c.attacker.startsWith(fuzz))
      .map(([a]) => a)
      .filter((a) => path.posix.dirname(a.split("#")[0]!) !== "app/actions");
    expect(outside).toEqual([]);
  });

  it("resolves a path to its exact route, never to a prefix of it", () => {
    expect(resolveRoute("/staff/requests")).toBe("/staff/requests");
    expect(resolveRoute("/staff/requests/_value_")).toBe("/staff/requests/[id]");
    expect(resolveRoute("/staff/requests/_value_/more")).toBeNull();
    expect(resolveRoute("/api/auth/verify-request")).toBe("/api/auth/verify-request");
    expect(resolveRoute("/api/auth/callback/email")).toBe("/api/auth/[...nextauth]");
    expect(resolveRoute("/api/exports/status")).toBe("/api/exports/status");
    expect(resolveRoute("/api/exports/_value_")).toBe("/api/exports/[id]");
    expect(resolveRoute("/staff/settings/api-keys")).toBe("/staff/settings/api-keys");
    expect(resolveRoute("/nowhere")).toBeNull();
  });
});
