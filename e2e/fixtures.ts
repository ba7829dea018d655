// Shared helpers for end-to-end tests: log in by inserting a session (no UI), read emails from the
// fake Resend API, create people who belong to one test only.
import { test as base, expect, type BrowserContext, type Page } from "@playwright/test";
import { randomBytes, randomUUID } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { applyTestEnv } from "../test/test-env";

applyTestEnv();
export const PORT = Number(process.env.E2E_PORT ?? 3100);
// Written by scripts/e2e-server.ts once it is up; read lazily (test files are collected before it runs).
type ServerEnv = {
  databaseUrl: string;
  resendUrl: string;
  databaseKind: "embedded" | "postgresql";
  /** Each web server's and worker's own copy folder (EXPORT_DIR). */
  exportDirs: string[];
};
let e2eEnv: ServerEnv | undefined;
export function serverEnv(): ServerEnv {
  if (!e2eEnv) {
    e2eEnv = JSON.parse(readFileSync(`.e2e/env-${PORT}.json`, "utf8")) as ServerEnv;
    process.env.DATABASE_URL = e2eEnv.databaseUrl;
    process.env.DATABASE_POOL_SIZE = "3";
    // Tells the tests' own connections apart from the portal's.
    process.env.DATABASE_APP_NAME = "e2e-tests";
  }
  return e2eEnv;
}

export const PROD_URL = `http://localhost:${PORT + 1}`;
/** A second demo-mode web server on the same database, with folders of its own (e2e/instances.spec.ts). */
export const SECOND_URL = `http://localhost:${PORT + 2}`;
export const resendUrl = () => serverEnv().resendUrl;

export async function getDb() {
  serverEnv();
  const { db } = await import("../lib/db");
  return db;
}

export const DEMO = {
  anna: "anna.andersson@demo.example",
  erik: "erik.eriksson@demo.example",
  lisa: "lisa.lind@demo.example",
  karl: "karl.karlsson@demo.example",
  staff: "staff@demo.example",
  admin: "admin@demo.example",
};

/** Signs in as the address by creating a database session, as the magic link would. */
export async function loginAs(
  context: BrowserContext,
  email: string,
  opts: { signedInMinutesAgo?: number; baseUrl?: string } = {},
): Promise<{ sessionId: string; userId: string }> {
  const db = await getDb();
  const person = await db.person.findUnique({ where: { email } });
  const user = await db.user.upsert({
    where: { email },
    create: { email, personId: person?.id ?? null, emailVerified: new Date() },
    update: {},
  });
  const token = randomBytes(32).toString("hex");
  const createdAt = new Date(Date.now() - (opts.signedInMinutesAgo ?? 0) * 60_000);
  const session = await db.session.create({
    data: { sessionToken: token, userId: user.id, expires: new Date(Date.now() + 86_400_000), createdAt },
  });
  const prod = opts.baseUrl === PROD_URL;
  await context.addCookies([
    {
      name: prod ? "__Secure-portal.session" : "portal.session",
      value: token,
      url: opts.baseUrl ?? `http://localhost:${PORT}`,
      httpOnly: true,
      sameSite: "Lax",
      secure: prod,
    },
  ]);
  return { sessionId: session.id, userId: user.id };
}

/**
 * The web servers' log so far (scripts/e2e-server.ts writes it). `since` is an earlier length: only
 * what was logged after it.
 */
export function serverLog(since = 0): string {
  const path = `.e2e/server-${PORT}.log`;
  return existsSync(path) ? readFileSync(path, "utf8").slice(since) : "";
}

/** A person who exists for one test only. */
export async function createPerson(
  overrides: { firstName?: string; lastName?: string; kind?: "customer" | "subscriber" | "contact" } = {},
) {
  const db = await getDb();
  const email = `e2e-${randomUUID().slice(0, 8)}@test.example`;
  return db.person.create({
    data: {
      email,
      firstName: overrides.firstName ?? "Testa",
      lastName: overrides.lastName ?? "Testsson",
      kind: overrides.kind ?? "customer",
      language: "sv",
    },
  });
}

/** A person who exists for one test only, signed in in this browser. */
export async function signInNewPerson(
  context: BrowserContext,
  overrides: Parameters<typeof createPerson>[0] = {},
  opts: Parameters<typeof loginAs>[2] = {},
) {
  const person = await createPerson(overrides);
  await loginAs(context, person.email, opts);
  return person;
}

export type FakeEmail = {
  id: string;
  to: string[];
  subject: string;
  text?: string;
  html?: string;
  headers?: Record<string, string>;
};

export async function emailsTo(address: string): Promise<FakeEmail[]> {
  const res = await fetch(`${resendUrl()}/_test/emails?to=${encodeURIComponent(address)}`);
  return (await res.json()) as FakeEmail[];
}

/** Waits until `count` emails to the address have arrived at the fake Resend API (the limit is for hangs). */
export async function waitForEmails(address: string, count = 1, timeoutMs = 60_000): Promise<FakeEmail[]> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const list = await emailsTo(address);
    if (list.length >= count) return list;
    if (Date.now() > until) throw new Error(`expected ${count} email(s) to ${address}, got ${list.length}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

export function linkIn(email: FakeEmail, pathPart: string): string {
  const m = new RegExp(`https?://[^\\s"<>]*${pathPart.replace(/[/?]/g, (c) => `\\${c}`)}[^\\s"<>]*`).exec(
    email.text ?? "",
  );
  if (!m) throw new Error(`no ${pathPart} link in email "${email.subject}"`);
  return m[0].replace(/&amp;/g, "&");
}

/** Fails the test if the page asks anything of another origin. */
export function recordForeignRequests(page: Page, origin = `http://localhost:${PORT}`): string[] {
  const foreign: string[] = [];
  page.on("request", (req) => {
    const url = req.url();
    if (!url.startsWith(origin) && !url.startsWith("data:") && !url.startsWith("blob:")) foreign.push(url);
  });
  return foreign;
}

type Db = Awaited<ReturnType<typeof getDb>>;

/** Playwright's test with the tests' own database connection as a fixture: `async ({ page, db }) => …`. */
export const test = base.extend<object, { db: Db }>({
  db: [
    // Playwright reads which fixtures a function needs from its first parameter's pattern.
    async ({}, use) => {
      await use(await getDb());
    },
    { scope: "worker" },
  ],
});
export { expect };

/** Gives a person one of the official test personnummer that no one holds and no other test claimed. */
export async function givePersonnummer(personId: string): Promise<string> {
  const db = await getDb();
  const { encryptForPerson, keyedHash } = await import("../lib/crypto/keys");
  const pnr = await claimOnePersonnummer();
  await db.$transaction(async (tx) => {
    await tx.person.update({
      where: { id: personId },
      data: {
        personnummerHash: keyedHash("personnummer", pnr),
        personnummerEnc: await encryptForPerson(tx, personId, pnr),
      },
    });
  });
  return pnr;
}

/** An official test personnummer that no one holds, claimed for this test (see test/personnummer.ts). */
export async function claimOnePersonnummer(): Promise<string> {
  await getDb();
  const { claimOnePersonnummer } = await import("../test/personnummer");
  return claimOnePersonnummer();
}

/** Staff viewing the portal as the person in this browser, for `minutes` from now; gives the staff member. */
export async function impersonate(
  context: BrowserContext,
  staffEmail: string,
  personId: string,
  reason: string,
  minutes = 10,
) {
  const db = await getDb();
  const staff = await db.staffMember.findUniqueOrThrow({ where: { email: staffEmail } });
  const { sessionId } = await loginAs(context, staffEmail);
  await db.impersonation.create({
    data: {
      staffMemberId: staff.id,
      sessionId,
      personId,
      reason,
      expiresAt: new Date(Date.now() + minutes * 60_000),
    },
  });
  return { sessionId, staff };
}

/** Consent given to email for the topics, as if the person had confirmed it. */
export async function givenEmail(personId: string, topics = ["news"]) {
  const db = await getDb();
  await db.consentState.createMany({
    data: topics.map((topic) => ({
      personId,
      channel: "email" as const,
      topic,
      status: "given",
      legalBasis: "consent",
    })),
  });
}

/** A further-copy request with an open search task for PayPal, as staff meet one in the queue. */
export async function furtherCopyWithOpenTask(personId: string) {
  const db = await getDb();
  const { createRequest } = await import("../lib/privacy/requests");
  const { createRecipientTask } = await import("../lib/privacy/tasks");
  const request = await db.$transaction((tx) => createRequest(tx, { personId, type: "further_copy" }));
  await db.$transaction((tx) =>
    createRecipientTask(tx, { requestId: request.id, personId, recipientKey: "paypal", kind: "search" }),
  );
  return request;
}
