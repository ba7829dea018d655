// An admin configures WIX on the connector settings page against a local fake of WIX's API, tests the
// connection, sees that the key is not shown again, and gets "rejected" in words for a wrong key. The
// configuration is global (every request's copy asks the configured connectors): this spec runs in
// the serial project and removes the configuration at the end.
import { mkdirSync } from "node:fs";
import AxeBuilder from "@axe-core/playwright";
import { test, expect, DEMO, loginAs, PORT } from "./fixtures";
import { startFakeApi, type FakeApi } from "../test/fake-api";

const GOOD_KEY = `e2e-wix-key-${Date.now()}-GOODGOODGOOD`;
const WRONG_KEY = `e2e-wix-key-${Date.now()}-WRONGWRONG`;
const SHOTS = "/tmp/shots";

let fake: FakeApi;

test.beforeAll(async ({ db }) => {
  fake = await startFakeApi();
  fake.route("POST", "/contacts/v4/contacts/query", (req) =>
    req.headers.authorization === GOOD_KEY && req.headers["wix-site-id"] === "e2e-site"
      ? { json: { contacts: [], pagingMetadata: { count: 0 } } }
      : { status: 401, json: { message: "unauthorized" } },
  );
  await db.connectorConfig.deleteMany({ where: { key: "wix" } });
  mkdirSync(SHOTS, { recursive: true });
});

test.afterAll(async ({ db }) => {
  await db.connectorConfig.deleteMany({ where: { key: "wix" } });
  await fake?.close();
});

/** The page's text as read, for codes that must not show (decision 0023). */
async function expectWords(page: import("@playwright/test").Page) {
  const text = await page.locator("main").innerText();
  expect(text).not.toMatch(
    /\b(wix_\w+|microsoft_365|google_analytics|siteId|apiKey|baseUrl|connectors\.\w+)\b/,
  );
}

/** No accessibility violations (WCAG 2.1 A and AA), as e2e/pages.spec.ts checks every page. */
async function expectAccessible(page: import("@playwright/test").Page, label: string) {
  const result = await new AxeBuilder({ page })
    .withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"])
    .analyze();
  expect(
    result.violations.map((v) => `${label}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

test("an admin configures WIX, tests the connection, never sees the key again, and a wrong key is 'rejected'", async ({
  page,
  context,
  db,
}) => {
  await context.addCookies([{ name: "portal.lang", value: "en", url: `http://localhost:${PORT}` }]);
  await loginAs(context, DEMO.admin);

  await page.goto("/staff/settings");
  await page.getByRole("link", { name: /Configure the automated connectors/ }).click();
  await expect(page).toHaveURL(/\/staff\/settings\/connectors$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Automated connectors");

  const wix = page.getByRole("region", { name: "WIX" });
  await expect(wix.getByText("Not configured: staff do the work by hand")).toBeVisible();
  await expect(wix.getByText(/Required: none is stored yet/)).toBeVisible();

  // Configure against the fake.
  await wix.getByLabel("Site id", { exact: true }).fill("e2e-site");
  await wix.getByLabel("API address (optional)").fill(fake.url);
  await wix.getByLabel("API key", { exact: true }).fill(GOOD_KEY);
  await wix.getByRole("button", { name: "Save settings" }).click();
  await expect(wix.getByText("Settings saved.")).toBeVisible();
  await expect(wix.getByText("Configured and in use")).toBeVisible();
  const row = await db.connectorConfig.findUniqueOrThrow({ where: { key: "wix" } });
  expect(row.settings).toEqual({ siteId: "e2e-site", baseUrl: fake.url });
  expect(Buffer.from(row.secretSealed!).includes(Buffer.from(GOOD_KEY))).toBe(false);

  // The key is not shown again: an empty field that says so, nowhere in the page.
  await page.reload();
  await expect(wix.getByLabel("API key", { exact: true })).toHaveValue("");
  await expect(wix.getByText(/Stored, not shown again/)).toBeVisible();
  await expect(wix.getByLabel("Site id", { exact: true })).toHaveValue("e2e-site");
  expect(await page.content()).not.toContain(GOOD_KEY);

  // Test connection: the fake answers, the result is stored and shown in words.
  await wix.getByRole("button", { name: "Test connection" }).click();
  await expect(wix.getByText("Test passed: the connection works.")).toBeVisible();
  await expect(wix.locator("[data-last-test]")).toContainText("the connection works");
  expect(fake.requestsTo("POST", "/contacts/v4/contacts/query").length).toBeGreaterThanOrEqual(1);
  await expect
    .poll(async () => (await db.connectorConfig.findUniqueOrThrow({ where: { key: "wix" } })).testResult)
    .toBe("ok");
  await expectWords(page);
  await page.screenshot({ path: `${SHOTS}/connectors-en.png`, fullPage: true });
  await expectAccessible(page, "en");

  // A wrong key: the fake answers 401, shown as rejected credentials.
  await wix.getByLabel("API key", { exact: true }).fill(WRONG_KEY);
  await wix.getByRole("button", { name: "Save settings" }).click();
  await expect(wix.getByText("Settings saved.")).toBeVisible();
  await expect(wix.locator("[data-last-test]")).toHaveText("Not tested since the last change");
  await wix.getByRole("button", { name: "Test connection" }).click();
  await expect(wix.getByText("Test failed: the credentials were rejected.")).toBeVisible();
  await expect(wix.locator("[data-last-test]")).toContainText("the credentials were rejected");
  await expectWords(page);

  // The same in Swedish.
  await context.addCookies([{ name: "portal.lang", value: "sv", url: `http://localhost:${PORT}` }]);
  await page.reload();
  const wixSv = page.getByRole("region", { name: "WIX" });
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Automatiska kopplingar");
  await expect(wixSv.locator("[data-last-test]")).toContainText("inloggningsuppgifterna godtogs inte");
  await expect(wixSv.getByText(/Sparad, visas inte igen/)).toBeVisible();
  await expectWords(page);
  await page.screenshot({ path: `${SHOTS}/connectors-sv.png`, fullPage: true });
  await expectAccessible(page, "sv");

  // Bad input names the field and changes nothing.
  await wixSv.getByLabel("API-adress (frivillig)").fill("inte en adress");
  await wixSv.getByRole("button", { name: "Spara inställningarna" }).click();
  await expect(wixSv.getByText("Skriv en hel adress som börjar med https:// (eller http://).")).toBeVisible();
  expect((await db.connectorConfig.findUniqueOrThrow({ where: { key: "wix" } })).settings).toEqual({
    siteId: "e2e-site",
    baseUrl: fake.url,
  });

  // Removed: back to "not configured".
  await wixSv.getByRole("button", { name: "Ta bort konfigurationen" }).click();
  await expect(wixSv.getByText("Inte konfigurerad: personalen gör arbetet för hand")).toBeVisible();
  expect(await db.connectorConfig.findUnique({ where: { key: "wix" } })).toBeNull();
});

test("a staff member who is not an admin, and a person, do not reach the connector settings", async ({
  browser,
  db,
}) => {
  // Staff without admin: not found, and no form to post.
  const staffContext = await browser.newContext();
  await loginAs(staffContext, DEMO.staff);
  const staffPage = await staffContext.newPage();
  const res = await staffPage.goto("/staff/settings/connectors");
  expect(res?.status()).toBe(404);
  await expect(staffPage.getByRole("button", { name: /Save settings|Spara inställningarna/ })).toHaveCount(0);
  await staffContext.close();

  // A person: sent to their own pages.
  const personContext = await browser.newContext();
  await loginAs(personContext, DEMO.anna);
  const personPage = await personContext.newPage();
  await personPage.goto("/staff/settings/connectors");
  await expect(personPage).toHaveURL(/\/my-data$/);
  await personContext.close();
  expect(await db.connectorConfig.findUnique({ where: { key: "wix" } })).toBeNull();
});
