// An erasure carried out or explained per system by the configured connectors, end to end against the
// real database and local fakes of WIX, Microsoft Graph, Google Analytics and PayPal (test/fake-api.ts):
// what each system was asked, the outcome kept per system, which recipients still get a staff task, and
// what the receipt tells the person. Twins: a WIX site member (refused: staff), a connector failing on
// every attempt (failed after the limit: staff) or once (done on the retry), and no connector at all
// (exactly the erasure without connectors: a task per recipient).
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { exportPKCS8, generateKeyPair } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";

process.env.EXPORT_DIR = mkdtempSync(path.join(tmpdir(), "erasure-connectors-"));

import { db } from "../db";
import { seedDataMap } from "../datamap/policy-map";
import { valueFormatter } from "../format/values";
import { gaClientIdsOf } from "../connectors/config";
import { googleAnalyticsConnector } from "../connectors/google-analytics";
import { GRAPH_SCOPE, microsoftGraphConnector } from "../connectors/microsoft-graph";
import { PAYPAL_PRIVACY_URL, paypalConnector } from "../connectors/paypal";
import { servingDataMapRecipients } from "../connectors/registry";
import type { Connector } from "../connectors/types";
import { WIX_FORMS_NAMESPACE, wixConnector } from "../connectors/wix";
import { runErasure } from "./run";
import { MAX_CONNECTOR_ATTEMPTS } from "./steps/connectors";
import { STEP_NAMES } from "./steps/types";
import { dueDeletionRequest, makeRichPerson, type RichPerson } from "../../test/erasure-fixtures";
import { startFakeApi, type FakeApi, type RecordedRequest } from "../../test/fake-api";

const WIX_KEY = "IST.wix-key";
const SITE_ID = "site-1";
const SITE = "contoso.sharepoint.com,1111,2222";
const LIST = "Contacts";
const MAILBOX = "info@company.test";
const GA_PATH = "/v1alpha/properties/{property}:submitUserDeletion";
const GA_AT = "2026-12-04T10:00:00.000Z";
const FAST = { retry: { backoffMs: 2, backoffLimitMs: 5 } };

let api: FakeApi;
let privateKey: string;

type Contact = { id: string; primaryInfo: { email: string }; member?: boolean };
type Submission = { id: string; contactId: string; namespace: string; status: string };
type Item = { id: string; fields: Record<string, string> };
type Mail = { id: string; subject: string; from: { emailAddress: { address: string } } };

let contacts: Map<string, Contact>;
let submissions: Map<string, Submission>;
let items: Map<string, Item>;
let mails: Map<string, Mail>;

const wixAuthorized = (req: RecordedRequest) =>
  req.headers.authorization === WIX_KEY && req.headers["wix-site-id"] === SITE_ID;
const bearer = (req: RecordedRequest) => /^Bearer \S+$/.test(req.headers.authorization ?? "");

function installWix() {
  // Fixture shapes: @wix/contacts QueryContactsResponse, @wix/forms QuerySubmissionsByNamespaceResponse
  // (as in lib/connectors/wix.test.ts).
  api.route("POST", "/contacts/v4/contacts/query", (req) => {
    if (!wixAuthorized(req)) return { status: 401, json: { message: "Unauthorized" } };
    const q = (req.body as { query: { filter: Record<string, { $eq: string }> } }).query;
    const all = [...contacts.values()].filter(
      (c) => c.primaryInfo.email === q.filter["primaryInfo.email"]?.$eq,
    );
    return {
      json: {
        contacts: all.map(({ member: _m, ...c }) => c),
        pagingMetadata: { count: all.length, offset: 0, total: all.length },
      },
    };
  });
  api.route("DELETE", "/contacts/v4/contacts/{id}", (req, { id }) => {
    if (!wixAuthorized(req)) return { status: 401, json: { message: "Unauthorized" } };
    const c = contacts.get(id!);
    if (!c) return { status: 404, json: { message: "Contact not found" } };
    if (c.member) {
      return {
        status: 428,
        json: {
          message: "Contact is a site member and cannot be deleted",
          details: { applicationError: { code: "CANNOT_DELETE_SITE_MEMBERS" } },
        },
      };
    }
    contacts.delete(id!);
    return { json: {} };
  });
  api.route("POST", "/form-submission-service/v4/submissions/namespace/query", (req) => {
    if (!wixAuthorized(req)) return { status: 401, json: { message: "Unauthorized" } };
    const filter = (req.body as { query: { filter?: Record<string, { $eq: string }> } }).query.filter ?? {};
    const page = [...submissions.values()].filter((s) => s.contactId === filter.contactId?.$eq);
    return {
      json: { submissions: page, metadata: { count: page.length, cursors: { next: null }, hasNext: false } },
    };
  });
  api.route("DELETE", "/form-submission-service/v4/submissions/{id}", (req, { id }) => {
    if (!wixAuthorized(req)) return { status: 401, json: { message: "Unauthorized" } };
    return submissions.delete(id!)
      ? { json: {} }
      : { status: 404, json: { message: "Submission not found" } };
  });
}

function installGraph() {
  api.route("POST", "/graph/token", (req) => {
    const form = req.body as Record<string, string>;
    if (form.client_secret !== "graph-secret" || form.scope !== GRAPH_SCOPE)
      return { status: 401, json: { error: "invalid_client" } };
    return { json: { token_type: "Bearer", expires_in: 3599, access_token: "graph-token" } };
  });
  // Fixture shapes: @microsoft/microsoft-graph-types ListItem and Message (microsoft-graph.test.ts).
  api.route("GET", "/sites/{site}/lists/{list}/items", (req) => {
    if (!bearer(req)) return { status: 401, json: { error: { code: "InvalidAuthenticationToken" } } };
    const m = /^fields\/(\w+) eq '((?:[^']|'')*)'$/.exec(req.query.get("$filter") ?? "");
    const value = [...items.values()].filter((i) => m && i.fields[m[1]!] === m[2]!.replace(/''/g, "'"));
    return { json: { value } };
  });
  api.route("DELETE", "/sites/{site}/lists/{list}/items/{id}", (req, { id }) => {
    if (!bearer(req)) return { status: 401, json: { error: { code: "InvalidAuthenticationToken" } } };
    return items.delete(id!) ? { status: 204 } : { status: 404, json: { error: { code: "itemNotFound" } } };
  });
  api.route("GET", "/users/{user}/messages", (req) => {
    if (!bearer(req)) return { status: 401, json: { error: { code: "InvalidAuthenticationToken" } } };
    const phrase = /^"(.*)"$/.exec(req.query.get("$search") ?? "")?.[1] ?? "";
    return { json: { value: [...mails.values()].filter((m) => JSON.stringify(m).includes(phrase)) } };
  });
  api.route("DELETE", "/users/{user}/messages/{id}", () => ({ status: 204 }));
}

function installGoogle() {
  api.route("POST", "/google/token", () => ({
    json: { access_token: "ga-token", expires_in: 3599, token_type: "Bearer" },
  }));
  // Fixture shape: google.analytics.admin.v1alpha.ISubmitUserDeletionResponse (as JSON).
  api.route("POST", GA_PATH, (req) =>
    bearer(req) ? { json: { deletionRequestTime: GA_AT } } : { status: 401, json: { error: { code: 401 } } },
  );
}

function installPayPal() {
  api.route("POST", "/v1/oauth2/token", () => ({
    json: { access_token: "A21-token", token_type: "Bearer", expires_in: 32400 },
  }));
}

/** The four connectors, built against the fake, each serving its data-map recipients. */
function connectors(which: string[] = ["wix", "microsoft_365", "paypal", "google_analytics"]): Connector[] {
  const all: Connector[] = [
    wixConnector({ apiKey: WIX_KEY, siteId: SITE_ID, baseUrl: api.url, http: FAST }),
    microsoftGraphConnector({
      tenantId: "tenant-1",
      clientId: "graph-client",
      clientSecret: "graph-secret",
      tokenUrl: `${api.url}/graph/token`,
      baseUrl: api.url,
      lists: [{ site: SITE, list: LIST, emailColumn: "Email", indexed: true }],
      mailboxes: [MAILBOX],
      http: FAST,
    }),
    paypalConnector({ clientId: "pp-client", clientSecret: "pp-secret", baseUrl: api.url, http: FAST }),
    googleAnalyticsConnector(
      {
        propertyId: "123456",
        key: { client_email: "portal@p.iam.gserviceaccount.com", private_key: privateKey },
        tokenUrl: `${api.url}/google/token`,
        baseUrl: api.url,
        http: FAST,
      },
      gaClientIdsOf,
    ),
  ];
  return all.filter((c) => which.includes(c.key)).map(servingDataMapRecipients);
}

/** What WIX, Microsoft 365 and Google Analytics hold on the person. */
async function seedSystems(p: RichPerson, opts: { member?: boolean } = {}) {
  contacts.set("c1", { id: "c1", primaryInfo: { email: p.email }, ...(opts.member ? { member: true } : {}) });
  contacts.set("c-other", { id: "c-other", primaryInfo: { email: "someone.else@example.test" } });
  for (const id of ["s1", "s2"])
    submissions.set(id, { id, contactId: "c1", namespace: WIX_FORMS_NAMESPACE, status: "CONFIRMED" });
  for (const id of ["11", "12"]) items.set(id, { id, fields: { Title: `Enquiry ${id}`, Email: p.email } });
  items.set("13", { id: "13", fields: { Title: "Someone else", Email: "someone.else@example.test" } });
  for (const id of ["m1", "m2"])
    mails.set(id, { id, subject: `Question ${id}`, from: { emailAddress: { address: p.email } } });
  // The person's browsers, as their web events recorded them (no rows added: the totals stay true).
  const events = await db.webEvent.findMany({ where: { personId: p.id }, select: { id: true } });
  for (const [i, e] of events.entries())
    await db.webEvent.update({ where: { id: e.id }, data: { gaClientId: `GA1.1.${i + 1}00.1700000000` } });
  return events.map((_, i) => `GA1.1.${i + 1}00.1700000000`);
}

async function tasksOf(requestId: string) {
  return db.recipientTask.findMany({ where: { requestId }, orderBy: { recipientKey: "asc" } });
}

async function outcomes(requestId: string) {
  return db.connectorOutcome.findMany({ where: { requestId }, orderBy: { connector: "asc" } });
}

async function receiptText(requestId: string): Promise<string> {
  const step = await db.erasureStep.findUniqueOrThrow({
    where: { requestId_step: { requestId, step: "receipt" } },
  });
  const id = String((step.detail as { emailId: string }).emailId);
  return (await db.emailMessage.findUniqueOrThrow({ where: { id } })).text;
}

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
  api = await startFakeApi();
  const keys = await generateKeyPair("RS256", { extractable: true });
  privateKey = await exportPKCS8(keys.privateKey);
  installWix();
  installGraph();
  installGoogle();
  installPayPal();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => {
  api.clear();
  contacts = new Map();
  submissions = new Map();
  items = new Map();
  mails = new Map();
});

describe("erasure through the connectors", () => {
  it("each system erases or explains, staff get only what is left, the receipt says per system what happened", async () => {
    const p = await makeRichPerson({ language: "en" });
    const clientIds = await seedSystems(p);
    expect(clientIds.length).toBeGreaterThan(0);
    const requestId = await dueDeletionRequest(p.id);
    const now = new Date();
    const result = await runErasure(requestId, { connectors: connectors(), now: () => now });
    expect(result).toMatchObject({ status: "completed", steps: [...STEP_NAMES] });

    // WIX: the submissions, permanently, then the contact; nobody else's.
    const wixDeletes = api.requests.filter(
      (r) => r.method === "DELETE" && r.path.includes("/form-submission"),
    );
    expect(wixDeletes.map((r) => r.path).sort()).toEqual([
      "/form-submission-service/v4/submissions/s1",
      "/form-submission-service/v4/submissions/s2",
    ]);
    expect(wixDeletes.every((r) => r.query.get("permanent") === "true")).toBe(true);
    expect(api.requestsTo("DELETE", "/contacts/v4/contacts/{id}").map((r) => r.path)).toEqual([
      "/contacts/v4/contacts/c1",
    ]);
    expect([...contacts.keys()]).toEqual(["c-other"]);
    // Google Analytics: one deletion per client id of the person's browsers.
    expect(
      api
        .requestsTo("POST", GA_PATH)
        .map((r) => (r.body as { clientId: string }).clientId)
        .sort(),
    ).toEqual([...clientIds].sort());
    // Microsoft 365: the list items deleted, the messages left for staff.
    expect([...items.keys()]).toEqual(["13"]);
    expect(api.requestsTo("DELETE", "/users/{user}/messages/{id}")).toHaveLength(0);
    expect(mails.size).toBe(2);
    // PayPal: nothing sent at all.
    expect(api.requests.filter((r) => r.path.startsWith("/v1/") || r.path.startsWith("/v2/"))).toEqual([]);

    // One outcome per system, no longer linked to the person.
    const rows = await outcomes(requestId);
    expect(
      rows.map((o) => [
        o.connector,
        o.recipientKey,
        o.action,
        o.status,
        o.reason,
        o.count,
        o.erased,
        o.personId,
      ]),
    ).toEqual([
      ["google_analytics", "google_analytics", "erase", "done", null, clientIds.length, null, null],
      ["microsoft_365", "m365", "erase", "needs_confirmation", "messages", 2, 2, null],
      ["paypal", "paypal", "erase", "refused", "bookkeeping_record_ask_paypal", null, null, null],
      ["wix", "wix", "erase", "done", null, 3, null, null],
    ]);
    expect(rows.find((o) => o.connector === "google_analytics")!.at?.toISOString()).toBe(GA_AT);
    expect(rows.find((o) => o.connector === "wix")!.at?.toISOString()).toBe(now.toISOString());
    expect(await db.connectorOutcome.count({ where: { personId: p.id } })).toBe(0);

    // Staff: the messages to confirm, the newsletter partner (not configured in tests) and the carriers.
    const tasks = await tasksOf(requestId);
    expect(tasks.map((t) => [t.recipientKey, t.kind])).toEqual([
      ["m365", "erasure_confirmation"],
      ["newsletter", "erasure_instruction"],
      ["transport", "erasure_notice"],
    ]);
    const confirm = tasks.find((t) => t.recipientKey === "m365")!;
    expect(confirm.facts).toMatchObject({ connector: "microsoft_365", toConfirm: 2, what: "messages" });
    expect(rows.find((o) => o.connector === "microsoft_365")!.taskId).toBe(confirm.id);
    expect(rows.filter((o) => o.connector !== "microsoft_365").every((o) => o.taskId === null)).toBe(true);

    // The receipt, in English, one line per system.
    const text = await receiptText(requestId);
    const en = valueFormatter("en");
    expect(text).toContain(`WIX: erased automatically, ${en.dateLong(now)}`);
    expect(text).toContain("Google Analytics: deletion requested automatically, 4 December 2026");
    expect(text).toContain(
      "Microsoft 365: 2 list items erased automatically; 2 e-mails are checked by our staff before deletion",
    );
    expect(text).toContain(
      `PayPal: keeps its invoices as bookkeeping records; ask PayPal at ${PAYPAL_PRIVACY_URL}`,
    );
    expect(text).toContain("What each system did:");
    // The other recipients are still listed with what staff do.
    expect(text).toMatch(/We told those we had shared data about you with: .*Transport companies/);
    expect(text).not.toMatch(/We told those .*WIX/);

    // Run again: nobody is asked twice.
    const before = api.requests.length;
    expect((await runErasure(requestId, { connectors: connectors() })).status).toBe("completed");
    expect(api.requests.length).toBe(before);
  });

  it("a WIX site member: refused with the reason, a staff task that carries it, the person told", async () => {
    const p = await makeRichPerson({ language: "en" });
    await seedSystems(p, { member: true });
    const requestId = await dueDeletionRequest(p.id);
    await runErasure(requestId, { connectors: connectors(["wix"]) });

    // The submissions still went; the contact stays until staff delete the member.
    expect(submissions.size).toBe(0);
    expect([...contacts.keys()].sort()).toEqual(["c-other", "c1"]);
    const [row] = await outcomes(requestId);
    expect(row).toMatchObject({ connector: "wix", status: "refused", reason: "site_member", personId: null });
    const tasks = await tasksOf(requestId);
    const wix = tasks.find((t) => t.recipientKey === "wix")!;
    expect(wix.kind).toBe("erasure_instruction");
    expect(wix.facts).toMatchObject({ connector: "wix", refusal: "site_member" });
    expect(row!.taskId).toBe(wix.id);
    // The connectors not configured here are staff tasks as before.
    expect(tasks.map((t) => t.recipientKey)).toEqual([
      "google_analytics",
      "m365",
      "newsletter",
      "paypal",
      "transport",
      "wix",
    ]);
    expect(await receiptText(requestId)).toContain(
      "WIX could not erase your contact automatically (you are a member of the website); our staff will handle it",
    );
  });

  it("a connector failing on every attempt: retried by the job, then failed with its kind and left to staff", async () => {
    const p = await makeRichPerson({ language: "en" });
    await seedSystems(p);
    const requestId = await dueDeletionRequest(p.id);
    api.route("POST", "/contacts/v4/contacts/query", { status: 500, json: { message: "boom" } });
    try {
      for (let attempt = 1; attempt < MAX_CONNECTOR_ATTEMPTS; attempt++) {
        await expect(runErasure(requestId, { connectors: connectors() })).rejects.toMatchObject({
          name: "ConnectorsRetry",
        });
        const wix = (await outcomes(requestId)).find((o) => o.connector === "wix")!;
        expect(wix).toMatchObject({ status: "pending", attempts: attempt, reason: "wix_unavailable" });
        // The step is not recorded and nothing after it ran; the others' answers are kept.
        const steps = await db.erasureStep.findMany({ where: { requestId } });
        expect(steps.map((s) => s.step)).toEqual(["newsletter"]);
        expect(await db.person.count({ where: { id: p.id } })).toBe(1);
      }
      // Only WIX was asked again: the other systems answered on the first attempt.
      expect(api.requestsTo("POST", GA_PATH)).toHaveLength(
        await db.webEvent.count({ where: { personId: p.id } }),
      );
      const result = await runErasure(requestId, { connectors: connectors() });
      expect(result.status).toBe("completed");
    } finally {
      installWix();
    }
    const wix = (await outcomes(requestId)).find((o) => o.connector === "wix")!;
    expect(wix).toMatchObject({
      status: "failed",
      reason: "wix_unavailable",
      attempts: MAX_CONNECTOR_ATTEMPTS,
    });
    const task = (await tasksOf(requestId)).find((t) => t.recipientKey === "wix")!;
    expect(task.kind).toBe("erasure_instruction");
    expect(task.facts).toMatchObject({ connector: "wix", failure: "wix_unavailable" });
    expect(wix.taskId).toBe(task.id);
    expect(await receiptText(requestId)).toContain(
      "WIX could not be reached automatically; our staff will handle it",
    );
  });

  it("a connector failing once: done on the job's retry, no staff task", async () => {
    const p = await makeRichPerson({ language: "sv" });
    await seedSystems(p);
    const requestId = await dueDeletionRequest(p.id);
    // Every attempt of the HTTP client's own retries fails once: the call fails, the job retries.
    api.script(
      "POST",
      "/contacts/v4/contacts/query",
      ...Array.from({ length: 4 }, () => ({ status: 500, json: { message: "boom" } })),
    );
    await expect(runErasure(requestId, { connectors: connectors(["wix"]) })).rejects.toMatchObject({
      name: "ConnectorsRetry",
    });
    expect(await runErasure(requestId, { connectors: connectors(["wix"]) })).toMatchObject({
      status: "completed",
    });
    const [row] = await outcomes(requestId);
    expect(row).toMatchObject({ connector: "wix", status: "done", attempts: 2, taskId: null });
    expect((await tasksOf(requestId)).map((t) => t.recipientKey)).not.toContain("wix");
    expect(await receiptText(requestId)).toContain("WIX: raderat automatiskt");
  });

  it("a connector past its time limit: aborted, counted as an attempt, asked again on the retry", async () => {
    const p = await makeRichPerson({ language: "en" });
    await seedSystems(p);
    const requestId = await dueDeletionRequest(p.id);
    api.script("POST", GA_PATH, { delayMs: 3_000, json: { deletionRequestTime: GA_AT } });
    const opts = { connectors: connectors(["google_analytics"]), connectorTimeoutMs: 300 };
    await expect(runErasure(requestId, opts)).rejects.toMatchObject({ name: "ConnectorsRetry" });
    expect((await outcomes(requestId))[0]).toMatchObject({
      status: "pending",
      reason: "timeout",
      attempts: 1,
    });
    expect(await runErasure(requestId, opts)).toMatchObject({ status: "completed" });
    expect((await outcomes(requestId))[0]).toMatchObject({ status: "done", attempts: 2, taskId: null });
    expect(await receiptText(requestId)).toContain(
      "Google Analytics: deletion requested automatically, 4 December 2026",
    );
  });

  it("no connector configured: exactly the erasure without connectors, a task for every recipient", async () => {
    const p = await makeRichPerson();
    await seedSystems(p);
    const requestId = await dueDeletionRequest(p.id);
    expect(await runErasure(requestId, { connectors: [] })).toMatchObject({
      status: "completed",
      steps: [...STEP_NAMES],
    });
    expect(api.requests).toEqual([]);
    expect(await outcomes(requestId)).toEqual([]);
    expect((await tasksOf(requestId)).map((t) => [t.recipientKey, t.kind])).toEqual([
      ["google_analytics", "erasure_instruction"],
      ["m365", "erasure_instruction"],
      ["newsletter", "erasure_instruction"],
      ["paypal", "erasure_notice"],
      ["transport", "erasure_notice"],
      ["wix", "erasure_instruction"],
    ]);
    const step = await db.erasureStep.findUniqueOrThrow({
      where: { requestId_step: { requestId, step: "connectors" } },
    });
    expect(step.detail).toMatchObject({ asked: 0 });
    const text = await receiptText(requestId);
    expect(text).toContain("Vi har meddelat dem som har fått uppgifter om dig:");
    expect(text).not.toContain("Det här gjorde varje system:");
  });
});
