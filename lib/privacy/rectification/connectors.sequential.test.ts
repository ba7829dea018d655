// Art. 16/19 through the configured connectors (against a local fake of the partners' APIs): a changed
// name and email address reach WIX (its contact PATCHed with its revision, found by the previous
// address) and Microsoft 365 (its list item updated) in a "connector.correct" job, with no staff task;
// a partner that answers 500 for ever is retried and then handed to staff (the outcome "failed"); PayPal
// refuses and the person is told; and with nothing configured, staff tell every recipient as before.
// Sequential: a connector's configuration is one row for every test process.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { systemActor } from "@/lib/auth/actor";
import { HANDLERS } from "@/lib/jobs/handlers";
import { CORRECT_ATTEMPTS, connectorCorrectJob } from "@/lib/connectors/correct-job";
import { toldBy, toldHow } from "@/lib/connectors/configured";
import { uniqueEmail } from "@/test/factories";
import { partnerConnected } from "@/test/newsletter-partner";
import {
  configureConnectors,
  graphItemFixture,
  startPartnerFakes,
  wixContactFixture,
  type PartnerFakes,
} from "@/test/partner-fakes";
import { personWithLogin, tasksByKind, withDataMap } from "@/test/rectification-support";
import { confirmEmailChange } from "./confirm-email-change";
import { correctDetails } from "./correct-details";
import { listToldRecipients } from "./notify-recipients";
import { requestEmailChange } from "./request-email-change";

withDataMap();
let fakes: PartnerFakes;
const saved = process.env.RESEND_API_KEY;

beforeAll(async () => {
  fakes = await startPartnerFakes();
  partnerConnected(false);
});
beforeEach(() => fakes.reset());
afterAll(async () => {
  await db.connectorConfig.deleteMany({});
  await fakes.api.close();
  if (saved !== undefined) process.env.RESEND_API_KEY = saved;
});

const WIX_CONTACT = "/contacts/v4/contacts/{id}";
const GRAPH_FIELDS = "/sites/{site}/lists/{list}/items/{id}/fields";

/** The raw token, as only the new address's mailbox has it. */
async function tokenSentTo(address: string): Promise<string> {
  const mail = await db.emailMessage.findFirstOrThrow({
    where: { to: address, kind: "emailChangeConfirm" },
    orderBy: { createdAt: "desc" },
  });
  return /\/confirm-email\?token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!;
}

/** The person corrects their name and changes their email address (confirmed by the link). */
async function changeNameAndEmail() {
  const { person, actor } = await personWithLogin({ language: "en" });
  fakes.wixContacts.set("c-1", wixContactFixture("c-1", person.email));
  fakes.graphItems.set("11", graphItemFixture("11", person.email, person.firstName ?? "Test"));
  const named = await correctDetails(actor, { section: "name", firstName: "Nora", lastName: "Person" });
  const newEmail = uniqueEmail("new");
  await requestEmailChange(actor, { newEmail });
  expect(await confirmEmailChange(systemActor("email-change-link"), await tokenSentTo(newEmail))).toEqual({
    status: "confirmed",
  });
  const outcomes = await db.connectorOutcome.findMany({
    where: { personId: person.id, action: "correct" },
    orderBy: { createdAt: "asc" },
  });
  return { person, actor, newEmail, named, outcomes };
}

/** The queue's job for an outcome: its data (ids only) and its retry policy. */
async function jobOf(outcomeId: string) {
  const rows = await db.$queryRaw<{ data: Record<string, unknown>; retry_limit: number }[]>`
    SELECT data, retry_limit FROM pgboss.job WHERE name = 'connector.correct' AND data->>'outcomeId' = ${outcomeId}`;
  expect(rows).toHaveLength(1);
  return rows[0]!;
}

describe("a correction with WIX and Microsoft 365 configured", () => {
  it("passes the name and the email on through each connector's job, with no staff task for them", async () => {
    await configureConnectors(["wix", "microsoft_365"], fakes.api.url);
    const { person, actor, newEmail, named, outcomes } = await changeNameAndEmail();
    // Said at once: "being corrected automatically".
    expect(named.told.find((t) => t.recipientKey === "m365")).toMatchObject({
      how: "connector",
      taskId: null,
    });
    // Microsoft 365 for the name and the email, WIX for the email; all pending, with the fields' names.
    expect(outcomes.map((o) => [o.connector, o.recipientKey, o.status, o.fields])).toEqual([
      ["microsoft_365", "m365", "pending", ["firstName"]],
      ["microsoft_365", "m365", "pending", ["email"]],
      ["wix", "wix", "pending", ["email"]],
    ]);
    // No staff task for WIX or Microsoft 365; PayPal, the transport companies and the (unconnected)
    // newsletter partner are told by staff as before.
    const tasks = await tasksByKind(person.id);
    expect(Object.values(tasks).flat()).not.toContain("wix");
    expect(Object.values(tasks).flat()).not.toContain("m365");
    expect(tasks.correction_notice).toEqual(expect.arrayContaining(["paypal", "transport"]));

    // The jobs carry ids only, and are retried.
    for (const o of outcomes) {
      const job = await jobOf(o.id);
      expect(Object.keys(job.data).sort()).toEqual(
        o.fields.includes("email") ? ["emailChangeId", "outcomeId"] : ["outcomeId"],
      );
      expect(JSON.stringify(job.data)).not.toContain(person.email);
      expect(job.retry_limit).toBe(CORRECT_ATTEMPTS - 1);
    }

    // The worker runs them, as the queue would.
    const handler = HANDLERS["connector.correct"]!;
    for (const o of outcomes) await handler((await jobOf(o.id)).data);

    // WIX: found by the previous address, PATCHed with the contact's revision, the new address primary.
    const patches = fakes.api.requestsTo("PATCH", WIX_CONTACT);
    expect(patches).toHaveLength(1);
    expect(patches[0]!.body).toMatchObject({
      revision: 3,
      info: { emails: { items: [expect.objectContaining({ email: newEmail, primary: true })] } },
    });
    expect(fakes.wixContacts.get("c-1")!.primaryInfo.email).toBe(newEmail);
    // Microsoft 365: the list item's first name and then its email column.
    const updates = fakes.api.requestsTo("PATCH", GRAPH_FIELDS).map((r) => r.body);
    expect(updates).toEqual(expect.arrayContaining([{ FirstName: "Nora" }, { Email: newEmail }]));
    expect(fakes.graphItems.get("11")!.fields).toMatchObject({ FirstName: "Nora", Email: newEmail });

    const after = await db.connectorOutcome.findMany({ where: { personId: person.id, action: "correct" } });
    for (const o of after)
      expect(o, o.connector).toMatchObject({ status: "done", count: 1, taskId: null, attempts: 1 });
    const tasksAfter = await tasksByKind(person.id);
    expect(Object.values(tasksAfter).flat()).not.toContain("wix");
    expect(Object.values(tasksAfter).flat()).not.toContain("m365");

    // The person's "who we told" list says what each system did.
    const told = await listToldRecipients(actor, "en");
    const wix = told.find((t) => t.recipientKey === "wix")!;
    expect(wix.outcome).toMatchObject({ connector: "wix", status: "done" });
    expect(wix.how).toBe("connector");
    expect(toldBy(wix.how, "wix", wix.outcome)).toBe("automatic");
    expect(toldHow(wix.outcome!, wix.name, "en")).toMatch(
      /^corrected automatically, \d{1,2} [A-Z][a-z]+ \d{4}$/,
    );
    expect(toldHow({ ...wix.outcome!, status: "pending" }, wix.name, "sv")).toBe("rättas automatiskt");
  });

  it("a partner that answers 500 for ever: retried, then after the last attempt a staff task and the outcome failed", async () => {
    await configureConnectors(["microsoft_365"], fakes.api.url);
    const { person, actor } = await personWithLogin({ language: "en" });
    fakes.graphItems.set("11", graphItemFixture("11", person.email));
    // Every update answers 500 (the HTTP client's own retries included).
    const serverError = { status: 500, json: { error: { code: "generalException", message: "oops" } } };
    fakes.api.script(
      "PATCH",
      GRAPH_FIELDS,
      ...Array.from({ length: 4 * CORRECT_ATTEMPTS + 4 }, () => serverError),
    );
    await correctDetails(actor, { section: "name", firstName: "Nora", lastName: "Person" });
    const [outcome] = await db.connectorOutcome.findMany({
      where: { personId: person.id, action: "correct" },
    });
    expect(outcome).toMatchObject({ connector: "microsoft_365", status: "pending" });
    const data = (await jobOf(outcome!.id)).data;
    for (let i = 1; i < CORRECT_ATTEMPTS; i++) {
      // Each attempt before the last fails, so the queue retries it.
      await expect(connectorCorrectJob(data)).rejects.toMatchObject({ kind: "microsoft_365_unavailable" });
      expect(await db.connectorOutcome.findUniqueOrThrow({ where: { id: outcome!.id } })).toMatchObject({
        status: "pending",
        attempts: i,
        taskId: null,
      });
    }
    expect((await tasksByKind(person.id)).correction_instruction ?? []).not.toContain("m365");
    expect(await connectorCorrectJob(data)).toBe("failed");
    const failed = await db.connectorOutcome.findUniqueOrThrow({ where: { id: outcome!.id } });
    expect(failed).toMatchObject({
      status: "failed",
      reason: "microsoft_365_unavailable",
      attempts: CORRECT_ATTEMPTS,
    });
    const task = await db.recipientTask.findUniqueOrThrow({ where: { id: failed.taskId! } });
    expect(task).toMatchObject({ recipientKey: "m365", kind: "correction_instruction", status: "open" });
    expect(task.fields).toEqual(["firstName"]);
    expect(fakes.graphItems.get("11")!.fields.FirstName).toBe("Nils");
    // A late retry changes nothing; the person reads that staff tell it.
    expect(await connectorCorrectJob(data)).toBe("skipped");
    const told = await listToldRecipients(actor, "en");
    const m365 = told.find((t) => t.recipientKey === "m365")!;
    expect(m365.outcome).toMatchObject({ status: "failed" });
    expect(m365.taskStatus).toBe("open");
    expect(toldBy(m365.how, "microsoft_365", m365.outcome)).toBe("staff");
  });

  it("PayPal refuses (issued invoices are not changed): the outcome says so and the person is told", async () => {
    await configureConnectors(["paypal"], fakes.api.url);
    const { person, actor } = await personWithLogin({ language: "en" });
    await correctDetails(actor, { section: "name", firstName: "Nora", lastName: "Person" });
    const [outcome] = await db.connectorOutcome.findMany({
      where: { personId: person.id, action: "correct" },
    });
    expect(outcome).toMatchObject({ connector: "paypal", recipientKey: "paypal", status: "pending" });
    expect(await connectorCorrectJob((await jobOf(outcome!.id)).data)).toBe("refused");
    expect(await db.connectorOutcome.findUniqueOrThrow({ where: { id: outcome!.id } })).toMatchObject({
      status: "refused",
      reason: "issued_invoice_ask_paypal",
    });
    const mail = await db.emailMessage.findFirstOrThrow({
      where: { personId: person.id, kind: "requestUpdate" },
    });
    expect(mail.to).toBe(person.email);
    expect(mail.text).toContain("invoices already issued are not changed; ask PayPal");
    expect(fakes.api.requests.filter((r) => r.path.startsWith("/v2/"))).toEqual([]);
    const told = await listToldRecipients(actor, "en");
    expect(told.find((t) => t.recipientKey === "paypal")?.outcome).toMatchObject({ status: "refused" });
  });
});

describe("a correction with no connector configured (its twin)", () => {
  it("staff tell every recipient, as before: no outcome, no job, no call", async () => {
    await configureConnectors([], fakes.api.url);
    const { person, outcomes } = await changeNameAndEmail();
    expect(outcomes).toEqual([]);
    const tasks = await tasksByKind(person.id);
    expect(tasks.correction_instruction).toEqual(expect.arrayContaining(["m365", "wix"]));
    expect(tasks.correction_notice).toEqual(expect.arrayContaining(["paypal", "transport"]));
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'connector.correct'
        AND data->>'outcomeId' IN (SELECT id FROM "ConnectorOutcome" WHERE "personId" = ${person.id})`;
    expect(Number(jobs[0]!.n)).toBe(0);
    expect(fakes.api.requests).toEqual([]);
  });
});
