// Every server action, fed generated bad input as a person and as an admin, with another person's
// identifiers mixed in: it answers (a state, a redirect, a not-found, or an expected AppError) and
// never fails unexpectedly (which the browser would see as a 500), and the other person's data does
// not change.
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../lib/db";
import { isAppError } from "../lib/errors";
import { makePerson, makeSession, uniqueEmail } from "./factories";
import { cookieJar as jar } from "./next-request";

vi.mock("next/headers", async () =>
  (await import("./next-request")).nextHeaders({
    "x-portal-path": "/",
    "user-agent": "fuzz",
    host: "localhost",
  }),
);
vi.mock("next/cache", () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
vi.mock("next-intl/server", async () => {
  const { translator } = await import("../lib/i18n/messages");
  return {
    getLocale: async () => "sv",
    getTranslations: async (ns?: string) => translator("sv", typeof ns === "string" ? ns : undefined),
  };
});
vi.mock("../lib/auth/auth", () => ({
  signIn: async () => "/sign-in/check-email",
  signOut: async () => undefined,
  CHECK_EMAIL_PATH: "/sign-in/check-email",
  RATE_LIMITED_PATH: "/sign-in?error=rate_limited",
}));

const ACTIONS_DIR = path.join(process.cwd(), "app/actions");
type ActionFn = (...args: unknown[]) => Promise<unknown>;

function fieldNames(source: string): string[] {
  const names = new Set<string>(["id", "personId", "requestId", "email", "reason", "value", "type"]);
  for (const m of source.matchAll(/formData\.get(?:All)?\(\s*["'`]([\w.-]+)["'`]/g)) names.add(m[1]!);
  for (const m of source.matchAll(/["'`]([a-zA-Z][\w]*)["'`]\s*:/g)) if (m[1]!.length < 30) names.add(m[1]!);
  return [...names];
}

function isExpected(err: unknown): boolean {
  if (isAppError(err)) return true;
  const digest = (err as { digest?: string } | null)?.digest ?? "";
  return digest.startsWith("NEXT_REDIRECT") || digest.startsWith("NEXT_HTTP_ERROR_FALLBACK");
}

let victim: Awaited<ReturnType<typeof makePerson>>;
let victimRequestId: string;
let personToken: string;
let adminToken: string;

beforeAll(async () => {
  victim = await makePerson({ firstName: "Vera", lastName: "Victim" });
  const req = await db.request.create({
    data: {
      personId: victim.id,
      type: "copy",
      status: "received",
      receivedAt: new Date(),
      dueAt: new Date(),
    },
  });
  victimRequestId = req.id;
  const attacker = await makePerson({ firstName: "Adam", lastName: "Attacker" });
  personToken = (await makeSession(attacker.email, attacker.id)).session.sessionToken;
  const adminEmail = uniqueEmail("admin");
  await db.staffMember.create({ data: { email: adminEmail, name: "Fuzz Admin", role: "admin" } });
  adminToken = (await makeSession(adminEmail, null)).session.sessionToken;
});

async function victimSnapshot() {
  const [person, requests, consent, changes] = await Promise.all([
    db.person.findUnique({ where: { id: victim.id } }),
    db.request.findMany({ where: { personId: victim.id }, orderBy: { id: "asc" } }),
    db.consentState.findMany({ where: { personId: victim.id } }),
    db.changeEntry.count({ where: { personId: victim.id } }),
  ]);
  return JSON.stringify({ person, requests, consent, changes }, (_k, v) =>
    typeof v === "bigint" ? v.toString() : v,
  );
}

async function adminState() {
  const [settings, categories, purposes, recipients, topics, staff] = await Promise.all([
    db.setting.findMany(),
    db.dataCategory.findMany(),
    db.purpose.findMany(),
    db.recipient.findMany(),
    db.consentTopic.findMany(),
    db.staffMember.findMany(),
  ]);
  return { settings, categories, purposes, recipients, topics, staff };
}

async function restoreAdminState(s: Awaited<ReturnType<typeof adminState>>) {
  await db.$transaction(async (tx) => {
    await tx.setting.deleteMany({ where: { key: { notIn: s.settings.map((x) => x.key) } } });
    for (const x of s.settings)
      await tx.setting.update({ where: { key: x.key }, data: { value: x.value as never } });
    for (const { key, updatedAt: _u, ...rest } of s.categories)
      await tx.dataCategory.update({ where: { key }, data: rest });
    for (const { key, ...rest } of s.purposes) await tx.purpose.update({ where: { key }, data: rest });
    for (const { key, ...rest } of s.recipients) await tx.recipient.update({ where: { key }, data: rest });
    await tx.consentTopic.deleteMany({ where: { key: { notIn: s.topics.map((x) => x.key) } } });
    for (const { key, ...rest } of s.topics) await tx.consentTopic.update({ where: { key }, data: rest });
    await tx.staffMember.deleteMany({ where: { id: { notIn: s.staff.map((x) => x.id) } } });
    for (const { id, ...rest } of s.staff) await tx.staffMember.update({ where: { id }, data: rest });
  });
}

const files = readdirSync(ACTIONS_DIR).filter((f) => f.endsWith(".ts"));

describe.each(files)("server actions in %s", (file) => {
  const source = readFileSync(path.join(ACTIONS_DIR, file), "utf8");
  const names = fieldNames(source);

  for (const identity of ["person", "admin"] as const) {
    it(`answer bad input as ${identity} without an unexpected failure or a change to another person`, async () => {
      const { sessionCookieName } = await import("../lib/auth/cookies");
      jar.clear();
      jar.set(sessionCookieName(), identity === "person" ? personToken : adminToken);
      const mod = (await import(/* @vite-ignore */ path.join(ACTIONS_DIR, file))) as Record<string, unknown>;
      const actions = Object.entries(mod).filter(([, v]) => typeof v === "function") as [string, ActionFn][];
      expect(actions.length, `${file} exports actions`).toBeGreaterThan(0);
      let calls = 0;
      const before = await victimSnapshot();
      // An admin's generated input may happen to be valid: put shared settings and the data map back.
      const saved = await adminState();
      const value = fc.oneof(
        fc.string({ maxLength: 40 }),
        fc.string({ unit: "grapheme", maxLength: 40 }),
        fc.constantFrom(
          victim.id,
          victimRequestId,
          victim.email,
          "",
          " ",
          "0",
          "-1",
          "true",
          "null",
          "x".repeat(20_000),
        ),
        fc.integer().map(String),
      );
      const formArb = fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 8 });
      for (const [name, fn] of actions) {
        await fc.assert(
          fc.asyncProperty(formArb, async (fields) => {
            const fd = new FormData();
            for (const [k, v] of Object.entries(fields)) fd.append(k, v);
            calls++;
            try {
              await (fn.length >= 2 ? fn({}, fd) : fn(fd));
            } catch (err) {
              if (!isExpected(err)) {
                throw new Error(
                  `${file}#${name} as ${identity} failed unexpectedly: ${(err as Error)?.name}: ${(err as Error)?.message?.slice(0, 300)}`,
                );
              }
            }
          }),
          { numRuns: 12 },
        );
      }
      expect(calls).toBeGreaterThanOrEqual(actions.length * 12);
      // Staff may legitimately act on another person's request; a person never may.
      await restoreAdminState(saved);
      if (identity === "person") expect(await victimSnapshot()).toBe(before);
    }, 240_000);
  }
});
