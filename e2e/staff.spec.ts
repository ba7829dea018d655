// The staff console end to end: impersonation within its limits, intake confirmed from the person's
// own mailbox, and every staff page accessible (axe) in both languages.
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
} from "./fixtures";

const AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"];

async function axe(page: import("@playwright/test").Page, label: string) {
  const result = await new AxeBuilder({ page }).withTags(AXE_TAGS).analyze();
  expect(
    result.violations.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

/** A test personnummer (official test numbers only) that no one in the database holds yet. */
async function givePersonnummer(personId: string): Promise<string> {
  const db = await getDb();
  const { testPersonnummer } = await import("../lib/validation/personnummer");
  const { encryptForPerson, keyedHash } = await import("../lib/crypto/keys");
  const all = await testPersonnummer();
  for (let i = 0; i < 100; i++) {
    const pnr = all[Math.floor(Math.random() * all.length)]!;
    const hash = keyedHash("personnummer", pnr);
    if (await db.person.count({ where: { personnummerHash: hash } })) continue;
    await db.$transaction(async (tx) => {
      await tx.person.update({
        where: { id: personId },
        data: { personnummerHash: hash, personnummerEnc: await encryptForPerson(tx, personId, pnr) },
      });
    });
    return pnr;
  }
  throw new Error("no free test personnummer");
}

test("impersonation: started with a reason, bannered, limited, audited with both identities, seen by the person", async ({
  page,
  context,
  browser,
}) => {
  const db = await getDb();
  // Letters only: the details form validates names.
  const suffix = Array.from({ length: 6 }, () =>
    String.fromCharCode(97 + Math.floor(Math.random() * 26)),
  ).join("");
  const person = await createPerson({ firstName: "Ingrid", lastName: `Impsson${suffix}` });
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

  // Correct a detail on the person's behalf (the details page exists): recorded with both identities.
  const details = await page.goto("/details");
  if (details?.status() === 404) {
    test
      .info()
      .annotations.push({ type: "note", description: "/details not built yet: correction step skipped" });
  } else {
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
  }

  // No download: the copy page offers no button (and the use-case refuses, see lib/auth/policy.test.ts).
  const copy = await page.goto("/copy");
  if (copy?.status() !== 404) {
    await expect(page.getByRole("button", { name: "Gör min kopia" })).toHaveCount(0);
    await expect(page.locator("body")).toContainText("personal kan inte begära eller ladda ner en kopia");
  }
  // No deletion: neither asking nor confirming.
  const deletion = await page.goto("/deletion");
  if (deletion?.status() !== 404) {
    await expect(page.getByRole("button", { name: "Begär radering" })).toHaveCount(0);
  }
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

test("the stop button ends an impersonation at once", async ({ page, context }) => {
  const person = await createPerson({ firstName: "Stina" });
  await loginAs(context, DEMO.staff);
  await page.goto(`/staff/people/${person.id}`);
  await page.getByLabel("Skäl (fritext eller ärendenummer)").fill("Kunden ringde om utskick");
  await page.getByRole("button", { name: "Börja visa som personen" }).click();
  await page.waitForURL(/\/my-data$/);
  await page.getByRole("button", { name: "Sluta visa som personen" }).click();
  await page.waitForURL(new RegExp(`/staff/people/${person.id}$`));
  await expect(page.getByRole("region", { name: "Personal ser portalen som en kund" })).toHaveCount(0);
  const db = await getDb();
  expect(
    (await db.impersonation.findFirstOrThrow({ where: { personId: person.id } })).endedAt,
  ).not.toBeNull();
});

test("intake: a letter registered with its real date, confirmed from the person's mailbox, then extended", async ({
  page,
  context,
  browser,
}) => {
  const db = await getDb();
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

  // The person confirms from their own mailbox: the link opens a page, the button confirms.
  const [mail] = await waitForEmails(person.email, 1);
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
  const mails = await waitForEmails(person.email, 2);
  expect(mails.some((m) => (m.text ?? "").includes("Vi behöver gå igenom brev från flera år."))).toBe(true);
  await page.reload();
  await expect(page.locator("#extend-heading")).toHaveCount(0);
});

for (const locale of ["sv", "en"] as const) {
  test(`staff pages pass axe and ask nothing of other origins (${locale})`, async ({ page, context }) => {
    await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${PORT}` }]);
    const db = await getDb();
    const person = await createPerson({ firstName: "Axel" });
    const { createRequest } = await import("../lib/privacy/requests");
    const { createRecipientTask } = await import("../lib/privacy/tasks");
    const request = await db.$transaction((tx) =>
      createRequest(tx, { personId: person.id, type: "further_copy" }),
    );
    await db.$transaction((tx) =>
      createRecipientTask(tx, {
        requestId: request.id,
        personId: person.id,
        recipientKey: "paypal",
        kind: "search",
      }),
    );
    await loginAs(context, DEMO.admin);
    const pages = [
      "/staff",
      `/staff?q=${encodeURIComponent(person.email)}`,
      `/staff/people/${person.id}`,
      "/staff/requests",
      `/staff/requests/${request.id}`,
      "/staff/tasks",
      "/staff/audit",
      `/staff/audit?personId=${person.id}`,
      "/staff/impersonations",
      "/staff/settings",
    ];
    for (const path of pages) {
      const foreign = recordForeignRequests(page);
      const res = await page.goto(path);
      expect(res?.status(), path).toBe(200);
      await expect(page.locator("html")).toHaveAttribute("lang", locale);
      await axe(page, path);
      expect(foreign, path).toEqual([]);
    }
  });
}
