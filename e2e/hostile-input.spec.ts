// Hostile input against the running portal: what an adversarial review found, each with its success
// twin. Bad input gets a clear answer (a 400 from the proxy, or a message on the page), never a 500,
// and nothing of it reaches the server's log; security headers on every answer, prefetches included;
// a personnummer searched for never lands in a URL.
import { randomUUID } from "node:crypto";
import {
  test,
  expect,
  DEMO,
  createPerson,
  loginAs,
  serverLog,
  givePersonnummer,
  impersonate,
} from "./fixtures";
import { uniqueTag } from "../test/unique-tag";

const CSP_NONCE = /script-src 'self' 'nonce-[A-Za-z0-9+/=]+' 'strict-dynamic'/;

/** A test personnummer (official test numbers only) that no one in the database holds yet. */
// Finding: a NUL in these query strings was a 500 with Prisma's whole error in the log.
test("a NUL in a query string is a 400 with a message, never a 500, and the input stays out of the log", async ({
  context,
}) => {
  await loginAs(context, DEMO.admin);
  const marker = `nul${randomUUID().slice(0, 8)}`;
  const logStart = serverLog().length;
  for (const path of [
    `/staff?q=${marker}%00`,
    `/staff/audit?personId=${marker}%00`,
    `/dev/outbox?to=${marker}%00%40test.example`,
    `/staff/people/${marker}%00`,
  ]) {
    const res = await context.request.get(path, { maxRedirects: 0 });
    expect(res.status(), path).toBe(400);
    expect(await res.text(), path).toMatch(/cannot be read/);
    expect(res.headers()["content-security-policy"], path).toContain("default-src 'none'");
  }
  // Broken UTF-8 arrives as U+FFFD (Next.js re-encodes the query before the proxy sees it): harmless text.
  expect((await context.request.get(`/staff/audit?personId=${marker}%C0%80`)).status()).toBe(200);
  // Success twins: the same pages with readable input answer normally.
  const person = await createPerson();
  for (const path of [
    `/staff/audit?personId=${person.id}`,
    `/dev/outbox?to=${encodeURIComponent(person.email)}`,
  ]) {
    expect((await context.request.get(path)).status(), path).toBe(200);
  }
  // A filter that is no address is said so on the outbox page.
  const page = await context.newPage();
  await page.goto(`/dev/outbox?to=${marker}`);
  await expect(page.locator("#to-error")).toHaveText(/ingen e-postadress|not an email address/);
  await page.waitForTimeout(500);
  const logged = serverLog(logStart);
  expect(logged).not.toContain(marker);
  expect(logged).not.toMatch(/PrismaClient|invalid byte sequence|\n\s+at /);
});

// Finding: a non-admin's call of the admin action was an unhandled error (500 and a stack).
test("a staff member who is no longer admin gets a message, not an error, and nobody is deactivated", async ({
  page,
  context,
  db,
}) => {
  const target = await db.staffMember.create({
    data: { email: `e2e-staff-${randomUUID().slice(0, 8)}@test.example`, name: "Tove Target", role: "staff" },
  });
  const other = await db.staffMember.create({
    data: { email: `e2e-staff-${randomUUID().slice(0, 8)}@test.example`, name: "Olle Other", role: "staff" },
  });
  await loginAs(context, DEMO.admin);
  await page.goto("/staff/settings");
  const logStart = serverLog().length;
  // The page is open as admin; meanwhile the session is a plain staff member's (say, a demoted admin).
  await loginAs(context, DEMO.staff);
  await page
    .getByRole("row")
    .filter({ hasText: target.email })
    .getByRole("button", { name: "Inaktivera" })
    .click();
  await expect(page).toHaveURL(/\/staff\?problem=forbidden$/);
  await expect(page.locator("p.notice.error")).toHaveText("Du får inte göra det här. Inget har ändrats.");
  expect((await db.staffMember.findUniqueOrThrow({ where: { id: target.id } })).active).toBe(true);
  expect(serverLog(logStart)).not.toMatch(/AppError|forbidden|\n\s+at /);

  // Success twin: the admin deactivates.
  await loginAs(context, DEMO.admin);
  await page.goto("/staff/settings");
  await page
    .getByRole("row")
    .filter({ hasText: other.email })
    .getByRole("button", { name: "Inaktivera" })
    .click();
  await expect
    .poll(async () => (await db.staffMember.findUniqueOrThrow({ where: { id: other.id } })).active)
    .toBe(false);
  expect(page.url()).not.toContain("problem");
});

// Finding: "sign out everywhere" while impersonating was an unhandled error (500 and a stack).
test("sign out everywhere while impersonating: a message, and the person's sessions stay", async ({
  page,
  context,
  db,
}) => {
  const person = await createPerson({ firstName: "Siv" });
  const own = await loginAs(context, person.email);
  await page.goto("/activity");
  const button = page.getByRole("button", { name: "Logga ut på alla enheter" });
  await expect(button).toBeVisible();
  // The same browser is now staff viewing the portal as the person.
  const { sessionId } = await impersonate(context, DEMO.staff, person.id, "e2e: hostile input");
  const logStart = serverLog().length;
  await button.click();
  await expect(page).toHaveURL(/\/activity\?problem=forbidden$/);
  await expect(page.locator("p.notice.error")).toHaveText("Du får inte göra det här. Inget har ändrats.");
  expect(await db.session.count({ where: { id: own.sessionId } })).toBe(1);
  expect(serverLog(logStart)).not.toMatch(/AppError|\n\s+at /);

  // Success twin: the person themselves signs out everywhere.
  await db.impersonation.updateMany({ where: { sessionId }, data: { endedAt: new Date() } });
  await loginAs(context, person.email);
  await page.goto("/activity");
  await page.getByRole("button", { name: "Logga ut på alla enheter" }).click();
  await expect(page).toHaveURL(/\/sign-in/);
  expect(await db.session.count({ where: { id: own.sessionId } })).toBe(0);
});

// Finding: a 64 MB POST to the one-click address wrote its URL, token and all, to the log.
test("a huge one-click POST is refused and its token is not logged; the ordinary POST works", async ({
  request,
}) => {
  const person = await createPerson();
  const { unsubscribeToken } = await import("../lib/newsletter/unsubscribe-token");
  const token = unsubscribeToken(person.id);
  const url = `/api/unsubscribe?token=${encodeURIComponent(token)}`;
  const logStart = serverLog().length;
  const res = await request.post(url, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: Buffer.alloc(64 * 1024 * 1024, "a"),
  });
  expect(res.status()).toBe(400);
  expect(res.headers()["content-security-policy"]).toBe("default-src 'none'; frame-ancestors 'none'");
  const ok = await request.post(url, {
    headers: { "content-type": "application/x-www-form-urlencoded" },
    data: "List-Unsubscribe=One-Click",
  });
  expect(ok.status()).toBe(200);
  expect(serverLog(logStart)).not.toContain(token);
});

// Finding: with a prefetch header the proxy did not run, and pages came without their CSP.
test("prefetched pages carry the same security headers as any other request", async ({ browser }) => {
  const person = await createPerson();
  const personContext = await browser.newContext();
  await loginAs(personContext, person.email);
  const staffContext = await browser.newContext();
  await loginAs(staffContext, DEMO.admin);
  const cases = [
    [personContext, "/my-data"],
    [personContext, "/activity"],
    [personContext, "/details"],
    [personContext, "/cookies"],
    [staffContext, "/staff"],
    [staffContext, "/staff/settings"],
  ] as const;
  for (const [context, path] of cases) {
    const variants: Record<string, string>[] = [
      {},
      { purpose: "prefetch" },
      { "sec-purpose": "prefetch" },
      { "next-router-prefetch": "1", rsc: "1" },
      { rsc: "1" },
    ];
    for (const headers of variants) {
      // An RSC request without its cache-busting parameter is redirected to one with it: followed.
      const res = await context.request.get(path, { headers });
      const label = `${path} ${JSON.stringify(headers)}`;
      expect(res.status(), label).toBe(200);
      const h = res.headers();
      expect(h["content-security-policy"], label).toMatch(CSP_NONCE);
      expect(h["content-security-policy"], label).toContain("frame-ancestors 'none'");
      expect(h["x-content-type-options"], label).toBe("nosniff");
      expect(h["referrer-policy"], label).toBe("same-origin");
    }
  }
  await personContext.close();
  await staffContext.close();
});

// Finding: staff search was a GET form, so /staff?q=<personnummer> went into history and logs.
test("staff search by personnummer finds the person and keeps the number out of every URL", async ({
  page,
  context,
}) => {
  const person = await createPerson({ firstName: "Petra", lastName: `Pnrsson${uniqueTag()}` });
  const pnr = await givePersonnummer(person.id);
  await loginAs(context, DEMO.staff);
  const urls: string[] = [];
  page.on("request", (r) => urls.push(r.url()));
  await page.goto("/staff");
  const logStart = serverLog().length;
  await page.getByLabel(/E-post, namn, organisationsnummer/).fill(pnr);
  await page.getByRole("button", { name: "Sök", exact: true }).click();
  const row = page.getByRole("row").filter({ hasText: person.email });
  await expect(row).toContainText(`Petra ${person.lastName}`);
  await expect(row).toContainText("personnummer");
  const digits = pnr.replace(/\D/g, "");
  for (const u of [page.url(), ...urls]) {
    expect(decodeURIComponent(u)).not.toContain(pnr);
    expect(decodeURIComponent(u).replace(/\D/g, "")).not.toContain(digits.slice(2));
  }
  expect(serverLog(logStart)).not.toContain(digits.slice(2, 8));
  // The result leads to the person.
  await row.getByRole("link").click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(`Petra ${person.lastName}`);

  // Text is text: "%@%" lists no one; a typo-free email finds the person.
  await page.goto("/staff");
  await page.getByLabel(/E-post, namn, organisationsnummer/).fill("%@%");
  await page.getByRole("button", { name: "Sök", exact: true }).click();
  await expect(page.getByRole("heading", { name: "Inga träffar" })).toBeVisible();
  await page.getByLabel(/E-post, namn, organisationsnummer/).fill(person.email.toUpperCase());
  await page.getByRole("button", { name: "Sök", exact: true }).click();
  await expect(page.getByRole("row").filter({ hasText: person.email })).toBeVisible();
  expect(page.url()).not.toContain("q=");
});
