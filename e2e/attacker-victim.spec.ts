// Two people: every page and action, called as the attacker with the victim's identifiers, shows or
// changes nothing of the victim's. Extend this spec with every new page, action and route.
import { test, expect, loginAs, createPerson, PORT, signInNewPerson } from "./fixtures";

test("the attacker sees only their own data on every page, whatever identifiers they add", async ({
  page,
  context,
}) => {
  const victim = await createPerson({ firstName: "Viktoria", lastName: "Victimsson" });
  await signInNewPerson(context, { firstName: "Adam", lastName: "Attacksson" });
  const pages = ["/my-data", "/copy", "/details", "/preferences", "/requests", "/deletion", "/activity"];
  for (const path of pages) {
    for (const query of [
      "",
      `?personId=${victim.id}`,
      `?id=${victim.id}`,
      `?email=${encodeURIComponent(victim.email)}`,
    ]) {
      const res = await page.goto(path + query);
      // The attacker's own page: it exists and answers (no 404 or 500 passes for "nothing shown").
      expect(res?.status(), path + query).toBe(200);
      await expect(page.getByRole("heading", { level: 1 }), path + query).toBeVisible();
      const text = await page.locator("body").innerText();
      expect(text, path + query).not.toContain("Viktoria");
      expect(text, path + query).not.toContain("Victimsson");
      expect(text, path + query).not.toContain(victim.email);
    }
  }
});

test("a person cannot reach staff pages or staff actions", async ({ page, context, db }) => {
  const attacker = await signInNewPerson(context);
  for (const path of ["/staff", "/staff/settings", "/staff/requests"]) {
    const res = await page.goto(path);
    // Sent away from staff pages to their own (a missing page would answer 404 and stay).
    expect(res?.status(), path).toBe(200);
    expect(new URL(page.url()).pathname, path).toBe("/my-data");
    expect(await page.locator("body").innerText()).not.toMatch(/Ärendekö|Request queue|Personal med åtkomst/);
  }
  expect(await db.staffMember.count({ where: { email: attacker.email } })).toBe(0);
});

test("the attacker's session cannot end the victim's sessions", async ({ page, context, browser, db }) => {
  const victim = await createPerson();
  const attacker = await createPerson();
  const victimContext = await browser.newContext();
  await loginAs(victimContext, victim.email);
  await loginAs(context, attacker.email);
  await page.goto("/activity");
  await page.getByRole("button", { name: /Logga ut på alla enheter|Sign out on every device/ }).click();
  expect(await db.session.count({ where: { user: { email: victim.email } } })).toBe(1);
  await victimContext.close();
});

test("the victim's request, fee page, copy and staff pages are out of the attacker's reach", async ({
  page,
  context,
  db,
}) => {
  const victim = await createPerson({ firstName: "Valdemar", lastName: "Victimsson" });
  const attacker = await createPerson();
  const request = await db.request.create({
    data: {
      personId: victim.id,
      type: "further_copy",
      status: "awaiting_fee_acceptance",
      receivedAt: new Date(),
      dueAt: new Date(Date.now() + 30 * 86_400_000),
      feeOre: 10_000,
    },
  });
  const copy = await db.copy.create({
    data: {
      personId: victim.id,
      free: true,
      status: "ready",
      readyAt: new Date(),
      expiresAt: new Date(Date.now() + 86_400_000),
    },
  });
  await loginAs(context, attacker.email);

  for (const path of [`/requests/fee/${request.id}`, `/step-up?next=/copy`]) {
    await page.goto(path);
    const text = await page.locator("body").innerText();
    expect(text, path).not.toContain("Valdemar");
    expect(text, path).not.toContain(victim.email);
  }
  const staffPaths = [
    "/staff/audit",
    "/staff/impersonations",
    "/staff/tasks",
    "/staff/settings/api-keys",
    `/staff/people/${victim.id}`,
    `/staff/requests/${request.id}`,
  ];
  for (const path of staffPaths) {
    const res = await page.goto(path);
    expect(res?.status(), path).toBe(200);
    expect(new URL(page.url()).pathname, path).toBe("/my-data");
    expect(await page.locator("body").innerText(), path).not.toContain("Valdemar");
  }

  // The victim's copy: neither downloadable nor visible in the status feed.
  const download = await page.request.get(`/api/exports/${copy.id}?exp=9999999999&sig=forged`, {
    maxRedirects: 0,
  });
  // The route's own refusal (a missing route would answer with the not-found page).
  expect(download.status()).toBe(404);
  expect(download.headers()["content-type"]).toBe("application/problem+json");
  expect(await download.json()).toMatchObject({ status: 404, code: "not_found" });
  // The status feed answers the attacker with their own latest copy: none.
  const status = await page.request.get("/api/exports/status");
  expect(status.status()).toBe(200);
  expect(await status.json()).toBeNull();
  // Without a session it refuses with 401, not a 500.
  const anonymous = await fetch(`http://localhost:${PORT}/api/exports/status`);
  expect(anonymous.status).toBe(401);
  await anonymous.arrayBuffer();
  expect(await db.copy.findUniqueOrThrow({ where: { id: copy.id } })).toMatchObject({ downloadedAt: null });

  // A forged request confirmation link confirms nothing (a well-formed forgery: see owner.spec.ts).
  await page.goto(`/confirm-request?token=${"f".repeat(43)}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(
    /Länken fungerar inte|This link does not work/,
  );
  expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
    "awaiting_fee_acceptance",
  );
});
