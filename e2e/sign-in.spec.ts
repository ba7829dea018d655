// Sign-in by magic link, as a person does it, with the emails read from the fake Resend API.
import {
  test,
  expect,
  DEMO,
  waitForEmails,
  emailsTo,
  linkIn,
  createPerson,
  loginAs,
  PORT,
  signInNewPerson,
} from "./fixtures";
import { randomUUID } from "node:crypto";

async function requestLink(page: import("@playwright/test").Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
}

test("magic link: opening the link signs no one in; the button does, once", async ({ page, context, db }) => {
  const person = await createPerson({ firstName: "Maja", lastName: "Magnusson" });
  await requestLink(page, person.email);
  const [mail] = await waitForEmails(person.email, 1);
  const link = linkIn(mail!, "/sign-in/confirm");

  // A mail scanner opens the link: nothing is used up, nobody is signed in.
  const scanner = await context.request.get(link);
  expect(scanner.status()).toBe(200);
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

test("an altered or expired link is refused", async ({ page, db }) => {
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
  await db.verificationToken.updateMany({
    where: { identifier: person.email },
    data: { expires: new Date(Date.now() - 1000) },
  });
  await page.goto(link.toString());
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/error/);
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(0);
});

test("an unknown address gets the same page, no account, and a 'nothing held' email", async ({
  page,
  db,
}) => {
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

test("staff reach /staff through the same sign-in; a customer does not", async ({ page, context, db }) => {
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
  // Sent to their own pages (a missing page would answer 404 and stay).
  expect(res?.status()).toBe(200);
  expect(new URL(page.url()).pathname).toBe("/my-data");
});

test("rate limit: from one client, the limit plus one request sends no further email, by the form and through Auth.js's own endpoint", async ({
  page,
  request,
  db,
}) => {
  const person = await createPerson();
  const limit = 5; // default signInLimitPerAddress, per address and client
  for (let i = 0; i < limit; i++) await requestLink(page, person.email);
  await waitForEmails(person.email, limit);

  // One more through the form: a friendly message, nothing sent.
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(person.email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page.getByText(/många länkar|many links/)).toBeVisible();

  // Through Auth.js's own sign-in endpoint (a client of its own: the browser's budget for this
  // address is not its budget, docs/decisions/0016): the limit, then a refusal.
  const linkRequest = async () => {
    const csrf = await (await request.get("/api/auth/csrf")).json();
    return request.post("/api/auth/signin/email", {
      form: { email: person.email, csrfToken: csrf.csrfToken, callbackUrl: "/my-data" },
      headers: { origin: `http://localhost:${PORT}` },
      maxRedirects: 0,
    });
  };
  const answers: string[] = [];
  for (let i = 0; i <= limit; i++) answers.push((await linkRequest()).headers()["location"] ?? "");
  const limited = answers.filter((l) => /rate_limited/.test(l)).length;
  // The browser and the script may reach the server from one address (then all are refused) or two.
  expect(limited === 1 || limited === limit + 1).toBe(true);
  expect(answers[limit]).toMatch(/rate_limited/);
  const sent = limit + (limit + 1 - limited);
  await waitForEmails(person.email, sent);
  await page.waitForTimeout(2000);
  expect(await emailsTo(person.email)).toHaveLength(sent);
  expect(await db.auditEntry.count({ where: { action: "auth.rate_limited" } })).toBeGreaterThan(0);
});

test("step-up: a sensitive page asks for a fresh link when the sign-in is older than 15 minutes", async ({
  page,
  context,
}) => {
  const person = await signInNewPerson(context, {}, { signedInMinutesAgo: 30 });
  await page.goto("/step-up?next=/copy");
  await expect(page.getByRole("heading", { name: /Bekräfta att det är du|Confirm it is you/ })).toBeVisible();
  await page.getByRole("button", { name: /Skicka ny länk|Send a new link/ }).click();
  // Before, a signed-in person landed on the sign-in form's "if we hold data about this address" page.
  // Now the step-up page says plainly where the link went, masked.
  await expect(page).toHaveURL(/\/step-up\?.*link=sent/);
  const masked = `${person.email[0]}•••${person.email.slice(person.email.indexOf("@"))}`;
  await expect(page.getByRole("status")).toContainText(masked);
  await expect(page.getByText(person.email, { exact: false })).toHaveCount(0);
  await expect(
    page.getByText(/Om vi har uppgifter om den här adressen|If we hold data about this address/),
  ).toHaveCount(0);
  await expect(page.getByRole("link", { name: /fortsätt|continue/ })).toHaveAttribute("href", "/copy");
  const [mail] = await waitForEmails(person.email, 1);
  const link = linkIn(mail!, "/sign-in/confirm");
  expect(decodeURIComponent(link)).toContain("/copy");
  await page.goto(link);
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/copy/);
});

// The refusal twin of the step-up test above: past the per-address limit the page says no new link
// was sent, instead of claiming one was.
test("step-up: past the link limit a signed-in person is told that no new link was sent", async ({
  page,
  context,
}) => {
  const person = await signInNewPerson(context, {}, { signedInMinutesAgo: 30 });
  const limit = 5; // default signInLimitPerAddress, per address and client
  await page.goto("/step-up?next=/deletion");
  for (let i = 0; i < limit; i++) {
    await page.getByRole("button", { name: /Skicka (en )?ny länk|Send (a new|another) link/ }).click();
    await expect(page).toHaveURL(/link=sent/);
  }
  await waitForEmails(person.email, limit);
  await page.getByRole("button", { name: /Skicka en ny länk till|Send another link/ }).click();
  await expect(page).toHaveURL(/\/step-up\?.*link=limited/);
  await expect(page.getByRole("status")).toContainText(/inte skickat någon ny|sent no new one/);
  await expect(
    page.getByText(/Vi har skickat en ny inloggningslänk|We have sent a new sign-in link/),
  ).toHaveCount(0);
  await page.waitForTimeout(2000);
  expect(await emailsTo(person.email)).toHaveLength(limit);
});

test("sign out everywhere ends every session", async ({ page, context, browser }) => {
  const person = await signInNewPerson(context);
  const other = await browser.newContext();
  await loginAs(other, person.email);
  await page.goto("/activity");
  await page.getByRole("button", { name: /Logga ut på alla enheter|Sign out on every device/ }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  const otherPage = await other.newPage();
  await otherPage.goto("/activity");
  await expect(otherPage).toHaveURL(/\/sign-in/);

  // Both browsers can sign in again by link: the one that pressed the button (its cookie is gone)
  // and the other one, which still sends the ended session's cookie.
  for (const p of [page, otherPage]) {
    const before = (await emailsTo(person.email)).length;
    await requestLink(p, person.email);
    const mails = await waitForEmails(person.email, before + 1);
    await p.goto(linkIn(mails[mails.length - 1]!, "/sign-in/confirm"));
    await p.getByRole("button", { name: /Logga in|Sign in/ }).click();
    await expect(p).toHaveURL(/\/my-data/);
    await expect(p.getByRole("heading", { level: 1 })).toBeVisible();
  }
  await other.close();
});

test("a session cookie the portal does not know is ignored, and signing in by link works", async ({
  page,
  context,
}) => {
  const person = await createPerson();
  await context.addCookies([
    { name: "portal.session", value: randomUUID(), url: `http://localhost:${PORT}` },
  ]);
  await page.goto("/my-data");
  await expect(page).toHaveURL(/\/sign-in/);
  await requestLink(page, person.email);
  const [mail] = await waitForEmails(person.email, 1);
  await page.goto(linkIn(mail!, "/sign-in/confirm"));
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/my-data/);
});
