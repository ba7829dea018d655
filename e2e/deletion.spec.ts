// Deletion as the person does it: the plan (with the kept invoices and their own dates), asking with
// a fresh sign-in and an explicit confirmation, cancelling during the cooling-off period, asking
// again, then the erasure job (time moved past the period in the database, run by the real worker),
// the receipt, and an address that no longer signs anyone in. Plus the limits: impersonating staff
// cannot ask, and one person cannot cancel another's request.
import AxeBuilder from "@axe-core/playwright";
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import {
  test,
  expect,
  DEMO,
  getDb,
  loginAs,
  createPerson,
  waitForEmails,
  recordForeignRequests,
  impersonate,
} from "./fixtures";
import { makeHeldAndExpiredInvoices, payByCard } from "../test/held-invoices";

/** Our own invoice factory: one voucher still held, one whose hold has ended, and a payment. */
async function makeInvoices(personId: string, name: string, email: string) {
  const db = await getDb();
  const tag = randomUUID().slice(0, 8);
  const counterparty = { name, email, street: "Testgatan 1", city: "Stockholm" };
  const { held, expired } = await makeHeldAndExpiredInvoices(db, personId, tag, counterparty);
  await payByCard(db, held, { externalId: `e2e-del-${tag}-p1`, sharedWithProvider: { payerEmail: email } });
  return { held, expired };
}

/** The kept-through date the company's settings give a voucher of 2023-04-02. */
async function keptThrough(): Promise<string> {
  const db = await getDb();
  const rows = await db.setting.findMany({
    where: { key: { in: ["financialYearEnd", "bookkeepingRetentionYears"] } },
  });
  const get = (k: string) => rows.find((r) => r.key === k)?.value;
  const fyEnd = typeof get("financialYearEnd") === "string" ? (get("financialYearEnd") as string) : "12-31";
  const years =
    typeof get("bookkeepingRetentionYears") === "number" ? (get("bookkeepingRetentionYears") as number) : 7;
  const fyYear = "2023-04-02".slice(5) <= fyEnd ? 2023 : 2024;
  return `${fyYear + years}-12-31`;
}

async function askForDeletion(page: Page) {
  await page.getByLabel(/Jag förstår att mina uppgifter raderas/).check();
  await page.getByRole("button", { name: "Begär radering" }).click();
  await expect(page.getByText(/Raderingen påbörjas/).first()).toBeVisible();
}

test("plan, step-up, cancel, ask again, erasure, receipt, and no more sign-in", async ({
  page,
  context,
  db,
}) => {
  test.setTimeout(300_000);
  const person = await createPerson({ firstName: "Dora", lastName: `Raderasson${randomUUID().slice(0, 6)}` });
  const { held, expired } = await makeInvoices(
    person.id,
    `${person.firstName} ${person.lastName}`,
    person.email,
  );
  const until = await keptThrough();

  // The plan, before asking: kept invoices with their own dates; the old one is erased.
  await loginAs(context, person.email, { signedInMinutesAgo: 60 });
  const foreign = recordForeignRequests(page);
  await page.goto("/deletion");
  await expect(page.getByRole("heading", { level: 1, name: "Radera mina uppgifter" })).toBeVisible();
  const row = page.getByRole("row", { name: new RegExp(`Faktura ${held.invoiceNumber}`) });
  await expect(row).toContainText("2023-04-02");
  await expect(row).toContainText(until);
  await expect(row).toContainText(/\d{4}-\d{2}-\d{2}/); // the financial year's end
  await expect(page.getByText(/Bokföringslagen \(1999:1078\) 7 kap\. 2 §/)).toBeVisible();
  await expect(page.getByRole("row", { name: new RegExp(`^${until}`) })).toBeVisible();
  await expect(page.getByRole("row", { name: /^Betalning/ })).toContainText(until);
  await expect(page.locator("main")).not.toContainText(expired.invoiceNumber);
  await expect(page.getByText(/1 faktura eller betalning vars lagringstid redan har gått ut/)).toBeVisible();
  // An old sign-in: asking needs a fresh one first.
  await expect(page.getByRole("button", { name: "Begär radering" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Bekräfta att det är du" })).toHaveAttribute(
    "href",
    "/step-up?next=/deletion",
  );
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(axe.violations.map((v) => v.id)).toEqual([]);

  // A fresh sign-in. Without the box ticked, the error is next to the box and nothing happens.
  await context.clearCookies();
  await loginAs(context, person.email);
  await page.goto("/deletion");
  await page.getByRole("button", { name: "Begär radering" }).click();
  await expect(
    page.getByText("Kryssa i rutan för att bekräfta att du förstår vad som händer."),
  ).toBeVisible();
  await expect(page.getByLabel(/Jag förstår att mina uppgifter raderas/)).toHaveAttribute(
    "aria-invalid",
    "true",
  );
  expect(await db.request.count({ where: { personId: person.id, type: "deletion" } })).toBe(0);

  await askForDeletion(page);
  const [confirm] = await waitForEmails(person.email, 1);
  expect(confirm!.subject).toBe("Vi har tagit emot din begäran om radering");
  const first = await db.request.findFirstOrThrow({ where: { personId: person.id, type: "deletion" } });
  expect(first.status).toBe("cooling_off");

  // Cancelled during the cooling-off period: nothing is erased.
  await page.getByRole("button", { name: "Ångra begäran om radering" }).click();
  await expect(page.getByText(/Du ångrade din begäran om radering/)).toBeVisible();
  expect((await db.request.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("cancelled");

  // Asked again; then time moves past the cooling-off period and the worker runs the erasure.
  await askForDeletion(page);
  await waitForEmails(person.email, 2);
  const second = await db.request.findFirstOrThrow({ where: { personId: person.id, status: "cooling_off" } });
  expect(second.id).not.toBe(first.id);
  await db.request.update({
    where: { id: second.id },
    data: { coolingOffEndsAt: new Date(Date.now() - 1000) },
  });
  // Both requests' erasure jobs are made due now: the cancelled one must do nothing.
  await db.$executeRaw`
    UPDATE pgboss.job SET start_after = now()
    WHERE name = 'erasure.run' AND state = 'created' AND data->>'phase' IS NULL
      AND data->>'requestId' IN (${first.id}, ${second.id})`;
  await expect
    .poll(async () => (await db.request.findUniqueOrThrow({ where: { id: second.id } })).status, {
      timeout: 30_000,
    })
    .toBe("completed");
  expect((await db.request.findUniqueOrThrow({ where: { id: first.id } })).status).toBe("cancelled");

  // The receipt lists the kept invoice with its dates, in Swedish, and how to complain.
  const mails = await waitForEmails(person.email, 3);
  const receipt = mails.find((m) => m.subject === "Kvitto: dina personuppgifter har raderats");
  expect(receipt, mails.map((m) => m.subject).join(" | ")).toBeTruthy();
  expect(receipt!.text).toContain(`Faktura ${held.invoiceNumber} (2023-04-02): sparas till och med ${until}`);
  expect(receipt!.text).toContain("Integritetsskyddsmyndigheten (IMY)");
  expect(receipt!.text).not.toContain(expired.invoiceNumber);

  // The held invoice stays, restricted and unlinked; the old one is gone; so is the person.
  const kept = await db.invoice.findUniqueOrThrow({ where: { id: held.id } });
  expect(kept.personId).toBeNull();
  expect(kept.restrictedAt).not.toBeNull();
  expect(await db.invoice.count({ where: { id: expired.id } })).toBe(0);
  expect(await db.person.count({ where: { id: person.id } })).toBe(0);

  // Signed out everywhere, and the address now holds nothing: a link request says so.
  await page.goto("/deletion");
  await expect(page).toHaveURL(/\/sign-in/);
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(person.email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
  const after = await waitForEmails(person.email, 4);
  expect(after.map((m) => m.subject)).toContain("Vi har inga uppgifter om den här adressen");
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(0);
  expect(foreign).toEqual([]);
});

test("impersonating staff see the plan but cannot ask for deletion", async ({ page, context, db }) => {
  const person = await createPerson();
  await impersonate(context, DEMO.staff, person.id, "e2e: phone call", 30);
  await page.goto("/deletion");
  await expect(page.getByRole("heading", { level: 1, name: "Radera mina uppgifter" })).toBeVisible();
  await expect(page.getByText(/Bara personen själv kan begära eller bekräfta radering/)).toBeVisible();
  await expect(page.getByRole("button", { name: "Begär radering" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Bekräfta att det är du" })).toHaveCount(0);
  expect(await db.request.count({ where: { personId: person.id } })).toBe(0);
});

test("a person cannot cancel another person's deletion request", async ({ page, context, browser, db }) => {
  // Guards against trusting the request id from the form: ownership must be checked in the query.
  const victim = await createPerson({ firstName: "Viktoria" });
  const attacker = await createPerson({ firstName: "Adam" });
  const victimContext = await browser.newContext();
  const victimPage = await victimContext.newPage();
  await loginAs(victimContext, victim.email);
  await victimPage.goto("/deletion");
  await askForDeletion(victimPage);
  const victimRequest = await db.request.findFirstOrThrow({
    where: { personId: victim.id, type: "deletion" },
  });

  await loginAs(context, attacker.email);
  await page.goto("/deletion");
  await askForDeletion(page);
  // The attacker swaps their own request id in the cancel form for the victim's.
  await page
    .locator('input[name="requestId"]')
    .evaluate((el, id) => ((el as HTMLInputElement).value = id), victimRequest.id);
  await page.getByRole("button", { name: "Ångra begäran om radering" }).click();
  await expect(page.getByText("Vi hittade ingen sådan begäran om radering hos dig.")).toBeVisible();
  expect((await db.request.findUniqueOrThrow({ where: { id: victimRequest.id } })).status).toBe(
    "cooling_off",
  );
  const own = await db.request.findFirstOrThrow({ where: { personId: attacker.id, type: "deletion" } });
  expect(own.status).toBe("cooling_off");
  await victimContext.close();
});
