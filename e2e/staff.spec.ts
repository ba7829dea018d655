// The staff console end to end: impersonation within its limits, intake confirmed from the person's
// own mailbox, and the staff search results accessible (axe) in both languages (e2e/pages.spec.ts
// checks every staff page as it first opens).
import AxeBuilder from "@axe-core/playwright";
import {
  test,
  expect,
  DEMO,
  loginAs,
  createPerson,
  getDb,
  waitForEmails,
  linkIn,
  recordForeignRequests,
  PORT,
  givePersonnummer,
  furtherCopyWithOpenTask,
} from "./fixtures";
import { uniqueTag } from "../test/unique-tag";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axe(page: import("@playwright/test").Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(
    result.violations.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** A test personnummer (official test numbers only) that no one in the database holds yet. */
test("impersonation: started with a reason, bannered, limited, audited with both identities, seen by the person", async ({
  page,
  context,
  browser,
  db,
}) => {
  // Letters only: the details form validates names.
  const person = await createPerson({ firstName: "Ingrid", lastName: `Impsson${uniqueTag()}` });
  const pnr = await givePersonnummer(person.id);
  const staffMember = await db.staffMember.findUniqueOrThrow({ where: { email: DEMO.staff } });
  const reason = `Ärende 4711 – telefonsamtal ${Date.now()}`;
  await loginAs(context, DEMO.staff);

  // From the person page, with a required reason.
  await page.goto(`/staff/people/${person.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Ingrid ${person.lastName}`);
  // The staff page shows the personnummer masked too.
  await expect(page.locator("body")).toContainText(`${pnr.slice(0, 8)}-****`);
  await expect(page.locator("body")).not.toContainText(pnr);
  const start = page.getByRole("button", { name: "Börja visa som personen" });
  await start.click();
  await expect(page.getByText("Skriv ett skäl (minst 3 tecken)")).toBeVisible();
  await expect(page.getByLabel("Skäl (fritext eller ärendenummer)")).toHaveAttribute("aria-invalid", "true");
  expect(await db.impersonation.count({ where: { personId: person.id } })).toBe(0);
  await page.getByLabel("Skäl (fritext eller ärendenummer)").fill(reason);
  await start.click();
  await page.waitForURL(/\/my-data$/);

  // The banner on every page: the person's name, the time left, a stop button.
  const banner = page.getByRole("region", { name: "Personal ser portalen som en kund" });
  for (const path of ["/my-data", "/activity", "/preferences"]) {
    await page.goto(path);
    await expect(banner).toContainText(`Ingrid ${person.lastName}`);
    await expect(banner).toContainText(/(29|30) minuter kvar/);
    await expect(banner.getByRole("button", { name: "Sluta visa som personen" })).toBeVisible();
  }

  // Correct a detail on the person's behalf: recorded with both identities.
  const details = await page.goto("/details");
  expect(details?.status()).toBe(200);
  await expect(page.locator("body")).not.toContainText(pnr);
  await expect(page.locator("body")).toContainText(`${pnr.slice(0, 8)}-****`);
  const nameSection = page.locator("section", { has: page.locator("#name-heading") });
  await nameSection.getByLabel("Förnamn").fill("Inga");
  await nameSection.getByRole("button", { name: /^Spara/ }).click();
  await expect
    .poll(async () => (await db.person.findUniqueOrThrow({ where: { id: person.id } })).firstName)
    .toBe("Inga");
  const entry = await db.auditEntry.findFirst({
    where: { personId: person.id, actorType: "impersonation" },
    orderBy: { seq: "desc" },
  });
  expect(entry?.actorId).toBe(staffMember.id);
  expect(entry?.meta).toMatchObject({ impersonationId: expect.any(String) });
  // The sign-in email cannot be changed while impersonating.
  await expect(page.getByRole("button", { name: "Skicka bekräftelselänk" })).toHaveCount(0);
  await expect(page.locator("body")).toContainText("Inloggningsadressen kan bara kunden själv byta");

  // No download: the copy page offers no button (and the use-case refuses, see lib/auth/policy.test.ts).
  const copy = await page.goto("/copy");
  expect(copy?.status()).toBe(200);
  await expect(page.getByRole("button", { name: "Gör min kopia" })).toHaveCount(0);
  await expect(page.locator("body")).toContainText("personal kan inte begära eller ladda ner en kopia");
  // No deletion: neither asking nor confirming, while the plan is shown.
  const deletion = await page.goto("/deletion");
  expect(deletion?.status()).toBe(200);
  await expect(page.getByRole("heading", { level: 1, name: "Radera mina uppgifter" })).toBeVisible();
  await expect(page.getByRole("button", { name: "Begär radering" })).toHaveCount(0);
  // Staff pages are closed while viewing as the person.
  await page.goto("/staff");
  await expect(page).not.toHaveURL(/\/staff/);

  // Expiry ends it: no banner, back to the staff console.
  await db.impersonation.updateMany({
    where: { personId: person.id, endedAt: null },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  await page.goto("/my-data");
  await expect(banner).toHaveCount(0);
  await page.goto("/staff");
  await expect(page).toHaveURL(/\/staff$/);
  // The worker closes expired impersonations by a job scheduled once a minute; the test queues that job
  // now rather than waiting for the schedule.
  const { enqueue } = await import("../lib/jobs/queue");
  await db.$transaction((tx) => enqueue(tx, "impersonation.expire", {}));
  await expect
    .poll(async () => (await db.impersonation.findFirstOrThrow({ where: { personId: person.id } })).endedAt)
    .not.toBeNull();

  // The person sees it in their activity log, with the reason and the staff member's name.
  const personContext = await browser.newContext();
  await loginAs(personContext, person.email);
  const personPage = await personContext.newPage();
  await personPage.goto("/activity");
  const row = personPage.getByRole("row", { name: /Personal började se portalen som du/ });
  await expect(row).toContainText(staffMember.name);
  await expect(row).toContainText(reason);
  await expect(personPage.getByRole("row", { name: /Personal slutade se portalen som du/ })).toHaveCount(1);
  await personContext.close();
});

test("the stop button ends an impersonation at once", async ({ page, context, db }) => {
  const person = await createPerson({ firstName: "Stina" });
  await loginAs(context, DEMO.staff);
  await page.goto(`/staff/people/${person.id}`);
  await page.getByLabel("Skäl (fritext eller ärendenummer)").fill("Kunden ringde om utskick");
  await page.getByRole("button", { name: "Börja visa som personen" }).click();
  await page.waitForURL(/\/my-data$/);
  await page.getByRole("button", { name: "Sluta visa som personen" }).click();
  await page.waitForURL(new RegExp(`/staff/people/${person.id}$`));
  await expect(page.getByRole("region", { name: "Personal ser portalen som en kund" })).toHaveCount(0);
  expect(
    (await db.impersonation.findFirstOrThrow({ where: { personId: person.id } })).endedAt,
  ).not.toBeNull();
});

test("intake: a letter registered with its real date, confirmed from the person's mailbox, then extended", async ({
  page,
  context,
  browser,
  db,
}) => {
  const person = await createPerson({ firstName: "Lotta", lastName: "Brevsson" });
  await loginAs(context, DEMO.staff);
  await page.goto(`/staff/people/${person.id}`);
  const intake = page.locator("section", { has: page.locator("#intake-heading") });
  await intake.getByLabel("Begäran").selectOption("objection");
  await intake.getByLabel("Kom in via").selectOption("letter");
  // A date in the future is refused, next to the field.
  const future = new Date(Date.now() + 3 * 86_400_000).toISOString().slice(0, 10);
  await intake.getByLabel("Mottagen den").fill(future);
  await intake.getByRole("button", { name: "Registrera och be personen bekräfta" }).click();
  await expect(intake.getByText("Mottagningsdatumet kan inte ligga i framtiden.")).toBeVisible();
  await expect(intake.getByLabel("Mottagen den")).toHaveAttribute("aria-invalid", "true");
  expect(await db.request.count({ where: { personId: person.id } })).toBe(0);

  const received = new Date(Date.now() - 3 * 86_400_000).toISOString().slice(0, 10);
  await intake.getByLabel("Mottagen den").fill(received);
  await intake.getByRole("button", { name: "Registrera och be personen bekräfta" }).click();
  await expect(intake.getByRole("status")).toContainText("Registrerat");
  const request = await db.request.findFirstOrThrow({ where: { personId: person.id } });
  expect(request.status).toBe("awaiting_confirmation");
  expect(request.channel).toBe("letter");

  // The first link went astray: staff send a new one from the request page.
  await waitForEmails(person.email, 1);
  await page.goto(`/staff/requests/${request.id}`);
  await expect(page.getByRole("heading", { name: "Väntar på personens bekräftelse" })).toBeVisible();
  await page.getByRole("button", { name: "Skicka en ny länk" }).click();
  await expect(page.getByText("En ny bekräftelselänk har skickats.")).toBeVisible();
  expect(
    await db.auditEntry.count({
      where: { action: "staff.request_confirmation_resent", targetId: request.id },
    }),
  ).toBe(1);

  // The person confirms from their own mailbox with the new link: it opens a page, the button confirms.
  const mail = (await waitForEmails(person.email, 2))[1];
  const url = linkIn(mail!, "/confirm-request");
  const personContext = await browser.newContext();
  const personPage = await personContext.newPage();
  await personPage.goto(url.replace(/^https?:\/\/[^/]+/, `http://localhost:${PORT}`));
  expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
    "awaiting_confirmation",
  );
  await axe(personPage, "/confirm-request");
  await personPage.getByRole("button", { name: "Ja, det här är min begäran" }).click();
  await expect(personPage.getByRole("heading", { level: 1 })).toHaveText("Tack");
  expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("received");
  await personContext.close();

  // In the queue with its received date and deadline; extended with a reason, the person told.
  await page.goto("/staff/requests?type=objection");
  const row = page.getByRole("row").filter({ has: page.locator(`a[href="/staff/requests/${request.id}"]`) });
  await expect(row).toContainText("Lotta Brevsson");
  await expect(row).toContainText("Inkom via brev");
  await row.getByRole("link", { name: "Invändning" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Invändning");
  const extend = page.locator("section", { has: page.locator("#extend-heading") });
  await extend.getByLabel("Skäl").fill("Vi behöver gå igenom brev från flera år.");
  await extend.getByRole("button", { name: "Förläng och meddela personen" }).click();
  // The page shows the new deadline and why; the form is gone (only once).
  await expect(page.locator("dl.facts")).toContainText("Förlängd från");
  await expect(page.locator("dl.facts")).toContainText("Vi behöver gå igenom brev från flera år.");
  const extended = await db.request.findUniqueOrThrow({ where: { id: request.id } });
  expect(extended.extendedDueAt).not.toBeNull();
  const mails = await waitForEmails(person.email, 3);
  expect(mails.some((m) => (m.text ?? "").includes("Vi behöver gå igenom brev från flera år."))).toBe(true);
  await page.reload();
  await expect(page.locator("#extend-heading")).toHaveCount(0);
});

// A delivered free copy ("Kopia av mina uppgifter") once offered a fee or a refusal for itself: the page
// now offers exactly what the use-case allows (lib/staff/request-actions.ts), which for a copy already
// made is nothing, while a further copy's page offers grant, fee and refusal.
test("a delivered free copy's page offers no fee or refusal; a further copy's page does", async ({
  page,
  context,
}) => {
  const person = await createPerson({ firstName: "Kopia" });
  await getDb();
  const { deliveredFreeCopy } = await import("../test/factories");
  // Still open: one recipient search is not ticked yet.
  const free = await deliveredFreeCopy(person.id);
  const further = await furtherCopyWithOpenTask(person.id);
  await loginAs(context, DEMO.staff);

  await page.goto(`/staff/requests/${free.id}`);
  await expect(page.getByRole("heading", { level: 1 })).toContainText("Kopia (registerutdrag)");
  await expect(page.locator("#copy-heading")).toHaveCount(0);
  await expect(page.getByLabel("Begär en avgift (personen godkänner först)")).toHaveCount(0);
  await expect(page.getByLabel("Avslå (uppenbart ogrundad eller orimlig)")).toHaveCount(0);
  await expect(page.getByLabel("Gör kopian kostnadsfritt")).toHaveCount(0);
  await expect(page.locator("#refuse-heading")).toHaveCount(0);
  await expect(page.getByText("Kopian för ärendet är framtagen eller på väg.")).toBeVisible();

  await page.goto(`/staff/requests/${further.id}`);
  await expect(page.locator("#copy-heading")).toBeVisible();
  await expect(page.getByLabel("Gör kopian kostnadsfritt")).toBeVisible();
  await expect(page.getByLabel("Begär en avgift (personen godkänner först)")).toBeVisible();
  await expect(page.getByLabel("Avslå (uppenbart ogrundad eller orimlig)")).toBeVisible();
});

// Art. 19: the open task of a recipient lists every field changed since it opened, by name.
test("the task list names the person and every field changed since the task opened", async ({
  page,
  context,
  db,
}) => {
  const { joinOrOpenFieldTask } = await import("../lib/privacy/tasks");
  const person = await createPerson({ firstName: "Tova", lastName: `Uppgiftsson${Date.now()}` });
  for (const fields of [["billingStreet"], ["phone", "billingStreet"]]) {
    await db.$transaction((tx) =>
      joinOrOpenFieldTask(tx, {
        personId: person.id,
        recipientKey: "paypal",
        kind: "correction_notice",
        fields,
      }),
    );
  }
  expect(await db.recipientTask.count({ where: { personId: person.id } })).toBe(1);
  await loginAs(context, DEMO.staff);
  await page.goto("/staff/tasks");
  const card = page.locator("li.card").filter({ hasText: person.lastName! });
  await expect(card).toHaveCount(1);
  await expect(card.getByRole("link", { name: `Tova ${person.lastName}` })).toHaveAttribute(
    "href",
    `/staff/people/${person.id}`,
  );
  await expect(card).toContainText("Fakturaadress: gatuadress, Mobilnummer");
});

for (const locale of ["sv", "en"] as const) {
  // Search is posted (a personnummer must not land in the URL): the results, on /staff itself.
  test(`staff search results pass axe and ask nothing of other origins (${locale})`, async ({
    page,
    context,
  }) => {
    await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${PORT}` }]);
    const person = await createPerson({ firstName: "Axel" });
    await loginAs(context, DEMO.staff);
    const foreign = recordForeignRequests(page);
    await page.goto("/staff");
    await page.locator("#staff-search").fill(person.email);
    await page.locator("form[role=search] button[type=submit]").click();
    await expect(page.getByRole("row").filter({ hasText: person.email })).toBeVisible();
    expect(page.url()).toBe(`http://localhost:${PORT}/staff`);
    await axe(page, "/staff (search results)");
    expect(foreign).toEqual([]);
  });
}
