// Two people on the details page: whatever the attacker adds to URLs or forms, nothing of the
// victim's is shown or changed. Guards against a person id, email or request id taken from the
// client instead of the session (the use-cases take the person from the actor only).
import { randomUUID } from "node:crypto";
import {
  test,
  expect,
  createPerson,
  emailsTo,
  getDb,
  loginAs,
  waitForEmails,
  signInNewPerson,
} from "./fixtures";

/** The victim, with details on record; `expectUnchanged()` checks that nothing of theirs changed since. */
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
  const withDetails = await db.person.findUniqueOrThrow({
    where: { id: victim.id },
    include: { company: true },
  });
  const before = await victimState(victim.id);
  return {
    ...withDetails,
    expectUnchanged: async () => expect(await victimState(victim.id)).toEqual(before),
  };
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
  await signInNewPerson(context, { firstName: "Adam", lastName: "Attacksson" });
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

test("forms with the victim's id added change only the attacker's own details", async ({
  page,
  context,
  db,
}) => {
  const victim = await victimWithDetails();
  const attacker = await signInNewPerson(context, { firstName: "Adam", lastName: "Attacksson" });
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

  await victim.expectUnchanged();
  const mine = await db.person.findUniqueOrThrow({ where: { id: attacker.id } });
  expect([mine.firstName, mine.phone]).toEqual(["Hacked", "+46701740666"]);
});

// Before, the page said "already used by another account": an oracle for who holds an account.
test("asking for the victim's address answers as for a free one; the victim is only told it cannot be used", async ({
  page,
  context,
  db,
}) => {
  const victim = await victimWithDetails();
  const attacker = await signInNewPerson(context);
  const answerFor = async (address: string) => {
    await page.goto("/details");
    await page.getByLabel(/Ny e-postadress|New email address/).fill(address);
    await page.getByRole("button", { name: /Skicka bekräftelselänk|Send confirmation link/ }).click();
    const status = page.getByRole("status").filter({ hasText: /skickat en länk|sent a link/ });
    await expect(status).toBeVisible();
    await expect(page.locator("#newEmail-error")).toHaveCount(0);
    const answer = await status.innerText();
    // And the page afterwards: the address is shown as waiting for confirmation, taken or not.
    await page.reload();
    const waiting = page.getByRole("status").filter({ hasText: address.toLowerCase() });
    await expect(waiting).toBeVisible();
    const after = await waiting.innerText();
    return [answer, after].map((t) =>
      t.replaceAll(address.toLowerCase(), "ADDRESS").replace(/\d{1,2}[:.]\d{2}/g, "T"),
    );
  };
  const free = `e2e-free-${randomUUID().slice(0, 8)}@test.example`;
  expect(await answerFor(victim.email.toUpperCase())).toEqual(await answerFor(free));

  const [told] = await waitForEmails(victim.email, 1);
  expect(told!.subject).toMatch(/Adressen kan inte användas|This address cannot be used/);
  expect(told!.text).not.toMatch(/confirm-email|token=/);
  expect(told!.text).not.toContain(attacker.email);
  await waitForEmails(free, 1);
  await page.waitForTimeout(1500);
  expect(await emailsTo(victim.email)).toHaveLength(1);
  await victim.expectUnchanged();
  // Both are stored alike (so the page shows both as waiting), but no one holds the taken one's token:
  // nothing the attacker can do moves the victim's address to their account.
  expect(
    (await db.emailChange.findMany({ where: { personId: attacker.id } })).map((c) => c.newEmail).sort(),
  ).toEqual([victim.email, free].sort());
  expect(await db.person.count({ where: { email: victim.email } })).toBe(1);
});

test("a forged or guessed confirmation token changes no one's address", async ({ page }) => {
  const victim = await victimWithDetails();
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
  await victim.expectUnchanged();
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

  await signInNewPerson(context);
  await page.goto("/details");
  await expect(page.getByText("1975-04-23")).toHaveCount(0);
  await expect(page.locator("#identity-personnummer")).toBeVisible();
});
