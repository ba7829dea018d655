// Every page built so far, in both languages: no axe violations, no request outside the portal's
// origin, a strict CSP header. Add each new page to the lists below: this is the one accessibility
// sweep of the pages as they first open (other specs check the states a flow reaches).
import AxeBuilder from "@axe-core/playwright";
import type { Page } from "@playwright/test";
import {
  test,
  expect,
  DEMO,
  createPerson,
  furtherCopyWithOpenTask,
  givenEmail,
  loginAs,
  signInNewPerson,
  recordForeignRequests,
  PROD_URL,
  PORT,
} from "./fixtures";
import { PERSON_PAGES, staffPages } from "./portal-pages";
import { CATEGORIES } from "../lib/datamap/policy-map";
import { unsubscribeToken } from "../lib/newsletter/unsubscribe-token";

// Each test opens its own browser context and changes nothing another reads: the sweep's tests run on
// every worker at once instead of one after the other on one (the sweep is the suite's longest spec).
test.describe.configure({ mode: "parallel" });

/** A well-formed link token that matches nothing. */
const UNKNOWN_TOKEN = "a".repeat(43);

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
const SIGNED_IN_PAGES = [
  ...PERSON_PAGES,
  "/step-up?next=/copy",
  `/confirm-email?token=${UNKNOWN_TOKEN}`,
  "/confirm-email?result=expired",
  "/confirm-email?result=confirmed",
];
/** A subscriber's pages; `{token}` is their own unsubscribe token. */
const SUBSCRIBER_PAGES = [
  "/preferences",
  "/unsubscribe?token={token}",
  "/unsubscribe?done=1",
  "/unsubscribe?token=bad",
  `/confirm-subscription?token=${UNKNOWN_TOKEN}`,
  "/confirm-subscription?result=expired",
];

async function check(page: Page, path: string, locale: "sv" | "en") {
  const foreign = recordForeignRequests(page);
  const res = await page.goto(path);
  expect(res, path).not.toBeNull();
  expect(res!.status(), path).toBeLessThan(400);
  await expect(page.locator("html")).toHaveAttribute("lang", locale);
  const csp = res!.headers()["content-security-policy"] ?? "";
  expect(csp, path).toContain("default-src 'self'");
  expect(csp, path).toContain("frame-ancestors 'none'");
  expect(csp, path).not.toContain("unsafe-inline");
  await noAxeViolations(page, path);
  expect(foreign, path).toEqual([]);
  return res!;
}

async function noAxeViolations(page: Page, what: string) {
  const axe = await new AxeBuilder({ page }).withTags(["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]).analyze();
  expect(
    axe.violations.map((v) => `${what}: ${v.id} ${v.nodes.map((n) => n.target.join(" ")).join(", ")}`),
  ).toEqual([]);
}

for (const locale of ["sv", "en"] as const) {
  test.describe(`pages in ${locale}`, () => {
    // A sweep loads and checks many pages in one test: a limit for hangs, not for speed.
    test.describe.configure({ timeout: 600_000 });
    test.beforeEach(async ({ context }) => {
      await context.addCookies([{ name: "portal.lang", value: locale, url: `http://localhost:${PORT}` }]);
    });

    test("public pages", async ({ page }) => {
      for (const path of PUBLIC_PAGES) await check(page, path, locale);
    });

    test("the person's pages", async ({ page, context }) => {
      await loginAs(context, DEMO.anna);
      for (const path of SIGNED_IN_PAGES) await check(page, path, locale);
      // Errors shown beside the fields must pass too.
      await page.goto("/details");
      await page.locator("#billing-billingPostcode").fill("12");
      await page.getByRole("button", { name: /Spara fakturaadress|Save billing address/ }).click();
      await expect(page.locator("#billing-billingPostcode-error")).toBeVisible();
      await noAxeViolations(page, "/details with a field error");
    });

    test("the person's data, category by category", async ({ page, context }) => {
      await loginAs(context, DEMO.anna);
      for (const category of CATEGORIES) await check(page, `/my-data?category=${category.key}`, locale);
    });

    test("a subscriber's pages", async ({ page, context }) => {
      const person = await signInNewPerson(context);
      await givenEmail(person.id);
      const token = encodeURIComponent(unsubscribeToken(person.id));
      for (const path of SUBSCRIBER_PAGES) await check(page, path.replace("{token}", token), locale);
    });

    test("staff pages", async ({ page, context }) => {
      const person = await createPerson({ firstName: "Axel" });
      const request = await furtherCopyWithOpenTask(person.id);
      await loginAs(context, DEMO.admin);
      for (const path of staffPages(person.id, request.id)) {
        const res = await check(page, path, locale);
        expect(res.status(), path).toBe(200);
      }
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
