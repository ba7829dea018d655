// Two people on the details page: whatever the attacker adds to URLs or forms, nothing of the
// victim's is shown or changed. Guards against a person id, email or request id taken from the
// client instead of the session (the use-cases take the person from the actor only).
import { randomUUID } from "node:crypto";
import { test, expect, createPerson, emailsTo, getDb, loginAs } from "./fixtures";

async function victimWithDetails() {
  const db = await getDb();
  const victim = await createPerson({ firstName: "Viktoria", lastName: "Victimsson" });
  await db.person.update({
    where: { id: victim.id },
    data: {
      phone: "+46701740611",
      billingStreet: "Offergatan 7",
      billingPostcode: "753 21",
      billingCity: "Uppsala",
    },
  });
  await db.company.create({
    data: { personId: victim.id, name: "Victims Konsult AB", orgNumber: "556036-0793" },
  });
  return db.person.findUniqueOrThrow({ where: { id: victim.id }, include: { company: true } });
}

async function victimState(id: string) {
  const db = await getDb();
  return {
    person: await db.person.findUniqueOrThrow({ where: { id }, include: { company: true } }),
    changes: await db.changeEntry.count({ where: { personId: id } }),
    emailChanges: await db.emailChange.count({ where: { personId: id } }),
    requests: await db.request.count({ where: { personId: id } }),
    tasks: await db.recipientTask.count({ where: { personId: id } }),
  };
}

test("the details page shows only the attacker's own details, whatever identifiers the URL carries", async ({
  page,
  context,
}) => {
  const victim = await victimWithDetails();
  const attacker = await createPerson({ firstName: "Adam", lastName: "Attacksson" });
  await loginAs(context, attacker.email);
  for (const query of [
    "",
    `?personId=${victim.id}`,
    `?id=${victim.id}`,
    `?email=${encodeURIComponent(victim.email)}`,
    `?requestId=${victim.id}`,
  ]) {
    await page.goto(`/details${query}`);
    const text = await page.locator("body").innerText();
    for (const secret of [
      "Viktoria",
      "Victimsson",
      victim.email,
      "Offergatan",
      "Victims Konsult",
      "556036-0793",
    ]) {
      expect(text, `${query}: ${secret}`).not.toContain(secret);
    }
    await expect(page.locator("#name-firstName")).toHaveValue("Adam");
  }
});

test("forms with the victim's id added change only the attacker's own details", async ({ page, context }) => {
  const victim = await victimWithDetails();
  const before = await victimState(victim.id);
  const attacker = await createPerson({ firstName: "Adam", lastName: "Attacksson" });
  await loginAs(context, attacker.email);
  await page.goto("/details");
  // Smuggle the victim's identifiers into every form, as hidden fields.
  await page.evaluate(
    ({ id, email }) => {
      for (const form of Array.from(document.querySelectorAll("form"))) {
        for (const [name, value] of [
          ["personId", id],
          ["id", id],
          ["email", email],
        ]) {
          const input = document.createElement("input");
          input.type = "hidden";
          input.name = name!;
          input.value = value!;
          form.appendChild(input);
        }
      }
    },
    { id: victim.id, email: victim.email },
  );
  await page.locator("#name-firstName").fill("Hacked");
  await page.getByRole("button", { name: /Spara namn|Save name/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /sparade|saved/ })).toBeVisible();
  await page.locator("#phone-phone").fill("070-174 06 66");
  await page.getByRole("button", { name: /Spara mobilnummer|Save mobile number/ }).click();
  await expect(page.getByRole("status").filter({ hasText: /sparade|saved/ })).toHaveCount(2);

  const db = await getDb();
  expect(await victimState(victim.id)).toEqual(before);
  const mine = await db.person.findUniqueOrThrow({ where: { id: attacker.id } });
  expect([mine.firstName, mine.phone]).toEqual(["Hacked", "+46701740666"]);
});

test("the attacker cannot take the victim's address, and the victim is not emailed", async ({
  page,
  context,
}) => {
  const victim = await victimWithDetails();
  const before = await victimState(victim.id);
  const attacker = await createPerson();
  await loginAs(context, attacker.email);
  await page.goto("/details");
  await page.getByLabel(/Ny e-postadress|New email address/).fill(victim.email.toUpperCase());
  await page.getByRole("button", { name: /Skicka bekräftelselänk|Send confirmation link/ }).click();
  await expect(page.locator("#newEmail-error")).toHaveText(
    "Adressen används redan för ett annat konto och kan därför inte väljas. Välj en annan adress.",
  );
  // The message names no one.
  await expect(page.locator("#newEmail-error")).not.toContainText("Viktoria");
  await page.waitForTimeout(1500);
  expect(await emailsTo(victim.email)).toHaveLength(0);
  expect(await victimState(victim.id)).toEqual(before);
  const db = await getDb();
  expect(await db.emailChange.count({ where: { personId: attacker.id } })).toBe(0);
});

test("a forged or guessed confirmation token changes no one's address", async ({ page }) => {
  const victim = await victimWithDetails();
  const before = await victimState(victim.id);
  for (const token of ["a".repeat(43), randomUUID().replace(/-/g, "") + "xxxxxxxxxxx", victim.id]) {
    await page.goto(`/confirm-email?token=${token}`);
    const button = page.getByRole("button", { name: /Bekräfta ny adress|Confirm new address/ });
    if ((await button.count()) > 0) {
      await button.click();
      await expect(
        page.getByRole("heading", { name: /Länken fungerar inte|This link does not work/ }),
      ).toBeVisible();
    }
  }
  expect(await victimState(victim.id)).toEqual(before);
});

test("the victim's identity correction request is not listed for the attacker", async ({
  page,
  context,
  browser,
}) => {
  const victim = await victimWithDetails();
  const victimContext = await browser.newContext();
  await loginAs(victimContext, victim.email);
  const victimPage = await victimContext.newPage();
  await victimPage.goto("/details");
  await victimPage.locator("#identity-dateOfBirth").fill("1975-04-23");
  await victimPage
    .getByRole("button", { name: /Skicka begäran om rättelse|Send correction request/ })
    .click();
  await expect(victimPage.getByRole("status").filter({ hasText: /tagit emot|received/ })).toBeVisible();
  await victimContext.close();

  const attacker = await createPerson();
  await loginAs(context, attacker.email);
  await page.goto("/details");
  await expect(page.getByText("1975-04-23")).toHaveCount(0);
  await expect(page.locator("#identity-personnummer")).toBeVisible();
});
