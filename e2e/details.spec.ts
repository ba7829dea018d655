// Correcting details as a person does it: the forms, their errors beside the field, the history,
// who was told, and the email change end to end through the fake Resend API (the worker sends).
import { randomUUID } from "node:crypto";
import {
  test,
  expect,
  DEMO,
  createPerson,
  emailsTo,
  linkIn,
  impersonate,
  loginAs,
  waitForEmails,
  claimOnePersonnummer,
  signInNewPerson,
} from "./fixtures";

test("email change: link to the new address, notice to the old, button confirms, then sign-in with the new address", async ({
  page,
  context,
  db,
}) => {
  const person = await createPerson({ firstName: "Edvin" });
  const oldEmail = person.email;
  const newEmail = `e2e-new-${randomUUID().slice(0, 8)}@test.example`;
  await loginAs(context, oldEmail);
  await page.goto("/details");
  await page.getByLabel(/Ny e-postadress|New email address/).fill(newEmail);
  await page.getByRole("button", { name: /Skicka bekräftelselänk|Send confirmation link/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /skickat en länk|sent a link/ })).toBeVisible();

  const [confirmMail] = await waitForEmails(newEmail, 1);
  expect(confirmMail!.subject).toMatch(/Bekräfta din nya e-postadress|Confirm your new email address/);
  const [notice] = await waitForEmails(oldEmail, 1);
  expect(notice!.subject).toMatch(/håller på att ändras|is being changed/);
  expect(notice!.text).toContain(newEmail);
  expect(notice!.text).not.toMatch(/confirm-email/);

  // Until confirmed nothing changes; the page says what is waiting.
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(oldEmail);
  await page.reload();
  await expect(page.getByText(newEmail).first()).toBeVisible();

  const link = linkIn(confirmMail!, "/confirm-email");
  // A mail scanner opens the link: nothing changes.
  expect((await context.request.get(link)).status()).toBe(200);
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(oldEmail);

  await page.goto(link);
  await page.getByRole("button", { name: /Bekräfta ny adress|Confirm new address/ }).click();
  await expect(
    page.getByRole("heading", { name: /Din e-postadress är bytt|Your email address has been changed/ }),
  ).toBeVisible();
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(newEmail);
  expect(await db.user.count({ where: { personId: person.id, email: newEmail } })).toBe(1);

  // The person now signs in with the new address, through the emailed link.
  await context.clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(newEmail);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
  const mails = await waitForEmails(newEmail, 2);
  const signIn = mails.find((m) => /sign-in\/confirm/.test(m.text ?? ""))!;
  await page.goto(linkIn(signIn, "/sign-in/confirm"));
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/my-data/);
  await page.goto("/details");
  await expect(page.locator("dd").filter({ hasText: newEmail })).toBeVisible();
  // The history shows the change, made by the person.
  const row = page.getByRole("row").filter({ hasText: /E-postadress|Email address/ });
  await expect(row).toContainText(oldEmail);
  await expect(row).toContainText(newEmail);

  // The old address no longer gets a sign-in link.
  const before = (await emailsTo(oldEmail)).length;
  await context.clearCookies();
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(oldEmail);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  const after = await waitForEmails(oldEmail, before + 1);
  expect(after.at(-1)!.text).not.toMatch(/sign-in\/confirm/);
});

test("an email change needs a fresh sign-in: an old session goes to step-up first", async ({
  page,
  context,
  db,
}) => {
  const person = await signInNewPerson(context, {}, { signedInMinutesAgo: 30 });
  await page.goto("/details");
  await page
    .getByLabel(/Ny e-postadress|New email address/)
    .fill(`e2e-x-${randomUUID().slice(0, 8)}@test.example`);
  await page.getByRole("button", { name: /Skicka bekräftelselänk|Send confirmation link/ }).click();
  await expect(page).toHaveURL(/\/step-up\?next=(%2F|\/)details/);
  expect(await db.emailChange.count({ where: { personId: person.id } })).toBe(0);
});

test("an expired confirmation link changes nothing", async ({ page, context, db }) => {
  const person = await createPerson();
  const newEmail = `e2e-late-${randomUUID().slice(0, 8)}@test.example`;
  await loginAs(context, person.email);
  await page.goto("/details");
  await page.getByLabel(/Ny e-postadress|New email address/).fill(newEmail);
  await page.getByRole("button", { name: /Skicka bekräftelselänk|Send confirmation link/ }).click();
  const [mail] = await waitForEmails(newEmail, 1);
  await db.emailChange.updateMany({
    where: { personId: person.id },
    data: { expiresAt: new Date(Date.now() - 1000) },
  });
  await page.goto(linkIn(mail!, "/confirm-email"));
  await page.getByRole("button", { name: /Bekräfta ny adress|Confirm new address/ }).click();
  await expect(
    page.getByRole("heading", { name: /Länken har slutat gälla|The link has expired/ }),
  ).toBeVisible();
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).email).toBe(person.email);
});

test("correcting an address: the error is beside the field, what was typed stays, the saved value is normalised", async ({
  page,
  context,
  db,
}) => {
  const person = await signInNewPerson(context);
  await page.goto("/details");
  const street = page.locator("#billing-billingStreet");
  const postcode = page.locator("#billing-billingPostcode");
  const city = page.locator("#billing-billingCity");
  const save = page.getByRole("button", { name: /Spara fakturaadress|Save billing address/ });

  await street.fill("Storgatan 12");
  await postcode.fill("1145");
  await city.fill("Stockholm");
  await save.click();
  const error = page.locator("#billing-billingPostcode-error");
  await expect(error).toHaveText("Ett svenskt postnummer har fem siffror, till exempel 114 51.");
  await expect(postcode).toHaveAttribute("aria-invalid", "true");
  await expect(postcode).toHaveAttribute("aria-describedby", /billing-billingPostcode-error/);
  await expect(postcode).toHaveValue("1145");
  await expect(street).toHaveValue("Storgatan 12");
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).billingPostcode).toBeNull();

  await postcode.fill("11451");
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: /Dina ändringar är sparade/ })).toBeVisible();
  // Only the recipients that hold a billing address are told: PayPal (invoices) and Microsoft 365.
  await expect(page.getByRole("status")).toContainText(/PayPal: vår personal skickar ett meddelande/);
  await expect(page.getByRole("status")).not.toContainText(/Nyhetsbrevspartner|Transportföretag/);
  await expect(postcode).toHaveValue("114 51");
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).billingPostcode).toBe("114 51");

  // The history and the list of who was told, after a reload.
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "Fakturaadress: postnummer" });
  await expect(row).toContainText("114 51");
  await expect(row).toContainText("(tomt)");
  await expect(row.getByRole("cell").last()).toHaveText("Du");
  const told = page.getByRole("table", { name: /Vilka vi har meddelat/ });
  await expect(told.getByRole("row").filter({ hasText: "PayPal" })).toContainText(
    "vår personal skickar ett meddelande",
  );
  await expect(told.getByRole("row").filter({ hasText: "Transportföretag" })).toHaveCount(0);
  await expect(told.getByRole("row").filter({ hasText: "Nyhetsbrevspartner" })).toHaveCount(0);
  const jobs = await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${person.id}`;
  expect(Number(jobs[0]!.n)).toBe(0);
  const openTasks = () =>
    db.recipientTask.findMany({
      where: { personId: person.id, status: "open" },
      orderBy: { recipientKey: "asc" },
      select: { recipientKey: true, fields: true },
    });
  expect((await openTasks()).map((t) => t.recipientKey)).toEqual(["m365", "paypal"]);

  // Saving again without a change tells nobody; a second change joins the open tasks.
  await page.locator("#billing-billingCity").fill("Stockholm");
  await page.getByRole("button", { name: /Spara fakturaadress|Save billing address/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /Inget ändrades/ })).toBeVisible();
  expect(await db.recipientTask.count({ where: { personId: person.id } })).toBe(2);
  await page.locator("#billing-billingStreet").fill("Storgatan 14");
  await page.getByRole("button", { name: /Spara fakturaadress|Save billing address/ }).click();
  await expect(page.locator("#billing-billingStreet")).toHaveValue("Storgatan 14");
  await expect
    .poll(async () => (await openTasks()).map((t) => [t.recipientKey, t.fields.includes("billingStreet")]))
    .toEqual([
      ["m365", true],
      ["paypal", true],
    ]);
  expect(await db.recipientTask.count({ where: { personId: person.id } })).toBe(2);
});

test("an organisation number with a wrong check digit is refused; a sole trader's is shown masked", async ({
  page,
  context,
}) => {
  await signInNewPerson(context);
  await page.goto("/details");
  await page.locator("#company-companyName").fill("Testbolaget AB");
  await page.locator("#company-orgNumber").fill("556814-2731");
  const save = page.getByRole("button", { name: /Spara företagsuppgifter|Save company details/ });
  await save.click();
  await expect(page.locator("#company-orgNumber-error")).toContainText("Organisationsnumret stämmer inte");
  await page.locator("#company-orgNumber").fill("556814-2730");
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: /sparade/ })).toBeVisible();

  // Erik (demo) is a sole trader: his number is a personnummer, never shown in full.
  await context.clearCookies();
  await loginAs(context, DEMO.erik);
  await page.goto("/details");
  await expect(page.getByText(/visas därför bara som \d{8}-\*{4}/)).toBeVisible();
  await expect(page.locator("#company-orgNumber")).toHaveValue("");
});

test("identity data is corrected by request: the person sees it waiting", async ({ page, context, db }) => {
  const person = await signInNewPerson(context);
  await page.goto("/details");
  await page.locator("#identity-personnummer").fill("19400107-9121");
  await page.getByRole("button", { name: /Skicka begäran om rättelse|Send correction request/ }).click();
  await expect(page.locator("#identity-personnummer-error")).toContainText("Personnumret stämmer inte");
  await page.locator("#identity-personnummer").fill("19400107-9120");
  await page.locator("#identity-dateOfBirth").fill("1940-01-07");
  await page.getByRole("button", { name: /Skicka begäran om rättelse|Send correction request/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /tagit emot din begäran/ })).toBeVisible();
  await page.reload();
  await expect(page.getByText(/Mottagen .*: Mottaget\./)).toBeVisible();
  await expect(page.getByText("19400107-****")).toBeVisible();
  await expect(page.getByText("19400107-9120")).toHaveCount(0);
  await expect(page.getByText(/redan en begäran som behandlas/)).toBeVisible();
  const request = await db.request.findFirstOrThrow({ where: { personId: person.id } });
  expect([request.type, request.status]).toEqual(["correction", "received"]);
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).personnummerHash).toBeNull();
});

test("staff confirm an identity correction on the request page; the person sees it done, in the history", async ({
  page,
  context,
  browser,
  db,
}) => {
  const person = await createPerson();
  // A test personnummer nobody holds and no other test claimed, so confirming cannot collide.
  const pnr = await claimOnePersonnummer();
  const { keyedHash } = await import("../lib/crypto/keys");
  const personContext = await browser.newContext();
  await loginAs(personContext, person.email);
  const personPage = await personContext.newPage();
  await personPage.goto("/details");
  await personPage.locator("#identity-personnummer").fill(pnr);
  await personPage
    .getByRole("button", { name: /Skicka begäran om rättelse|Send correction request/ })
    .click();
  await expect(personPage.getByRole("status").filter({ hasText: /tagit emot din begäran/ })).toBeVisible();
  const request = await db.request.findFirstOrThrow({ where: { personId: person.id, type: "correction" } });

  await loginAs(context, DEMO.staff);
  const staff = await db.staffMember.findUniqueOrThrow({ where: { email: DEMO.staff } });
  await page.goto(`/staff/requests/${request.id}`);
  const section = page.locator("#identity-correction");
  await expect(
    section.getByRole("heading", { name: /Rättelse av födelsedatum eller personnummer/ }),
  ).toBeVisible();
  await expect(section).toContainText(`${pnr.slice(0, 8)}-****`);
  await expect(section).not.toContainText(pnr);
  // Declining needs a reason, shown beside the field.
  await section.getByRole("button", { name: "Avslå" }).click();
  await expect(page.locator("#identity-correction-reason-error")).toHaveText(
    "Skriv en motivering när du avslår.",
  );
  await expect(page.locator("#identity-correction-reason")).toHaveAttribute("aria-invalid", "true");
  expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("received");

  await page.locator("#identity-correction").getByRole("button", { name: "Bekräfta och rätta" }).click();
  await expect(page.getByText("Rättelsen är genomförd och kunden har fått ett mejl.")).toBeVisible();
  const after = await db.person.findUniqueOrThrow({ where: { id: person.id } });
  expect(after.personnummerHash).toBe(keyedHash("personnummer", pnr));
  expect(after.dateOfBirth?.toISOString().slice(0, 10)).toBe(
    `${pnr.slice(0, 4)}-${pnr.slice(4, 6)}-${pnr.slice(6, 8)}`,
  );
  expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("completed");
  const [mail] = await waitForEmails(person.email, 1);
  expect(mail!.subject).toMatch(/Nytt om din begäran|News about your request/);

  await personPage.reload();
  await expect(personPage.getByText(/: Klart\./)).toBeVisible();
  const row = personPage.getByRole("row").filter({ hasText: "Personnummer" });
  await expect(row).toContainText(`${pnr.slice(0, 8)}-****`);
  await expect(row).toContainText(`Supportpersonal ${staff.name}, efter din begäran`);
  await expect(personPage.locator("body")).not.toContainText(pnr);
  await personContext.close();
});

test("impersonating staff correct a detail on the person's behalf, but not the email or identity", async ({
  page,
  context,
  db,
}) => {
  const person = await createPerson();
  const { staff } = await impersonate(context, DEMO.staff, person.id, "Phone call, ticket 88", 30);
  await page.goto("/details");
  await expect(page.getByLabel(/Ny e-postadress|New email address/)).toHaveCount(0);
  await expect(page.locator("#identity-personnummer")).toHaveCount(0);
  await page.locator("#phone-phone").fill("070-174 06 07");
  await page.getByRole("button", { name: /Spara mobilnummer|Save mobile number/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /sparade/ })).toBeVisible();
  await page.reload();
  const row = page.getByRole("row").filter({ hasText: "Mobilnummer" });
  await expect(row).toContainText("+46 70 174 06 07");
  await expect(row).toContainText(`Supportpersonal ${staff.name} för din räkning`);
  const entry = await db.changeEntry.findFirstOrThrow({ where: { personId: person.id } });
  expect([entry.actorType, entry.staffMemberId]).toEqual(["impersonation", staff.id]);
});

test("a name on record cannot be cleared: the message points to deletion; correcting it works", async ({
  page,
  context,
  db,
}) => {
  const person = await signInNewPerson(context, { firstName: "Nora", lastName: "Namnsson" });
  await page.goto("/details");
  const first = page.locator("#name-firstName");
  const save = page.getByRole("button", { name: /Spara namn|Save name/ });

  await first.fill("   ");
  await save.click();
  await expect(page.locator("#name-firstName-error")).toHaveText(
    "Ett namn vi har kan rättas men inte tas bort här. Vill du att vi raderar dina uppgifter, gör det under Radering.",
  );
  await expect(page.getByText(/Dina ändringar är sparade/)).toHaveCount(0);
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).firstName).toBe("Nora");
  expect(await db.changeEntry.count({ where: { personId: person.id } })).toBe(0);

  await first.fill("Norah");
  await save.click();
  await expect(page.getByRole("status").filter({ hasText: /Dina ändringar är sparade/ })).toBeVisible();
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).firstName).toBe("Norah");
});
