// Sign-in by magic link, as a person does it, with the emails read from the fake Resend API.
import {
  test,
  expect,
  DEMO,
  getDb,
  waitForEmails,
  emailsTo,
  linkIn,
  createPerson,
  loginAs,
} from "./fixtures";
import { randomUUID } from "node:crypto";

async function requestLink(page: import("@playwright/test").Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
}

test("magic link: opening the link signs no one in; the button does, once", async ({ page, context }) => {
  const person = await createPerson({ firstName: "Maja", lastName: "Magnusson" });
  await requestLink(page, person.email);
  const [mail] = await waitForEmails(person.email, 1);
  const link = linkIn(mail!, "/sign-in/confirm");

  // A mail scanner opens the link: nothing is used up, nobody is signed in.
  const scanner = await context.request.get(link);
  expect(scanner.status()).toBe(200);
  const db = await getDb();
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(0);

  await page.goto(link);
  await expect(page.getByRole("heading", { name: /Logga in|Sign in/ })).toBeVisible();
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(0);
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/my-data/);
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(1);

  // The same link again is refused with a clear page and a way to get a new one.
  await context.clearCookies();
  await page.goto(link);
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/error/);
  await expect(
    page.getByRole("heading", { name: /Länken fungerar inte|This link does not work/ }),
  ).toBeVisible();
  await expect(page.getByRole("link", { name: /Be om en ny länk|Ask for a new link/ })).toBeVisible();

  // The activity page lists the sign-in.
  await loginAs(context, person.email);
  await page.goto("/activity");
  await expect(page.getByRole("cell", { name: /Inloggning|Sign-in/ }).first()).toBeVisible();
});

test("an altered or expired link is refused", async ({ page }) => {
  const person = await createPerson();
  await requestLink(page, person.email);
  const [mail] = await waitForEmails(person.email, 1);
  const link = new URL(linkIn(mail!, "/sign-in/confirm"));

  // Altered: the token no longer matches.
  const altered = new URL(link);
  altered.searchParams.set("token", "a".repeat(64));
  await page.goto(altered.toString());
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/error/);

  // Bound to the address: the same token with another address fails.
  const other = new URL(link);
  other.searchParams.set("email", DEMO.anna);
  await page.goto(other.toString());
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/error/);

  // Expired: move the stored token's expiry into the past.
  const db = await getDb();
  await db.verificationToken.updateMany({
    where: { identifier: person.email },
    data: { expires: new Date(Date.now() - 1000) },
  });
  await page.goto(link.toString());
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/error/);
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(0);
});

test("an unknown address gets the same page, no account, and a 'nothing held' email", async ({ page }) => {
  const unknown = `nobody-${randomUUID().slice(0, 8)}@test.example`;
  const known = await createPerson();
  await requestLink(page, unknown);
  const unknownPage = await page.locator("main").innerText();
  await requestLink(page, known.email);
  const knownPage = await page.locator("main").innerText();
  expect(unknownPage).toBe(knownPage);

  const [nothing] = await waitForEmails(unknown, 1);
  expect(nothing!.subject).toMatch(/inga uppgifter|hold no data/i);
  expect(nothing!.text).not.toMatch(/sign-in\/confirm/);
  const [link] = await waitForEmails(known.email, 1);
  expect(link!.text).toMatch(/sign-in\/confirm/);

  const db = await getDb();
  expect(await db.user.count({ where: { email: unknown } })).toBe(0);
  expect(await db.person.count({ where: { email: unknown } })).toBe(0);
  expect(await db.verificationToken.count({ where: { identifier: unknown } })).toBe(0);
  // Exactly one email each.
  expect(await emailsTo(unknown)).toHaveLength(1);
  expect(await emailsTo(known.email)).toHaveLength(1);
});

test("Auth.js's own end of a link request lands on the same page", async ({ request }) => {
  const res = await request.get("/api/auth/verify-request?provider=email&type=email", { maxRedirects: 0 });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toContain("/sign-in/check-email");
});

test("a newsletter-only subscriber can sign in", async ({ page }) => {
  const subscriber = await createPerson({ kind: "subscriber", firstName: "Sara" });
  await requestLink(page, subscriber.email);
  const [mail] = await waitForEmails(subscriber.email, 1);
  await page.goto(linkIn(mail!, "/sign-in/confirm"));
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/my-data/);
});

test("staff reach /staff through the same sign-in; a customer does not", async ({ page, context }) => {
  const db = await getDb();
  const email = `staff-${randomUUID().slice(0, 8)}@test.example`;
  await db.staffMember.create({ data: { email, name: "Test Staff", role: "staff" } });
  await requestLink(page, email);
  const [mail] = await waitForEmails(email, 1);
  await page.goto(linkIn(mail!, "/sign-in/confirm"));
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await page.goto("/staff");
  await expect(page.getByRole("heading", { level: 1, name: /Personal|Staff/ })).toBeVisible();
  // Staff without admin do not reach settings.
  const settings = await page.goto("/staff/settings");
  expect(settings?.status()).toBe(404);

  await context.clearCookies();
  await loginAs(context, DEMO.anna);
  await page.goto("/staff");
  await expect(page).not.toHaveURL(/\/staff/);
  const res = await page.goto("/staff/settings");
  expect(page.url()).not.toMatch(/\/staff\/settings/);
  expect(res?.status()).toBeLessThan(500);
});

test("rate limit: the limit plus one request sends no further email, also through Auth.js's own endpoint", async ({
  page,
  request,
}) => {
  const person = await createPerson();
  const limit = 5; // default signInLimitPerAddress
  for (let i = 0; i < limit; i++) await requestLink(page, person.email);
  await waitForEmails(person.email, limit);

  // One more through the form: a friendly message, nothing sent.
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(person.email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page.getByText(/många länkar|many links/)).toBeVisible();

  // And through Auth.js's own sign-in endpoint.
  const csrf = await (await request.get("/api/auth/csrf")).json();
  const res = await request.post("/api/auth/signin/email", {
    form: { email: person.email, csrfToken: csrf.csrfToken, callbackUrl: "/my-data" },
    maxRedirects: 0,
  });
  expect(res.status()).toBeLessThan(400);
  expect(res.headers()["location"] ?? "").toMatch(/rate_limited/);
  await page.waitForTimeout(2000);
  expect(await emailsTo(person.email)).toHaveLength(limit);
  const db = await getDb();
  expect(await db.auditEntry.count({ where: { action: "auth.rate_limited" } })).toBeGreaterThan(0);
});

test("step-up: a sensitive page asks for a fresh link when the sign-in is older than 15 minutes", async ({
  page,
  context,
}) => {
  const person = await createPerson();
  await loginAs(context, person.email, { signedInMinutesAgo: 30 });
  await page.goto("/step-up?next=/copy");
  await expect(page.getByRole("heading", { name: /Bekräfta att det är du|Confirm it is you/ })).toBeVisible();
  await page.getByRole("button", { name: /Skicka ny länk|Send a new link/ }).click();
  await expect(page).toHaveURL(/check-email/);
  const [mail] = await waitForEmails(person.email, 1);
  const link = linkIn(mail!, "/sign-in/confirm");
  expect(decodeURIComponent(link)).toContain("/copy");
  await page.goto(link);
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/copy/);
});

test("sign out everywhere ends every session", async ({ page, context, browser }) => {
  const person = await createPerson();
  await loginAs(context, person.email);
  const other = await browser.newContext();
  await loginAs(other, person.email);
  await page.goto("/activity");
  await page.getByRole("button", { name: /Logga ut på alla enheter|Sign out on every device/ }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const otherPage = await other.newPage();
  await otherPage.goto("/activity");
  await expect(otherPage).toHaveURL(/\/sign-in/);
  await other.close();
});
