// Every page built so far, in both languages: no axe violations, no request outside the portal's
// origin, a strict CSP header. Add each new page to the lists below.
import AxeBuilder from "@axe-core/playwright";
import { test, expect, DEMO, loginAs, recordForeignRequests, PROD_URL, PORT } from "./fixtures";

const PUBLIC_PAGES = [
  "/",
  "/sign-in",
  "/sign-in/check-email",
  "/sign-in/confirm?token=abc",
  "/sign-in/error?error=Verification",
  "/privacy",
  "/cookies",
  "/dev/outbox",
  "/unsubscribe?token=forged",
  "/confirm-subscription?token=forged",
  "/confirm-email?token=forged",
  "/confirm-request?token=forged",
];
const PERSON_PAGES = [
  "/my-data",
  "/copy",
  "/details",
  "/preferences",
  "/requests",
  "/deletion",
  "/activity",
  "/step-up?next=/copy",
];
const STAFF_PAGES = [
  "/staff",
  "/staff/requests",
  "/staff/tasks",
  "/staff/audit",
  "/staff/impersonations",
  "/staff/settings",
  "/staff/settings/api-keys",
];

async function check(page: import("@playwright/test").Page, path: string, locale: "sv" | "en") {
  const foreign = recordForeignRequests(page);
  const res = await page.goto(path);
  expect(res, path).not.toBeNull();
  expect(res!.status(), path).toBeLessThan(400);
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  const csp = res!.headers()["content-security-policy"] ?? "";
  expect(csp, path).toContain("default-src 'self'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).not.toContain("unsafe-inline");
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    axe.violations.map((v) => `${path}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
  expect(foreign, path).toEqual([]);
}

for (const locale of ["sv", "en"] as const) {
  test.describe(`pages in ${locale}`, () => {
    test.beforeEach(async ({ context }) => {
      await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${PORT}` }]);
    });

    test("public pages", async ({ page }) => {
      for (const path of PUBLIC_PAGES) await check(page, path, locale);
    });

    test("the person's pages", async ({ page, context }) => {
      await loginAs(context, DEMO.anna);
      for (const path of PERSON_PAGES) await check(page, path, locale);
    });

    test("staff pages", async ({ page, context }) => {
      await loginAs(context, DEMO.admin);
      for (const path of STAFF_PAGES) await check(page, path, locale);
    });
  });
}

test("the language switch is remembered", async ({ page }) => {
  await page.goto("/sign-in");
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await page.goto("/privacy");
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Privacy notice");
  await page.getByRole("button", { name: "Svenska" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
});

test("production mode: no outbox, no demo marker, HSTS and secure cookies", async ({ page, request }) => {
  await page.goto(`${PROD_URL}/`);
  await expect(page.getByRole("note")).toHaveCount(0);
  const outbox = await request.get(`${PROD_URL}/dev/outbox`);
  expect(outbox.status()).toBe(404);
  const home = await request.get(`${PROD_URL}/`);
  expect(home.headers()["strict-transport-security"]).toMatch(/max-age=\d+/);
  expect(await home.text()).not.toContain('class="demo-marker"');
  await page.goto(`${PROD_URL}/sign-in`);
  await page.getByRole("button", { name: "English" }).click();
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  const cookies = await page.context().cookies(PROD_URL);
  const lang = cookies.find((c) => c.name === "portal.lang");
  expect(lang?.secure).toBe(true);
  expect(lang?.httpOnly).toBe(true);
  expect(lang?.sameSite).toBe("Lax");
});

test("demo mode shows the marker and the outbox", async ({ page }) => {
  await page.goto("/");
  await expect(page.getByRole("note")).toContainText(/Demoläge|Demo mode/);
  await page.goto("/dev/outbox");
  await expect(page.getByRole("heading", { level: 1 })).toContainText(/Utkorgen|Outbox/);
});

test("error pages show no stack trace", async ({ request }) => {
  const res = await request.get("/this-page-does-not-exist");
  expect(res.status()).toBe(404);
  const body = await res.text();
  expect(body).not.toMatch(/at .*\.(ts|js):\d+/);
});
