// The configured connectors end to end, as the person meets them: WIX, Microsoft 365, PayPal and Google
// Analytics configured by an admin (ConnectorConfig rows) against the fake partner APIs
// (e2e/fake-partners.ts), and a person with records at each. The copy holds what the partners hold; a
// correction reaches WIX and Microsoft 365 by itself; an erasure deletes at WIX, Microsoft 365 (list
// items; messages wait for staff) and Google Analytics, never at PayPal, and the receipt says what
// each system did. Without the configuration, the same erasure gives staff a task per recipient.
//
// The configuration is global (every person's copy and erasure would ask the fake), so this spec runs
// in the "serial" project; each test has a person of its own.
import type { Page } from "@playwright/test";
import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { strFromU8, unzipSync } from "fflate";
import { createPerson, expect, getDb, linkIn, loginAs, test, waitForEmails } from "./fixtures";
import {
  configureAllConnectors,
  partnerRequests,
  partnerState,
  removeAllConnectors,
  seedPartnersFor,
} from "./connectors-fixture";

/** A few random letters: names take letters only. */
const letters = () =>
  randomUUID()
    .replace(/-/g, "")
    .slice(0, 6)
    .replace(/\d/g, (d) => "ghijklmnop"[Number(d)]!);

test.beforeAll(async () => {
  await configureAllConnectors();
});

test.afterAll(async () => {
  await removeAllConnectors();
});

// A failed test shows what the partners were asked and what the portal recorded per system.
let since = 0;
let personIds: string[] = [];
test.beforeEach(async () => {
  since = (await partnerRequests()).length;
  personIds = [];
});
test.afterEach(async ({ db }, testInfo) => {
  if (testInfo.status === testInfo.expectedStatus) return;
  const calls = (await partnerRequests({ since })).map((r) => `${r.method} ${r.path} → ${r.status}`);
  const outcomes = await db.connectorOutcome.findMany({
    where: { OR: [{ personId: { in: personIds } }, { request: { personId: { in: personIds } } }] },
    select: { connector: true, action: true, status: true, reason: true, count: true, attempts: true },
  });
  await testInfo.attach("partners", {
    body: JSON.stringify({ calls, outcomes }, null, 2),
    contentType: "application/json",
  });
  console.log(JSON.stringify({ calls, outcomes }, null, 2));
});

type CopyData = {
  sources: { connector: string; status: string }[];
  categories: { key: string; sections: { key: string; rows: Record<string, unknown>[] }[] }[];
};

/** Every section's rows by the section's key, across the categories. */
function rowsBySection(data: CopyData): Map<string, Record<string, unknown>[]> {
  const out = new Map<string, Record<string, unknown>[]>();
  for (const c of data.categories) {
    for (const s of c.sections) out.set(s.key, [...(out.get(s.key) ?? []), ...s.rows]);
  }
  return out;
}

async function askForDeletion(page: Page) {
  await page.goto("/deletion");
  await page.getByLabel(/Jag förstår att mina uppgifter raderas/).check();
  await page.getByRole("button", { name: "Begär radering" }).click();
  await expect(page.getByText(/Raderingen påbörjas/).first()).toBeVisible();
}

/** Moves the person's deletion request past its cooling-off period and waits for the worker to finish it. */
async function runErasure(personId: string): Promise<string> {
  const db = await getDb();
  const request = await db.request.findFirstOrThrow({ where: { personId, status: "cooling_off" } });
  await db.request.update({
    where: { id: request.id },
    data: { coolingOffEndsAt: new Date(Date.now() - 1000) },
  });
  await db.$executeRaw`
    UPDATE pgboss.job SET start_after = now()
    WHERE name = 'erasure.run' AND state = 'created' AND data->>'phase' IS NULL
      AND data->>'requestId' = ${request.id}`;
  await expect
    .poll(async () => (await db.request.findUniqueOrThrow({ where: { id: request.id } })).status, {
      timeout: 90_000,
    })
    .toBe("completed");
  return request.id;
}

test("copy: what WIX, Microsoft 365 and PayPal hold is in the copy; Google Analytics cannot export", async ({
  page,
  context,
}) => {
  test.setTimeout(300_000);
  const person = await createPerson({
    firstName: "Kopia",
    lastName: `Partnersson${letters()}`,
  });
  const records = await seedPartnersFor(person);
  personIds.push(person.id);
  await loginAs(context, person.email);

  await page.goto("/copy");
  await page.getByRole("button", { name: "Gör min kopia" }).click();
  await expect(page.getByRole("heading", { name: "Din kopia är klar" })).toBeVisible({ timeout: 120_000 });
  const [download] = await Promise.all([
    page.waitForEvent("download"),
    page.getByRole("link", { name: /Ladda ner din kopia/ }).click(),
  ]);
  const files = unzipSync(new Uint8Array(readFileSync((await download.path())!)));
  const data = JSON.parse(strFromU8(files["data.json"]!)) as CopyData;
  const rows = rowsBySection(data);

  // WIX: the contact and both form submissions.
  const contact = rows.get("wix_contact") ?? [];
  expect(contact.map((r) => [r.contactId, r.email, r.lastName])).toEqual([
    [records.wixContactId, person.email, person.lastName],
  ]);
  expect(rows.get("wix_contact_addresses")?.map((r) => r.city)).toEqual(["Stockholm"]);
  const submitted = JSON.stringify(rows.get("wix_form_submissions") ?? []);
  for (const value of records.submissionValues) expect(submitted).toContain(value);
  expect(rows.get("wix_form_submissions")).toHaveLength(2);

  // Microsoft 365: the list item's fields and the messages' subjects (never their bodies).
  const items = rows.get("microsoft_365_list_items") ?? [];
  expect(items.map((r) => r.itemId)).toEqual([records.graphItemId]);
  expect(items[0]!.fields).toMatchObject({ Email: person.email, LastName: person.lastName });
  expect((rows.get("microsoft_365_messages") ?? []).map((r) => r.subject).sort()).toEqual(
    [...records.messageSubjects].sort(),
  );

  // PayPal: both invoices, by number.
  expect((rows.get("paypal_invoices") ?? []).map((r) => r.invoiceNumber).sort()).toEqual(
    [...records.invoiceNumbers].sort(),
  );

  // Where the copy looked: every partner read automatically; Google Analytics cannot export.
  const status = Object.fromEntries(data.sources.map((s) => [s.connector, s.status]));
  expect(status).toMatchObject({
    wix: "ok",
    microsoft_365: "ok",
    paypal: "ok",
    google_analytics: "no_export",
  });
  // Every call the copy made was let in: the credentials and tokens are the ones the partners accept.
  expect((await partnerRequests()).filter((r) => r.status === 401)).toEqual([]);
});

test("correction: a new last name reaches Microsoft 365, a new email WIX and Microsoft 365, automatically", async ({
  page,
  context,
  db,
}) => {
  test.setTimeout(300_000);
  const person = await createPerson({ firstName: "Rätta", lastName: "Gammalsson" });
  const records = await seedPartnersFor(person);
  personIds.push(person.id);
  const newLast = `Nysson${letters()}`;
  const newEmail = `e2e-conn-${randomUUID().slice(0, 8)}@test.example`;
  await loginAs(context, person.email);

  // The last name.
  await page.goto("/details");
  await page.locator("#name-lastName").fill(newLast);
  await page.getByRole("button", { name: /Spara namn|Save name/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /Dina ändringar är sparade/ })).toBeVisible();
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).lastName).toBe(newLast);
  // Microsoft 365 holds the name (lib/datamap/held-fields.ts: WIX keeps what its forms ask for, email
  // and phone, so a name change is not WIX's to hear of).
  await expect
    .poll(
      async () =>
        (await partnerState()).graph.items.find((i) => i.id === records.graphItemId)?.fields.LastName,
      { timeout: 60_000 },
    )
    .toBe(newLast);

  // The email address, confirmed with the link sent to it.
  await page.getByLabel(/Ny e-postadress|New email address/).fill(newEmail);
  await page.getByRole("button", { name: /Skicka bekräftelselänk|Send confirmation link/ }).click();
  const [confirm] = await waitForEmails(newEmail, 1);
  await page.goto(linkIn(confirm!, "/confirm-email"));
  await page.getByRole("button", { name: /Bekräfta ny adress|Confirm new address/ }).click();
  await expect(
    page.getByRole("heading", { name: /Din e-postadress är bytt|Your email address has been changed/ }),
  ).toBeVisible();
  await expect
    .poll(
      async () => {
        const s = await partnerState();
        const contact = s.wix.contacts.find((c) => c.id === records.wixContactId);
        const item = s.graph.items.find((i) => i.id === records.graphItemId);
        return [contact?.primaryInfo.email, item?.fields.Email];
      },
      { timeout: 60_000 },
    )
    .toEqual([newEmail, newEmail]);
  // The rest of each record is untouched.
  const after = await partnerState();
  const contact = after.wix.contacts.find((c) => c.id === records.wixContactId)!;
  expect(contact.primaryInfo.phone ?? "+46701234567").toBe("+46701234567");
  expect(after.graph.items.find((i) => i.id === records.graphItemId)!.fields.CustomerTag).toBeTruthy();

  // The page says who was told, and how: WIX and Microsoft 365 automatically.
  await page.goto("/details");
  const told = page.getByRole("table", { name: /Vilka vi har meddelat/ });
  for (const name of ["WIX", "Microsoft 365"]) {
    await expect(told.getByRole("row").filter({ hasText: name }).first()).toContainText(/automatiskt/);
  }
});

test("erasure: WIX, Microsoft 365's list items and Google Analytics are asked to delete; PayPal is not", async ({
  page,
  context,
  db,
}) => {
  test.setTimeout(300_000);
  const person = await createPerson({
    firstName: "Radera",
    lastName: `Partnersson${letters()}`,
  });
  const records = await seedPartnersFor(person);
  personIds.push(person.id);
  const from = (await partnerRequests()).length;
  await loginAs(context, person.email);
  await askForDeletion(page);
  await waitForEmails(person.email, 1);
  const requestId = await runErasure(person.id);

  const s = await partnerState();
  // WIX: the contact and both submissions, permanently.
  expect(s.wix.contacts.find((c) => c.id === records.wixContactId)).toBeUndefined();
  expect(s.wix.deletedContacts.map((c) => c.id)).toContain(records.wixContactId);
  const gone = s.wix.deletedSubmissions.filter((x) => x.contactId === records.wixContactId);
  expect(gone).toHaveLength(2);
  expect(gone.every((x) => x.permanent)).toBe(true);
  // Google Analytics: a user deletion for the browser's client id.
  expect(s.ga.deletions.map((d) => d.clientId)).toContain(records.gaClientId);
  // Microsoft 365: the list item deleted; the messages kept for staff to confirm.
  expect(s.graph.deletedItems.map((i) => i.id)).toContain(records.graphItemId);
  for (const subject of records.messageSubjects) {
    expect(s.graph.messages.map((m) => m.subject)).toContain(subject);
  }
  // PayPal: read at most, never asked to delete or change anything.
  const paypalCalls = (await partnerRequests({ since: from, path: "/paypal" })).filter(
    (r) => r.method !== "GET" && !r.path.endsWith("/oauth2/token") && !r.path.endsWith("/search-invoices"),
  );
  expect(paypalCalls).toEqual([]);
  expect(s.paypal.invoices.filter((i) => i.recipient === person.email)).toHaveLength(2);

  // What each system did, recorded for the request.
  const outcomes = await db.connectorOutcome.findMany({ where: { requestId, action: "erase" } });
  expect(Object.fromEntries(outcomes.map((o) => [o.connector, o.status]))).toMatchObject({
    wix: "done",
    microsoft_365: "needs_confirmation",
    google_analytics: "done",
    paypal: "refused",
  });

  // The receipt names every system's outcome.
  const mails = await waitForEmails(person.email, 2);
  const receipt = mails.find((m) => m.subject === "Kvitto: dina personuppgifter har raderats");
  expect(receipt, mails.map((m) => m.subject).join(" | ")).toBeTruthy();
  for (const name of ["WIX", "Microsoft 365", "Google Analytics", "PayPal"]) {
    expect(receipt!.text).toContain(name);
  }
});

test("twin: without the connectors, the same erasure gives staff a task for each recipient", async ({
  page,
  context,
  db,
}) => {
  test.setTimeout(300_000);
  await removeAllConnectors();
  const person = await createPerson({
    firstName: "Tvilling",
    lastName: `Partnersson${letters()}`,
  });
  const records = await seedPartnersFor(person);
  personIds.push(person.id);
  const from = (await partnerRequests()).length;
  await loginAs(context, person.email);
  await askForDeletion(page);
  await waitForEmails(person.email, 1);
  const requestId = await runErasure(person.id);

  // Nothing was asked of the partners: the records are all still there.
  expect(await partnerRequests({ since: from })).toEqual([]);
  const s = await partnerState();
  expect(s.wix.contacts.map((c) => c.id)).toContain(records.wixContactId);
  expect(s.graph.items.map((i) => i.id)).toContain(records.graphItemId);
  expect(s.ga.deletions.map((d) => d.clientId)).not.toContain(records.gaClientId);

  // Staff have a task for every recipient, as before connectors.
  const tasks = await db.recipientTask.findMany({ where: { requestId } });
  const keys = new Set(tasks.map((t) => t.recipientKey));
  for (const key of ["wix", "m365", "google_analytics", "paypal"]) expect(keys).toContain(key);
  expect(
    (await db.connectorOutcome.findMany({ where: { requestId, action: "erase", status: "done" } })).length,
  ).toBe(0);
});
