// A person (the attacker) against the staff console and a victim's requests. Guards against the bug
// where a staff page or action checks its rights only in the page (or in proxy.ts) and not in the
// action itself: the attacker replays the real staff forms, with valid action ids taken from a staff
// member's page, using their own session. Nothing may change. Also: the person-side fee page and its
// action work only for the request's own person.
import type { BrowserContext, Page } from "@playwright/test";
import { test, expect, DEMO, loginAs, createPerson, PORT, signInNewPerson } from "./fixtures";

const BASE = `http://localhost:${PORT}`;

/**
 * Opens `path` in the attacker's browser with the HTML a staff member got for it, so the attacker has
 * the real forms (and action ids); every request after that (the server action calls among them)
 * goes to the real server with the attacker's own cookie.
 */
async function replayStaffPage(staffPage: Page, attacker: Page, path: string) {
  await staffPage.goto(path);
  const html = await staffPage.content();
  await attacker.route(`${BASE}${path}`, async (route) => {
    if (route.request().method() === "GET" && route.request().resourceType() === "document") {
      await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    } else {
      await route.continue();
    }
  });
  await attacker.goto(path);
}

/**
 * Submits with a click and waits for the server action's answer, which must show that the action
 * itself ran and refused (not that something in front of it, such as the proxy, stopped the request).
 */
async function submit(page: Page, button: import("@playwright/test").Locator, refusal: RegExp = FORBIDDEN) {
  let answer: string | null = null;
  const capture = async (route: import("@playwright/test").Route) => {
    if (route.request().method() !== "POST" || !route.request().headers()["next-action"])
      return route.fallback();
    const res = await route.fetch();
    const body = await res.text();
    expect(res.status()).toBeLessThan(500);
    answer = `${res.headers()["x-action-redirect"] ?? ""}\n${body}`;
    await route.fulfill({ response: res, body });
  };
  await page.route(`${BASE}/**`, capture);
  await button.click();
  await expect.poll(() => answer).not.toBeNull();
  await page.unroute(`${BASE}/**`, capture);
  expect(answer).toMatch(refusal);
}

/** What runForm answers for AppError("forbidden"), in Swedish (the default language). */
const FORBIDDEN = /Du får inte göra det här\./;

async function attackerContext(
  browser: import("@playwright/test").Browser,
): Promise<{ context: BrowserContext; page: Page }> {
  const context = await browser.newContext();
  await signInNewPerson(context, { firstName: "Adam", lastName: "Attacksson" });
  return { context, page: await context.newPage() };
}

test("a person is sent away from every staff page, whatever ids they add", async ({ page, context, db }) => {
  const victim = await createPerson({ firstName: "Viktoria", lastName: "Victimsson" });
  const { createRequest } = await import("../lib/privacy/requests");
  const request = await db.$transaction((tx) =>
    createRequest(tx, { personId: victim.id, type: "objection" }),
  );
  await signInNewPerson(context, { firstName: "Adam", lastName: "Attacksson" });
  // Each path written out: test/surface.test.ts checks that this test calls every staff page.
  const paths = [
    "/staff",
    `/staff/people/${victim.id}`,
    "/staff/requests",
    `/staff/requests/${request.id}`,
    "/staff/tasks",
    "/staff/audit",
    `/staff/audit?personId=${victim.id}`,
    "/staff/impersonations",
    "/staff/settings",
    "/staff/settings/api-keys",
  ];
  for (const path of paths) {
    const res = await page.goto(path);
    // Sent to their own pages (a page that did not exist would answer 404 and stay).
    expect(res?.status(), path).toBe(200);
    expect(new URL(page.url()).pathname, path).toBe("/my-data");
    const text = await page.locator("body").innerText();
    expect(text, path).not.toContain("Viktoria");
    expect(text, path).not.toContain(victim.email);
    expect(text, path).not.toMatch(/Ärendekön|Personalkonsolen|Granskningslogg|Börja visa som personen/);
  }
  // Nothing the attacker did shows up as a staff action.
  expect(
    await db.auditEntry.count({ where: { personId: victim.id, action: { startsWith: "staff." } } }),
  ).toBe(0);
});

test("a person replaying staff forms with their own session changes nothing", async ({ browser, db }) => {
  const victim = await createPerson({ firstName: "Viktoria", lastName: "Victimsson" });
  await db.person.update({
    where: { id: victim.id },
    data: { restrictedAt: new Date(), restrictionReason: "legal_claims" },
  });
  const { createRequest } = await import("../lib/privacy/requests");
  const { createRecipientTask } = await import("../lib/privacy/tasks");
  const request = await db.$transaction((tx) =>
    createRequest(tx, { personId: victim.id, type: "further_copy" }),
  );
  const task = await db.$transaction((tx) =>
    createRecipientTask(tx, {
      requestId: request.id,
      personId: victim.id,
      recipientKey: "paypal",
      kind: "search",
    }),
  );

  const staffContext = await browser.newContext();
  await loginAs(staffContext, DEMO.admin);
  const staffPage = await staffContext.newPage();
  const { context, page } = await attackerContext(browser);
  const settingsBefore = await db.setting.findMany({ orderBy: { key: "asc" } });

  // The person page: view as the victim, register a request, tell the victim a restriction is lifted.
  await replayStaffPage(staffPage, page, `/staff/people/${victim.id}`);
  await page.getByLabel("Skäl (fritext eller ärendenummer)").fill("I want to see her data");
  await submit(page, page.getByRole("button", { name: "Börja visa som personen" }));
  await page.goto(`/staff/people/${victim.id}`);
  await submit(page, page.getByRole("button", { name: "Registrera och be personen bekräfta" }));
  await page.goto(`/staff/people/${victim.id}`);
  await page.getByLabel("Varför den hävs").fill("Because the attacker says so");
  await submit(page, page.getByRole("button", { name: "Meddela personen att begränsningen hävs" }));

  // The request page: tick the task, decide the copy free, assign it.
  await replayStaffPage(staffPage, page, `/staff/requests/${request.id}`);
  await submit(page, page.getByRole("button", { name: "Markera som klar" }).first());
  await page.goto(`/staff/requests/${request.id}`);
  await page.getByLabel("Gör kopian kostnadsfritt").check();
  await submit(page, page.getByRole("button", { name: "Besluta" }));

  // The settings page: add themself as admin, change the cooling-off period.
  await replayStaffPage(staffPage, page, "/staff/settings");
  const add = page.locator("form", { has: page.getByLabel("Roll") }).first();
  await add.getByLabel("E-post").fill("adam.attacker@test.example");
  await add.getByLabel("Namn").fill("Adam");
  await add.getByLabel("Roll").selectOption("admin");
  await submit(page, add.getByRole("button", { name: "Spara" }));
  await page.goto("/staff/settings");
  const general = page.getByRole("form", { name: "Portalens inställningar" });
  await general.getByLabel("Ångerfrist före radering (dagar)").fill("0");
  await submit(page, general.getByRole("button", { name: "Spara" }));

  // Nothing changed.
  expect(await db.impersonation.count({ where: { personId: victim.id } })).toBe(0);
  expect(await db.request.count({ where: { personId: victim.id } })).toBe(1);
  expect(await db.emailMessage.count({ where: { personId: victim.id } })).toBe(0);
  expect((await db.person.findUniqueOrThrow({ where: { id: victim.id } })).restrictedAt).not.toBeNull();
  expect((await db.recipientTask.findUniqueOrThrow({ where: { id: task.id } })).status).toBe("open");
  expect(await db.request.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
    status: "received",
    assignedToId: null,
  });
  expect(await db.copy.count({ where: { personId: victim.id } })).toBe(0);
  expect(await db.staffMember.count({ where: { email: "adam.attacker@test.example" } })).toBe(0);
  expect(await db.setting.findMany({ orderBy: { key: "asc" } })).toEqual(settingsBefore);
  // Only the staff member's page views are in the audit trail, nothing done as the attacker.
  const entries = await db.auditEntry.findMany({ where: { personId: victim.id } });
  expect(
    entries.map((e) => e.action).filter((a) => a !== "staff.person_viewed" && a !== "staff.request_viewed"),
  ).toEqual([]);

  // The same replay as staff does work: the test would notice a form that never reaches its action.
  const staffAsAttacker = await staffContext.newPage();
  await staffAsAttacker.goto(`/staff/requests/${request.id}`);
  await staffAsAttacker.getByRole("button", { name: "Markera som klar" }).first().click();
  await expect
    .poll(async () => (await db.recipientTask.findUniqueOrThrow({ where: { id: task.id } })).status)
    .toBe("done");

  await context.close();
  await staffContext.close();
});

test("a fee offer is seen and answered only by its own person", async ({ browser, db }) => {
  const victim = await createPerson({ firstName: "Viktoria", lastName: "Victimsson" });
  const { createRequest } = await import("../lib/privacy/requests");
  const request = await db.$transaction(async (tx) => {
    const r = await createRequest(tx, { personId: victim.id, type: "further_copy" });
    return tx.request.update({
      where: { id: r.id },
      data: { status: "awaiting_fee_acceptance", feeOre: 15000, decisionReason: "Staff time, 30 minutes" },
    });
  });

  const victimContext = await browser.newContext();
  await loginAs(victimContext, victim.email);
  const victimPage = await victimContext.newPage();
  const path = `/requests/fee/${request.id}`;
  await victimPage.goto(path);
  await expect(victimPage.getByRole("button", { name: /Godkänn avgiften/ })).toBeVisible();
  const html = await victimPage.content();

  const { context, page } = await attackerContext(browser);
  // Their own view of it: not found.
  const res = await page.goto(path);
  expect(res?.status()).toBe(404);
  expect(await page.locator("body").innerText()).not.toContain("Staff time");
  // The victim's own form, replayed with the attacker's session: refused, nothing made.
  await page.route(`${BASE}${path}`, async (route) => {
    if (route.request().method() === "GET" && route.request().resourceType() === "document") {
      await route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: html });
    } else await route.continue();
  });
  await page.goto(path);
  await submit(page, page.getByRole("button", { name: /Godkänn avgiften/ }), /result=not_found/);
  expect(await db.copy.count({ where: { personId: victim.id } })).toBe(0);
  expect(await db.request.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
    status: "awaiting_fee_acceptance",
    feeAcceptedAt: null,
  });

  // The victim's own answer works.
  await victimPage.getByRole("button", { name: /Godkänn avgiften/ }).click();
  await expect(victimPage.getByRole("status")).toContainText("Tack");
  expect(await db.copy.count({ where: { personId: victim.id, free: false } })).toBe(1);
  await context.close();
  await victimContext.close();
});
