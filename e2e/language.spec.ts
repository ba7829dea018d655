// The language switch for a signed-in person is a correction of their stored language, made through
// the details use-case: it is kept on the person (emails follow it), shown in their change history as
// their own change, and audited. Staff impersonating a person change only their own browser's language.
import { test, expect, DEMO, createPerson, impersonate, loginAs } from "./fixtures";

test("a signed-in person's language switch is stored, in their history, and audited", async ({
  page,
  context,
  db,
}) => {
  const person = await createPerson({ firstName: "Lova" });
  expect(person.language).toBe("sv");
  await loginAs(context, person.email);
  await page.goto("/details");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect
    .poll(async () => (await db.person.findUniqueOrThrow({ where: { id: person.id } })).language)
    .toBe("en");
  const change = await db.changeEntry.findFirst({ where: { personId: person.id, field: "language" } });
  expect(change).toMatchObject({ actorType: "person" });
  expect(
    await db.auditEntry.count({ where: { personId: person.id, action: "details.corrected" } }),
  ).toBeGreaterThanOrEqual(1);
  await page.goto("/details");
  await expect(page.getByRole("row").filter({ hasText: "Language" }).first()).toBeVisible();

  // Back again: Swedish, stored too.
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect
    .poll(async () => (await db.person.findUniqueOrThrow({ where: { id: person.id } })).language)
    .toBe("sv");
});

test("staff impersonating a person switch only their own browser's language", async ({
  page,
  context,
  db,
}) => {
  const person = await createPerson();
  await impersonate(context, DEMO.staff, person.id, "e2e: language switch while helping");
  await page.goto("/my-data");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).language).toBe("sv");
  expect(await db.changeEntry.count({ where: { personId: person.id } })).toBe(0);
});
