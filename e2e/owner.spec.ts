// What the right person gets: each page's own heading and content, for everyone (public pages), for
// the signed-in person and for an admin, and the forms on those pages doing what they say. The
// attacker's side of each page is in the attacker-victim specs; e2e/surface.ts names both per entry.
import { randomUUID } from "node:crypto";
import {
  test,
  expect,
  DEMO,
  createPerson,
  linkIn,
  loginAs,
  waitForEmails,
  PORT,
  furtherCopyWithOpenTask,
  signInNewPerson,
} from "./fixtures";
import { uniqueTag } from "../test/unique-tag";
import { unsubscribeToken } from "../lib/newsletter/unsubscribe-token";

const BASE_URL = `http://localhost:${PORT}`;

async function heading(page: import("@playwright/test").Page, path: string, name: string | RegExp) {
  const res = await page.goto(path);
  expect(res?.status(), path).toBe(200);
  await expect(page.getByRole("heading", { level: 1 }), path).toHaveText(name);
}

test("public pages answer 200 with their own heading", async ({ page }) => {
  await heading(page, "/", "Dina personuppgifter, på ett ställe");
  await expect(page.locator('main a[href="/sign-in"]')).toBeVisible();
  await heading(page, "/privacy", "Integritetspolicy");
  await expect(page.getByRole("heading", { level: 2, name: "Dina rättigheter" })).toBeVisible();
  await heading(page, "/cookies", "Kakor");
  await expect(page.locator("main")).toContainText("portal.session");
  await heading(page, "/sign-in", "Logga in");
  await expect(page.getByLabel("E-postadress")).toBeVisible();
  await heading(page, "/sign-in/check-email", "Titta i din inkorg");
  await heading(page, "/sign-in/error?error=Verification", "Länken fungerar inte");
  await expect(page.getByRole("link", { name: "Be om en ny länk" })).toBeVisible();
  await heading(page, "/sign-in/error?error=Configuration", "Inloggningen misslyckades");
  await heading(page, `/sign-in/confirm?token=${"a".repeat(64)}&email=someone%40test.example`, "Logga in");
  await expect(page.getByRole("button", { name: "Logga in" })).toBeVisible();
  await heading(page, "/dev/outbox", "Utkorgen (demo)");
});

test("a forged or malformed link on a public page says so, and its button confirms nothing", async ({
  page,
  db,
}) => {
  const victim = await createPerson({ firstName: "Viktoria" });
  await db.consentState.createMany({
    data: [
      { personId: victim.id, channel: "email", topic: "news", status: "given", legalBasis: "consent" },
      { personId: victim.id, channel: "email", topic: "offers", status: "pending", legalBasis: "consent" },
    ],
  });
  const states = async () =>
    (await db.consentState.findMany({ where: { personId: victim.id }, orderBy: { topic: "asc" } })).map(
      (s) => `${s.topic}:${s.status}`,
    );
  const request = await db.request.create({
    data: {
      personId: victim.id,
      type: "objection",
      status: "awaiting_confirmation",
      channel: "letter",
      receivedAt: new Date(),
      dueAt: new Date(Date.now() + 30 * 86_400_000),
    },
  });

  // Unsubscribe: the victim's real link with one character changed shows no button.
  const token = unsubscribeToken(victim.id);
  const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
  await heading(page, `/unsubscribe?token=${encodeURIComponent(tampered)}`, "Länken fungerar inte");
  await expect(page.getByRole("button", { name: "Avsluta prenumerationen" })).toHaveCount(0);

  // Confirming a subscription with a well-formed token nobody was sent: the button confirms nothing.
  await heading(page, `/confirm-subscription?token=${"a".repeat(43)}`, "Bekräfta din prenumeration");
  await page.getByRole("button", { name: "Ja, jag vill ha utskick" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");

  // Confirming a request: the victim's request id and person id, with a made-up signature.
  const payload = Buffer.from(
    `${request.id}|${victim.id}|${Math.floor(Date.now() / 1000) + 86_400}`,
  ).toString("base64url");
  await heading(page, `/confirm-request?token=${payload}.${"A".repeat(43)}`, "Bekräfta din begäran");
  await page.getByRole("button", { name: "Ja, det här är min begäran" }).click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Länken fungerar inte");
  await heading(page, "/confirm-request?token=malformed", "Länken fungerar inte");
  await expect(page.getByRole("button", { name: "Ja, det här är min begäran" })).toHaveCount(0);

  // A sign-in link that is not even well-formed.
  await heading(page, "/sign-in/confirm?token=xyz&email=", "Länken fungerar inte");

  expect(await states()).toEqual(["news:given", "offers:pending"]);
  expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
    "awaiting_confirmation",
  );
});

test("the person's pages show their own heading and details; a restriction is filed; signing out ends the session", async ({
  page,
  context,
  db,
}) => {
  const lastName = `Sidsson${uniqueTag()}`;
  const person = await signInNewPerson(context, { firstName: "Petra", lastName });

  await heading(page, "/my-data", "Mina uppgifter");
  await expect(page.locator('li[data-category="identity"]')).toContainText("Personuppgifter");
  await heading(page, "/my-data?category=identity", "Mina uppgifter");
  await expect(page.locator("main")).toContainText(lastName);
  await heading(page, "/copy", "Kopia av dina uppgifter");
  await expect(page.getByText("Du kan få din kostnadsfria kopia nu.")).toBeVisible();
  await heading(page, "/details", "Ändra uppgifter");
  await expect(page.locator("#name-lastName")).toHaveValue(lastName);
  await heading(page, "/preferences", "Utskick och marknadsföring");
  await expect(page.getByRole("button", { name: "Spara mina val" })).toBeVisible();
  await heading(page, "/deletion", "Radera mina uppgifter");
  await expect(page.getByRole("button", { name: "Begär radering" })).toBeVisible();
  await heading(page, "/activity", "Aktivitet");
  await expect(page.getByRole("button", { name: "Logga ut på alla enheter" })).toBeVisible();

  // The restriction form on my requests: filed, in force at once, listed.
  await heading(page, "/requests", "Mina ärenden");
  await page.getByLabel("Mina uppgifter är felaktiga, medan ni kontrollerar dem").check();
  await page.getByRole("button", { name: "Skicka begäran" }).click();
  await expect(page.getByText(/Mottaget\. Från och med nu lagrar vi bara dina uppgifter\./)).toBeVisible();
  const filed = await db.request.findFirstOrThrow({ where: { personId: person.id, type: "restriction" } });
  expect(filed.status).not.toBe("awaiting_confirmation");
  expect((await db.person.findUniqueOrThrow({ where: { id: person.id } })).restrictedAt).not.toBeNull();
  await page.reload();
  await expect(page.locator('tr[data-request-type="restriction"]')).toBeVisible();

  // Signing out ends this session: the cookie no longer opens the person's pages.
  const sessions = () => db.session.count({ where: { user: { email: person.email } } });
  expect(await sessions()).toBe(1);
  await page.getByRole("button", { name: "Logga ut", exact: true }).click();
  await expect(page).toHaveURL(/localhost:\d+\/$/);
  expect(await sessions()).toBe(0);
  await page.goto("/my-data");
  await expect(page).toHaveURL(/\/sign-in/);
});

test("admin pages show their content: tasks, audit trail, impersonations, settings; an API key is created and revoked", async ({
  page,
  context,
  db,
}) => {
  const lastName = `Uppgiftsson${uniqueTag()}`;
  const person = await createPerson({ firstName: "Tora", lastName });
  const request = await furtherCopyWithOpenTask(person.id);
  const { sessionId } = await loginAs(context, DEMO.admin);
  const admin = await db.staffMember.findUniqueOrThrow({ where: { email: DEMO.admin } });
  const reason = `Telefonsamtal ${randomUUID().slice(0, 8)}`;
  await db.impersonation.create({
    data: {
      staffMemberId: admin.id,
      sessionId,
      personId: person.id,
      reason,
      startedAt: new Date(Date.now() - 20 * 60_000),
      expiresAt: new Date(Date.now() - 5 * 60_000),
      endedAt: new Date(Date.now() - 10 * 60_000),
    },
  });

  await heading(page, "/staff/tasks", "Mottagaruppgifter");
  await expect(page.locator(`a[href="/staff/requests/${request.id}"]`)).toContainText(lastName);

  // Viewing the person page is audited; the audit trail shows that entry.
  await heading(page, `/staff/people/${person.id}`, `Tora ${lastName}`);
  const viewed = await db.auditEntry.findFirstOrThrow({
    where: { personId: person.id, action: "staff.person_viewed" },
    orderBy: { seq: "desc" },
  });
  await heading(page, `/staff/audit?personId=${person.id}`, "Granskningslogg");
  await expect(
    page
      .getByRole("row")
      .filter({ hasText: String(viewed.seq) })
      .first(),
  ).toBeVisible();

  await heading(page, "/staff/impersonations", "Visningar som kund");
  const row = page.getByRole("row").filter({ hasText: reason });
  await expect(row).toContainText(`Tora ${lastName}`);
  await expect(row).toContainText(admin.name);

  await heading(page, "/staff/settings", "Inställningar");
  await expect(page.getByRole("cell", { name: DEMO.staff, exact: true })).toBeVisible();
  await expect(page.getByRole("form", { name: "Portalens inställningar" })).toBeVisible();

  // API keys: created (shown once), listed, revoked.
  await heading(page, "/staff/settings/api-keys", "API-nycklar");
  const name = `E2E ${randomUUID().slice(0, 8)}`;
  // Without a record type: refused beside the field, the name kept, no key made.
  await page.locator("#api-key-name").fill(name);
  await page.getByRole("button", { name: "Skapa nyckel" }).click();
  await expect(page.getByText("Välj minst en posttyp")).toBeVisible();
  await expect(page.locator("#api-key-name")).toHaveValue(name);
  expect(await db.apiKey.count({ where: { name } })).toBe(0);
  await page.locator('input[name="scopes"]').first().check();
  await page.getByRole("button", { name: "Skapa nyckel" }).click();
  await expect(page.getByRole("status")).toContainText(`Nyckeln ”${name}” har skapats.`);
  await expect(page.locator("#new-api-key")).toHaveValue(/^ppk_/);
  const key = await db.apiKey.findFirstOrThrow({ where: { name } });
  expect(key.revokedAt).toBeNull();
  await page.reload();
  await page.getByRole("button", { name: `Spärra nyckeln ${name}` }).click();
  await expect(page.getByRole("row").filter({ hasText: name })).toContainText("Spärrad");
  expect((await db.apiKey.findUniqueOrThrow({ where: { id: key.id } })).revokedAt).not.toBeNull();
});

test("Auth.js's own endpoints: a link asked for by POST, the sign-in completed by the confirm page's POST; a forged token signs no one in", async ({
  request,
  db,
}) => {
  const person = await createPerson();
  const csrf = await request.get("/api/auth/csrf");
  expect(csrf.status()).toBe(200);
  const { csrfToken } = (await csrf.json()) as { csrfToken: string };
  expect(csrfToken).toMatch(/^[a-f0-9]{32,}$/);
  const origin = { Origin: BASE_URL };
  const res = await request.post("/api/auth/signin/email", {
    form: { email: person.email, csrfToken, callbackUrl: "/my-data" },
    headers: origin,
    maxRedirects: 0,
  });
  expect(res.status()).toBe(303);
  expect(res.headers()["location"]).toMatch(/\/(sign-in\/check-email|api\/auth\/verify-request)/);
  const [mail] = await waitForEmails(person.email, 1);

  // The link's button posts to Auth.js's callback from the portal's own page: it signs the person in
  // and goes to their page.
  const link = new URL(linkIn(mail!, "/sign-in/confirm"));
  const callback = new URLSearchParams({
    token: link.searchParams.get("token")!,
    email: link.searchParams.get("email")!,
    callbackUrl: link.searchParams.get("callbackUrl") ?? "/my-data",
  });
  // The same address with a made-up token: the error page, no session.
  const forged = new URLSearchParams(callback);
  forged.set("token", "a".repeat(64));
  const refused = await request.post("/api/auth/callback/email", {
    form: Object.fromEntries(forged),
    headers: origin,
    maxRedirects: 0,
  });
  expect(refused.status()).toBe(302);
  expect(refused.headers()["location"]).toMatch(/\/sign-in\/error\?error=Verification/);
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(0);

  const done = await request.post("/api/auth/callback/email", {
    form: Object.fromEntries(callback),
    headers: origin,
    maxRedirects: 0,
  });
  expect(done.status()).toBe(302);
  expect(done.headers()["location"]).toMatch(/\/my-data$/);
  expect(await db.session.count({ where: { user: { email: person.email } } })).toBe(1);
});
