import AxeBuilder from "@axe-core/playwright";
import { test, expect, DEMO, loginAs, getDb } from "../../../e2e/fixtures";

for (const locale of ["sv", "en"] as const) {
  test(`api keys page (${locale})`, async ({ page, context }) => {
    await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${process.env.E2E_PORT}` }]);
    await loginAs(context, DEMO.admin);
    const res = await page.goto("/staff/settings/api-keys");
    expect(res?.status()).toBe(200);
    const axe = async () => {
      const r = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
      expect(r.violations.map((v) => `${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`)).toEqual([]);
    };
    await axe();
    // Errors next to the fields.
    await page.getByRole("button", { name: locale === "sv" ? "Skapa nyckel" : "Create key" }).click();
    await expect(page.locator("#api-key-name-error")).toBeVisible();
    await expect(page.locator("#api-key-scopes-error")).toBeVisible();
    await expect(page.locator("#api-key-name")).toHaveAttribute("aria-invalid", "true");
    await axe();
    await page.screenshot({ path: `/tmp/i9-apikeys-errors-${locale}.png`, fullPage: true });
    const name = `Webbutik ${locale} ${Date.now()}`;
    await page.locator("#api-key-name").fill(name);
    await page.locator("#scope-ingest\\:people").check();
    await page.getByRole("button", { name: locale === "sv" ? "Skapa nyckel" : "Create key" }).click();
    const keyInput = page.locator("#new-api-key");
    await expect(keyInput).toHaveValue(/^ppk_/);
    const key = await keyInput.inputValue();
    await expect(page.getByRole("cell", { name })).toBeVisible();
    await axe();
    await page.screenshot({ path: `/tmp/i9-apikeys-created-${locale}.png`, fullPage: true });
    // The key works against the API.
    const ok = await page.request.post("/api/ingest/people", {
      headers: { authorization: `Bearer ${key}` },
      data: [{ externalId: `E2E-${Date.now()}`, email: `e2e-${Date.now()}@e2e.import.example`, sourceUpdatedAt: "2026-01-01" }],
    });
    expect(ok.status()).toBe(200);
    const spec = await page.request.get("/api/ingest/openapi.json");
    expect(spec.status()).toBe(200);
    // Revoke it.
    const row = page.getByRole("row").filter({ hasText: name });
    await row.getByRole("button").click();
    await expect(page.getByRole("row").filter({ hasText: name }).locator(".badge")).not.toHaveClass(/ok/);
    const refused = await page.request.post("/api/ingest/people", { headers: { authorization: `Bearer ${key}` }, data: [] });
    expect(refused.status()).toBe(403);
    const db = await getDb();
    expect(await db.apiKey.count({ where: { name, revokedAt: { not: null } } })).toBe(1);
  });
}

test("staff who are not admins do not get the page", async ({ page, context }) => {
  await loginAs(context, DEMO.staff);
  const res = await page.goto("/staff/settings/api-keys");
  expect(res?.status()).toBe(404);
});
