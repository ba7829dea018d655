// An unsubscribe link opened in a browser always lands on the portal's own page: its layout, its
// language choice (the remembered one, else the portal's default, never the browser's), and for a link
// that does not work a plain message and a way to manage preferences by signing in. The one-click POST
// of a mail provider keeps its JSON answers (e2e/preferences.spec.ts, app/api/unsubscribe/route.test.ts).
import { test, expect, createPerson, PORT } from "./fixtures";
import { unsubscribeToken } from "../lib/newsletter/unsubscribe-token";

// A browser that prefers English: the portal's page follows the portal's choice, not this.
test.use({ locale: "en-GB" });

async function tampered(): Promise<string> {
  const person = await createPerson();
  const token = unsubscribeToken(person.id);
  return token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
}

// Before, this was a bare page without the portal's header, footer and styles, in the browser's language.
test("a link that does not work lands on the portal's page in the portal's language, with a way to sign in", async ({
  page,
}) => {
  await page.goto(`/api/unsubscribe?token=${encodeURIComponent(await tampered())}`);
  await expect(page).toHaveURL(/\/unsubscribe\?link=invalid$/);
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.getByRole("heading", { level: 1, name: "Länken fungerar inte" })).toBeVisible();
  await expect(page.getByRole("status")).toContainText("ingenting har ändrats");
  // The portal's layout: its header with the language switch, its footer.
  await expect(page.locator("header.site")).toBeVisible();
  await expect(page.locator("footer.site").getByRole("link")).not.toHaveCount(0);
  await page.getByRole("link", { name: "Logga in och hantera dina utskick" }).click();
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fpreferences$/);
  await expect(page.getByRole("heading", { level: 1 })).toBeVisible();
});

test("a link that does not work follows a remembered language choice", async ({ page, context }) => {
  await context.addCookies([{ name: "portal.lang", value: "en", url: `http://localhost:${PORT}` }]);
  await page.goto(`/api/unsubscribe?token=${encodeURIComponent(await tampered())}`);
  await expect(page.locator("html")).toHaveAttribute("lang", "en");
  await expect(page.getByRole("heading", { level: 1, name: "This link does not work" })).toBeVisible();
  await expect(page.getByRole("link", { name: "Sign in and manage your subscriptions" })).toHaveAttribute(
    "href",
    "/sign-in?next=%2Fpreferences",
  );
});

// The success twin: the same route with a good token shows the same page's one button.
test("a good link lands on the portal's page with one button, in the portal's language", async ({ page }) => {
  const person = await createPerson();
  await page.goto(`/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(person.id))}`);
  await expect(page).toHaveURL(/\/unsubscribe\?token=/);
  await expect(page.locator("html")).toHaveAttribute("lang", "sv");
  await expect(page.locator("header.site")).toBeVisible();
  await expect(page.getByRole("button", { name: "Avsluta prenumerationen" })).toBeVisible();
});
