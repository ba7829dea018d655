// One way in: every page, action, route, job and script reaches the portal's data through a use-case
// defined with the kernel (lib/kernel/use-case.ts), which checks the caller's kind and the policy table
// before the body runs. These checks fail when an entry point goes around it: a page, route, action,
// component or script that opens the database itself, an exported function that takes an actor and
// checks it by hand, or a use-case whose callers the policy table never allows.
import { readFileSync } from "node:fs";
import { describe, expect, it, vi } from "vitest";
import type { Actor, StaffActor, SystemName } from "@/lib/auth/actor";
import { can, POLICY, SYSTEM_POLICY, type Action } from "@/lib/auth/policy";
import { isAppError } from "@/lib/errors";
import { API_SCOPES } from "@/lib/staff/api-keys";
import type { Caller } from "@/lib/kernel/use-case";
import { allUseCases, modulesDefiningUseCases, sourceFiles } from "./use-cases";

// Auth.js needs Next.js's server runtime; the use-cases that send sign-in links only need to load.
vi.mock("@/lib/auth/auth", () => ({ signIn: async () => "", auth: async () => null }));

const source = sourceFiles;

/**
 * Infrastructure that may open the database itself: the command-line scripts that start, migrate and
 * close it, and the end-to-end server that prepares a throwaway database for the browser tests.
 */
const DATABASE_INFRASTRUCTURE = new Set(["scripts/e2e-server.ts"]);

describe("the kernel is the one way in", () => {
  it("no page, layout, route, action, component or script opens the database itself", () => {
    const offenders: string[] = [];
    for (const file of [...source("app"), ...source("components"), ...source("scripts")]) {
      if (DATABASE_INFRASTRUCTURE.has(file)) continue;
      const text = readFileSync(file, "utf8");
      const imports = [...text.matchAll(/import\s+(type\s+)?\{([^}]*)\}\s+from\s+"([^"]+)"/g)];
      for (const [, typeOnly, names, from] of imports) {
        if (typeOnly) continue;
        const wanted = names!.split(",").map((n) => n.trim().replace(/^type\s+.*/, ""));
        const isDb = /(^@\/lib\/db$|\/lib\/db$)/.test(from!) && wanted.some((n) => /^(db|dbRead)\b/.test(n));
        const isPool = /lib\/db\/read-pool$/.test(from!);
        const isPrisma = /lib\/generated\/prisma/.test(from!);
        if (isDb || isPool || isPrisma) offenders.push(`${file} imports ${wanted.join(", ")} from ${from}`);
      }
      if (/\bdb\.\$?\w+[.(]/.test(text) && !/import\s+\{[^}]*\bdb\b/.test(text)) {
        // A database handle reached some other way (a re-export, a dynamic import).
        if (/await import\([^)]*lib\/db/.test(text)) offenders.push(`${file} loads the database dynamically`);
      }
    }
    expect(offenders).toEqual([]);
  });

  it("every exported function in lib/ that takes an actor is a use-case", () => {
    // Helpers that take an actor without acting for it: the policy itself, the audit's and history's
    // record of who acted, and a reminder that answers nothing to those the policy does not allow.
    const notUseCases = new Set([
      "lib/auth/actor.ts:assertCan",
      "lib/auth/actor.ts:isStepUpFresh",
      "lib/auth/policy.ts:can",
      "lib/audit/append.ts:actorFields",
      "lib/audit/append.ts:entryValues",
      "lib/audit/append.ts:auditAlone",
      "lib/privacy/rectification/change-history.ts:authorOf",
      "lib/datamap/go-live.ts:goLiveReminder",
      "lib/newsletter/send-newsletter.ts:queueNewsletterSend",
      "lib/consent/ledger.ts:ledgerActor",
      "lib/import/audit-run.ts:auditRun",
    ]);
    const found: string[] = [];
    for (const file of source("lib")) {
      if (file.startsWith("lib/generated/")) continue;
      const text = readFileSync(file, "utf8");
      for (const m of text.matchAll(/export (?:async )?function (\w+)\(\s*actor\??: /g)) {
        const key = `${file}:${m[1]}`;
        if (!notUseCases.has(key)) found.push(key);
      }
    }
    expect(found).toEqual([]);
  });

  it("every use-case is registered, once, with callers the policy table allows its action", async () => {
    const definitions = modulesDefiningUseCases().flatMap((m) => m.names);
    const registry = await allUseCases();
    expect(new Set(definitions).size, "a use-case name is used twice").toBe(definitions.length);
    for (const name of definitions) expect(registry.has(name), name).toBe(true);
    // The jobs are defined in one place, one per queue.
    expect([...registry.keys()].filter((n) => n.startsWith("job.")).length).toBeGreaterThanOrEqual(7);

    const allows = (caller: Caller, action: Action): boolean => {
      switch (caller) {
        case "person":
          return POLICY.person.has(action);
        case "impersonation":
          return POLICY.impersonation.has(action);
        case "staff":
          return POLICY.staff.has(action) || POLICY.admin.has(action);
        case "system":
          return Object.values(SYSTEM_POLICY).some((set) => set.has(action));
        case "api_key":
          return action.startsWith("ingest.");
      }
    };
    const dead: string[] = [];
    for (const [name, uc] of registry) {
      expect(uc.callers.length, name).toBeGreaterThan(0);
      if (uc.action === "(by input)") continue;
      for (const caller of uc.callers) if (!allows(caller, uc.action)) dead.push(`${name}: ${caller}`);
    }
    expect(dead).toEqual([]);
  });

  it("every registered use-case refuses, before its body runs, no actor and every actor the policy does not allow", async () => {
    const registry = await allUseCases();
    const session = { sessionId: "s", userId: "u", signedInAt: new Date() };
    const staff = (role: "staff" | "admin"): Actor => ({
      ...session,
      kind: "staff",
      staffMemberId: "m",
      role,
      name: "n",
    });
    const actors: [string, Actor | null][] = [
      ["no actor", null],
      ["person", { ...session, kind: "person", personId: "p" }],
      ["staff", staff("staff")],
      ["admin", staff("admin")],
      ...(["staff", "admin"] as const).map((role): [string, Actor] => [
        `${role} as a person`,
        {
          ...(staff(role) as StaffActor),
          kind: "impersonation",
          personId: "p",
          impersonationId: "i",
          reason: "r",
          expiresAt: new Date(Date.now() + 60_000),
        },
      ]),
      ...(Object.keys(SYSTEM_POLICY) as SystemName[]).map((name): [string, Actor] => [
        `system ${name}`,
        { kind: "system", name },
      ]),
      ["an API key without scopes", { kind: "system", name: "api-key:k", keyId: "k", scopes: [] }],
      ["an API key with every scope", { kind: "system", name: "api-key:k", keyId: "k", scopes: API_SCOPES }],
    ];
    // Arguments that fail the test the moment the body touches them.
    const poison = new Proxy(() => undefined, {
      get: () => {
        throw new Error("the body ran");
      },
      has: () => {
        throw new Error("the body ran");
      },
      apply: () => {
        throw new Error("the body ran");
      },
    });
    let refusals = 0;
    for (const [name, uc] of registry) {
      for (const [who, actor] of actors) {
        const caller =
          actor && (actor.kind === "system" ? ("keyId" in actor ? "api_key" : "system") : actor.kind);
        const served = caller !== null && (uc.callers as readonly string[]).includes(caller);
        // A use-case whose action depends on its input is checked only with callers it never serves.
        if (actor && served && (uc.action === "(by input)" || can(actor, uc.action))) continue;
        const args = uc.action === "(by input)" ? ["none", poison, poison] : [poison, poison, poison];
        const err = await uc.call(actor, ...(args as never[])).then(
          () => new Error("answered"),
          (e: unknown) => e,
        );
        expect(isAppError(err) ? err.code : String(err), `${name} called by ${who}`).toBe(
          actor ? "forbidden" : "unauthenticated",
        );
        refusals++;
      }
    }
    expect(refusals).toBeGreaterThan(registry.size * 10);
  });

  it("no principal may do everything: each system principal holds only its own actions", () => {
    const all = new Set(Object.values(SYSTEM_POLICY).flatMap((s) => [...s]));
    for (const [name, actions] of Object.entries(SYSTEM_POLICY)) {
      expect(actions.size, name).toBeLessThan(all.size);
      expect(
        [...actions].some((a) => POLICY.person.has(a)),
        name,
      ).toBe(false);
    }
  });
});
