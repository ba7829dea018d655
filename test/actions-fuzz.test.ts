// Every server action in the registry of entry points (e2e/surface.ts), fed generated bad input as a
// person and as an admin, with another person's identifiers mixed in: it answers (a state, a redirect, a
// not-found, or an expected AppError) and never fails unexpectedly (which the browser would see as a
// 500), and the other person's data does not change. The fields each action reads are found by calling
// it: the names it asks the form for, and the fields its schema names when it refuses.
import path from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "../lib/db";
import { CHANNELS } from "../lib/consent/rules";
import { isAppError } from "../lib/errors";
import { ACTIONS } from "../e2e/surface";
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
    getTimeZone: async () => "Europe/Stockholm",
    getTranslations: async (ns?: string) => translator("sv", typeof ns === "string" ? ns : undefined),
  };
});
vi.mock("../lib/auth/auth", () => ({
  signIn: async () => "/sign-in/check-email",
  signOut: async () => undefined,
  CHECK_EMAIL_PATH: "/sign-in/check-email",
  RATE_LIMITED_PATH: "/sign-in?error=rate_limited",
}));

type ActionFn = (...args: unknown[]) => Promise<unknown>;

/** The registry's actions, by file. */
const byFile = new Map<string, string[]>();
for (const key of Object.keys(ACTIONS)) {
  const [file, name] = key.split("#") as [string, string];
  byFile.set(file, [...(byFile.get(file) ?? []), name]);
}

/** A form that notes every field name it is asked for. */
class RecordingFormData extends FormData {
  constructor(private readonly asked: Set<string>) {
    super();
  }
  override get(name: string) {
    this.asked.add(name);
    return super.get(name);
  }
  override getAll(name: string) {
    this.asked.add(name);
    return super.getAll(name);
  }
  override has(name: string) {
    this.asked.add(name);
    return super.has(name);
  }
}

/** Calls an action the way its form does: (state, form) for a form with a state, (form) otherwise. */
const call = (fn: ActionFn, fd: FormData) => (fn.length >= 2 ? fn({}, fd) : fn(fd));

/**
 * The fields an action reads: asked of the form, or named by the refusal of its schema; each round
 * fills the names found so far with plausible values, which reaches the fields read further on.
 * Identifiers an attacker would add are always among them, the fields found for the actions before,
 * and the preference checkboxes of every topic and channel (read as the form's entries).
 */
const seenAnywhere = new Set(["id", "personId", "requestId", "email", "reason", "value", "type", "token"]);

async function fieldNames(fn: ActionFn, plausible: string[]): Promise<string[]> {
  const names = new Set(seenAnywhere);
  const topics = await db.consentTopic.findMany({ select: { key: true } });
  for (const channel of CHANNELS) for (const { key } of topics) names.add(`want.${channel}.${key}`);
  for (const value of ["", ...plausible]) {
    const asked = new Set<string>();
    const fd = new RecordingFormData(asked);
    for (const name of names) fd.append(name, value);
    const answer = await call(fn, fd).catch((err: unknown) => {
      if (isAppError(err, "invalid_input")) return { fieldErrors: err.detail };
      if (isExpected(err)) return null;
      throw err;
    });
    const fieldErrors = (answer as { fieldErrors?: Record<string, string> } | null)?.fieldErrors ?? {};
    for (const name of [...asked, ...Object.keys(fieldErrors)]) if (name !== "_form") names.add(name);
  }
  // A field one form has is worth trying on every other (an attacker adds fields freely).
  for (const name of names) if (!name.startsWith("want.")) seenAnywhere.add(name);
  return [...names];
}

function isExpected(err: unknown): boolean {
  if (isAppError(err)) return true;
  const digest = (err as { digest?: string } | null)?.digest ?? "";
  // A form without a state answers by redirecting with its problem; "failed" is an unexpected error.
  if (/[?&]problem=failed\b/.test(digest)) return false;
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

describe.each([...byFile.keys()])("server actions in %s", (file) => {
  for (const identity of ["person", "admin"] as const) {
    it(`answer bad input as ${identity} without an unexpected failure or a change to another person`, async () => {
      const { sessionCookieName } = await import("../lib/auth/cookies");
      jar.clear();
      jar.set(sessionCookieName(), identity === "person" ? personToken : adminToken);
      const mod = (await import(/* @vite-ignore */ path.resolve(file))) as Record<string, unknown>;
      // Every function the module exports is an action the registry knows, and each one it names is here.
      const exported = Object.keys(mod).filter((k) => typeof mod[k] === "function");
      expect(exported.sort(), `${file}: exported actions and the registry`).toEqual(byFile.get(file)!.sort());
      const actions = exported.map((name) => [name, mod[name] as ActionFn] as const);
      let calls = 0;
      const before = await victimSnapshot();
      // An admin's generated input may happen to be valid: put shared settings and the data map back.
      const saved = await adminState();
      const plausible = [victim.id, victimRequestId, victim.email, "1", "on", "sv", "true"];
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
      for (const [name, fn] of actions) {
        const names = await fieldNames(fn, plausible);
        if (process.env.FUZZ_SHOW_FIELDS) console.log(file, name, names.join(" "));
        const formArb = fc.dictionary(fc.constantFrom(...names), value, { maxKeys: 8 });
        await fc.assert(
          fc.asyncProperty(formArb, async (fields) => {
            const fd = new FormData();
            for (const [k, v] of Object.entries(fields)) fd.append(k, v);
            calls++;
            try {
              const answer = (await call(fn, fd)) as { problem?: string } | undefined;
              // "failed" is the adapter's answer to an error no use-case expected: a bug behind a form.
              if (answer?.problem === "failed") {
                throw new Error(
                  `${file}#${name} as ${identity} answered "failed" to ${JSON.stringify(fields).slice(0, 300)}`,
                );
              }
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
