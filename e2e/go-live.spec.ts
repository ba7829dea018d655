// Before going live: an admin sees what the company has not stated yet, sets a category's legal basis
// from the list, the item leaves the list, and the person's category page shows the basis for the
// category and for each of its purposes. Staff who are not admins are refused the page.
import { test, expect, DEMO, loginAs } from "./fixtures";

const CATEGORY = "authorities";
const NAME = "Utlämnanden till myndigheter";
const BASIS = "rättslig förpliktelse (art. 6.1 c)";

test.afterAll(async ({ db }) => {
  // The data map is shared by every spec: leave the basis unstated, as the policy does.
  await db.dataCategory.update({ where: { key: CATEGORY }, data: { legalBasis: null } });
});

test("an admin sees what is left before going live, sets a category's basis, and the person's page shows it for the category and its purposes", async ({
  page,
  context,
  browser,
  db,
}) => {
  await db.dataCategory.update({ where: { key: CATEGORY }, data: { legalBasis: null } });
  await loginAs(context, DEMO.admin);

  // The console reminds admins on every page, linking to the list.
  await page.goto("/staff");
  await page.getByRole("link", { name: "Se vad som återstår inför driftstart" }).click();
  await page.waitForURL(/\/staff\/go-live$/);
  await expect(page.getByRole("heading", { level: 1, name: "Inför driftstart" })).toBeVisible();
  const bases = page.getByRole("region", { name: "Rättslig grund per kategori" });
  const setLink = bases.getByRole("link", { name: `Ange rättslig grund för ${NAME}` });
  await expect(setLink).toBeVisible();
  await expect(page.getByRole("region", { name: "Automatiserade beslut" })).toBeVisible();
  await expect(page.getByRole("region", { name: "Överföringar utanför EU/EES" })).toBeVisible();
  await expect(page.locator("body")).toContainText("COMPANY_EMAIL");
  const before = await page.locator("li[data-key]").count();

  // The link opens the category's own form on the settings page.
  await setLink.click();
  await page.waitForURL(/\/staff\/settings\?open=category-authorities/);
  const form = page.getByRole("form", { name: NAME });
  await expect(form).toBeVisible();
  await form.getByLabel("Rättslig grund").selectOption("legal_obligation");
  await form.getByRole("button", { name: "Spara" }).click();
  await expect(form.getByRole("status")).toHaveText("Registerkartan är sparad.");

  await page.goto("/staff/go-live");
  await expect(page.getByRole("heading", { level: 1, name: "Inför driftstart" })).toBeVisible();
  await expect(page.getByRole("link", { name: `Ange rättslig grund för ${NAME}` })).toHaveCount(0);
  // Its other unstated facts are still listed.
  await expect(page.getByRole("link", { name: `Ange lagringstid för ${NAME}` })).toBeVisible();
  expect(await page.locator("li[data-key]").count()).toBeLessThan(before);

  // The person's category page: the category's basis, and the same for each purpose without its own.
  const person = await browser.newContext();
  await loginAs(person, DEMO.anna);
  const annaPage = await person.newPage();
  await annaPage.goto(`/my-data?category=${CATEGORY}`);
  const card = annaPage.locator(`#cat-${CATEGORY}`);
  await expect(card.getByRole("heading", { level: 2, name: NAME })).toBeVisible();
  const facts = card.locator("dl.facts");
  await expect(facts.locator("dt", { hasText: /^Rättslig grund$/ }).locator("+ dd")).toHaveText(BASIS);
  const purposes = facts.locator("dt", { hasText: /^Ändamål$/ }).locator("+ dd li");
  expect(await purposes.count()).toBeGreaterThan(0);
  for (const text of await purposes.allInnerTexts()) expect(text).toContain(`Rättslig grund: ${BASIS}`);
  await person.close();
});

test("staff who are not admins are refused the before-going-live page and see no reminder", async ({
  page,
  context,
}) => {
  await loginAs(context, DEMO.staff);
  const res = await page.goto("/staff/go-live");
  expect(res?.status()).toBe(404);
  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
  await expect(page.getByRole("link", { name: "Se vad som återstår inför driftstart" })).toHaveCount(0);
  await expect(page.getByRole("link", { name: "Inför driftstart" })).toHaveCount(0);
});
