// Newsletter and marketing preferences as a person uses them, the one-click endpoint and the
// partner's webhook over real HTTP, and the sync with the fake Resend API (the worker runs the jobs).
import { randomUUID } from "node:crypto";
import {
  test,
  expect,
  DEMO,
  PORT,
  PROD_URL,
  createPerson,
  getDb,
  givenEmail,
  linkIn,
  impersonate,
  loginAs,
  resendUrl,
  waitForEmails,
  signInNewPerson,
} from "./fixtures";
import { unsubscribeToken } from "../lib/newsletter/unsubscribe-token";
import { signSvix } from "../lib/newsletter/webhook-signature";

const BASE = `http://localhost:${PORT}`;

const status = (page: import("@playwright/test").Page, channel: string, topic: string) =>
  page.locator(`#want-${channel}-${topic}-status`);

/** Ticks a topic in a channel's group of the preferences form and saves the form. */
async function tickAndSave(page: import("@playwright/test").Page, channel: RegExp, topic: RegExp) {
  await page.getByRole("group", { name: channel }).getByLabel(topic).check();
  await page.getByRole("button", { name: /Spara mina val|Save my choices/ }).click();
}

async function emailStates(personId: string) {
  const db = await getDb();
  const rows = await db.consentState.findMany({
    where: { personId, channel: "email" },
    orderBy: { topic: "asc" },
  });
  return rows.map((r) => `${r.topic}:${r.status}`);
}

async function partnerContact(email: string) {
  const res = await fetch(`${resendUrl()}/_test/contacts`);
  const list = (await res.json()) as { email: string; first_name?: string; unsubscribed: boolean }[];
  return list.find((c) => c.email === email.toLowerCase());
}

test("double opt-in: tick email news, pending, confirm by the emailed link's button, given; synced to the partner", async ({
  page,
  context,
}) => {
  const person = await signInNewPerson(context, { firstName: "Olivia" });
  await page.goto("/preferences");
  await expect(
    page.getByRole("heading", { level: 1, name: /Utskick och marknadsföring|Newsletters and marketing/ }),
  ).toBeVisible();
  await expect(status(page, "email", "news")).toHaveText(/Inte valt|Not chosen/);

  await tickAndSave(page, /^(E-post|Email)$/, /Nyheter|News/);
  await expect(page.getByRole("status").filter({ hasText: /skickat en länk|sent a link/ })).toBeVisible();
  await expect(status(page, "email", "news")).toHaveText(/Väntar på bekräftelse|Waiting for confirmation/);
  expect(await emailStates(person.id)).toEqual(["news:pending"]);

  const [mail] = await waitForEmails(person.email, 1);
  expect(mail!.subject).toMatch(/Bekräfta din prenumeration|Confirm your subscription/);
  const link = linkIn(mail!, "/confirm-subscription");

  // A mail scanner opens the link: nothing is confirmed.
  const scanner = await context.request.get(link);
  expect(scanner.status()).toBe(200);
  expect(await emailStates(person.id)).toEqual(["news:pending"]);

  await page.goto(link);
  expect(await emailStates(person.id)).toEqual(["news:pending"]);
  await page.getByRole("button", { name: /Ja, jag vill ha utskick|Yes, send me emails/ }).click();
  await expect(
    page.getByRole("heading", { name: /prenumerationen är bekräftad|subscription is confirmed/ }),
  ).toBeVisible();

  await page.goto("/preferences");
  await expect(status(page, "email", "news")).toHaveText(/Samtycke lämnat|Consent given/);
  // The person sees the history: asked, then given.
  const history = page.getByRole("table");
  await expect(
    history.getByRole("cell", { name: /Bekräftelse begärd|Confirmation requested/ }),
  ).toBeVisible();
  await expect(history.getByRole("cell", { name: /^(Samtycke lämnat|Consent given)$/ })).toBeVisible();

  // The worker brings the partner in line with the portal.
  await expect
    .poll(async () => partnerContact(person.email), { timeout: 30_000 })
    .toMatchObject({ first_name: "Olivia", unsubscribed: false });

  // The same link a second time changes nothing.
  await page.goto(link);
  await page.getByRole("button", { name: /Ja, jag vill ha utskick|Yes, send me emails/ }).click();
  await expect(page.getByRole("heading", { name: /Redan bekräftad|Already confirmed/ })).toBeVisible();
});

test("objection stops every channel at once and is a completed request", async ({ page, context, db }) => {
  const person = await createPerson();
  await db.consentState.createMany({
    data: [
      {
        personId: person.id,
        channel: "post",
        topic: "",
        status: "allowed",
        legalBasis: "allowed_until_objection",
      },
      {
        personId: person.id,
        channel: "phone",
        topic: "",
        status: "allowed",
        legalBasis: "allowed_until_objection",
      },
    ],
  });
  await givenEmail(person.id, ["news", "offers"]);
  await loginAs(context, person.email);
  await page.goto("/preferences");
  await tickAndSave(page, /^SMS$/, /Erbjudanden|Offers/);
  await expect(status(page, "sms", "offers")).toHaveText(/Samtycke lämnat|Consent given/);
  await expect(status(page, "post", "news")).toHaveText(
    /Tillåtet tills du säger nej|Allowed until you say no/,
  );

  await page
    .getByRole("button", { name: /Jag invänder mot direktmarknadsföring|I object to direct marketing/ })
    .click();
  await expect(
    page.getByRole("status").filter({ hasText: /invändning är registrerad|objection is recorded/ }),
  ).toBeVisible();
  await page.reload();
  for (const channel of ["email", "sms", "phone", "post"]) {
    for (const topic of ["news", "offers", "surveys"]) {
      await expect(status(page, channel, topic)).toHaveText(/Du har sagt nej|You said no/);
      await expect(page.locator(`#want-${channel}-${topic}`)).not.toBeChecked();
    }
  }
  const states = await db.consentState.findMany({ where: { personId: person.id } });
  expect(states.every((s) => s.status === "objected")).toBe(true);
  const request = await db.request.findFirstOrThrow({ where: { personId: person.id, type: "objection" } });
  expect(request.status).toBe("completed");
  expect(request.resolvedAt).not.toBeNull();
});

test("withdrawing everything is one click", async ({ page, context }) => {
  const person = await createPerson();
  await givenEmail(person.id, ["news", "surveys"]);
  await loginAs(context, person.email);
  await page.goto("/preferences");
  await page.getByRole("button", { name: /Avsluta alla utskick|Stop all marketing/ }).click();
  await expect(
    page.getByRole("status").filter({ hasText: /Alla utskick är avslutade|All marketing has stopped/ }),
  ).toBeVisible();
  expect(await emailStates(person.id)).toEqual(["news:withdrawn", "surveys:withdrawn"]);
  await expect(status(page, "email", "news")).toHaveText(/Samtycke återkallat|Consent withdrawn/);
});

test.describe("one-click unsubscribe over HTTP (RFC 8058)", () => {
  test("POST form-encoded and multipart both unsubscribe, twice is the same, a tampered token is 4xx", async () => {
    const db = await getDb();
    for (const kind of ["form", "multipart"] as const) {
      const person = await createPerson();
      await givenEmail(person.id, ["news", "offers"]);
      const url = `${BASE}/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(person.id))}`;
      const post = () => {
        if (kind === "form") {
          return fetch(url, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded" },
            body: "List-Unsubscribe=One-Click",
          });
        }
        const form = new FormData();
        form.set("List-Unsubscribe", "One-Click");
        return fetch(url, { method: "POST", body: form });
      };
      const first = await post();
      expect(first.status, kind).toBe(200);
      expect(await emailStates(person.id)).toEqual(["news:withdrawn", "offers:withdrawn"]);
      const entries = await db.consentEvent.count({ where: { personId: person.id, method: "one_click" } });
      expect(entries).toBe(2);
      const second = await post();
      expect(second.status, kind).toBe(200);
      expect(await db.consentEvent.count({ where: { personId: person.id, method: "one_click" } })).toBe(
        entries,
      );
    }

    const victim = await createPerson();
    await givenEmail(victim.id);
    const token = unsubscribeToken(victim.id);
    const tampered = token.slice(0, -1) + (token.endsWith("A") ? "B" : "A");
    const res = await fetch(`${BASE}/api/unsubscribe?token=${encodeURIComponent(tampered)}`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: "List-Unsubscribe=One-Click",
    });
    // The route's own refusal of the token (the same URL with the right token answered 200 above).
    expect(res.status).toBe(400);
    expect(await emailStates(victim.id)).toEqual(["news:given"]);
    const getBad = await fetch(`${BASE}/api/unsubscribe?token=${encodeURIComponent(tampered)}`, {
      redirect: "manual",
    });
    // A browser is sent on to the portal's own page (e2e/unsubscribe-page.spec.ts), the token left behind.
    expect(getBad.status).toBe(303);
    expect(getBad.headers.get("location")).toBe("/unsubscribe?link=invalid");
    expect(await emailStates(victim.id)).toEqual(["news:given"]);
  });

  test("works without a session or Origin in production mode too", async () => {
    const person = await createPerson();
    await givenEmail(person.id);
    const res = await fetch(
      `${PROD_URL}/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(person.id))}`,
      {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://mail.example" },
        body: "List-Unsubscribe=One-Click",
      },
    );
    expect(res.status).toBe(200);
    expect(await emailStates(person.id)).toEqual(["news:withdrawn"]);
  });

  test("the GET link only shows a page; its one button unsubscribes", async ({ page, context }) => {
    const person = await createPerson();
    await givenEmail(person.id);
    const link = `${BASE}/api/unsubscribe?token=${encodeURIComponent(unsubscribeToken(person.id, "news"))}`;
    const scanner = await context.request.get(link);
    expect(scanner.status()).toBe(200);
    expect(await emailStates(person.id)).toEqual(["news:given"]);

    await page.goto(link);
    await expect(page).toHaveURL(/\/unsubscribe\?token=/);
    await expect(
      page.getByRole("heading", { level: 1, name: /Avsluta prenumeration|Unsubscribe/ }),
    ).toBeVisible();
    expect(await emailStates(person.id)).toEqual(["news:given"]);
    await page.getByRole("button", { name: /Avsluta prenumerationen|Unsubscribe/ }).click();
    await expect(page).toHaveURL(/\/unsubscribe\?done=1/);
    await expect(
      page.getByRole("heading", { name: /Du är avregistrerad|You are unsubscribed/ }),
    ).toBeVisible();
    expect(await emailStates(person.id)).toEqual(["news:withdrawn"]);
  });
});

test.describe("the newsletter partner", () => {
  test("a webhook with a bad signature is refused (401, nothing stored); a signed one lands in the ledger", async () => {
    const db = await getDb();
    const person = await createPerson();
    await givenEmail(person.id);
    const body = JSON.stringify({
      type: "contact.updated",
      created_at: new Date().toISOString(),
      data: {
        id: randomUUID(),
        audience_id: randomUUID(),
        segment_ids: [],
        created_at: new Date(Date.now() - 86_400_000).toISOString(),
        updated_at: new Date().toISOString(),
        email: person.email,
        first_name: "Testa",
        last_name: null,
        unsubscribed: true,
      },
    });
    const id = `msg_${randomUUID()}`;
    const ts = String(Math.floor(Date.now() / 1000));
    const secret = process.env.NEWSLETTER_WEBHOOK_SECRET!;
    const send = (signature: string) =>
      fetch(`${BASE}/api/webhooks/newsletter`, {
        method: "POST",
        headers: {
          "content-type": "application/json",
          "svix-id": id,
          "svix-timestamp": ts,
          "svix-signature": signature,
        },
        body,
      });
    const bad = await send(`v1,${signSvix("whsec_" + Buffer.alloc(24, 1).toString("base64"), id, ts, body)}`);
    expect(bad.status).toBe(401);
    expect(await db.consentEvent.count({ where: { personId: person.id } })).toBe(0);
    expect(await emailStates(person.id)).toEqual(["news:given"]);

    const good = await send(`v1,${signSvix(secret, id, ts, body)}`);
    expect(good.status).toBe(200);
    const [entry] = await db.consentEvent.findMany({ where: { personId: person.id } });
    expect(entry).toMatchObject({
      channel: "email",
      topic: "news",
      action: "withdrawn",
      method: "newsletter_partner",
    });
  });

  test("a partner that fails three times still ends up matching the portal", async ({
    page,
    context,
    db,
  }) => {
    const person = await createPerson({ firstName: "Ture" });
    await givenEmail(person.id);
    await fetch(`${resendUrl()}/_test/fail`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ count: 3, email: person.email }),
    });
    // Any change in the portal enqueues the sync with it.
    await loginAs(context, person.email);
    await page.goto("/preferences");
    await tickAndSave(page, /^SMS$/, /Nyheter|News/);
    await expect(status(page, "sms", "news")).toHaveText(/Samtycke lämnat|Consent given/);
    // Staff can see it is stuck while the partner fails: attempts and the kind of error.
    await expect
      .poll(async () => (await db.partnerSync.findFirst({ where: { personId: person.id } }))?.lastError, {
        timeout: 20_000,
        intervals: [200],
      })
      .toBe("internal_server_error");
    await expect
      .poll(async () => partnerContact(person.email), { timeout: 50_000, intervals: [1000] })
      .toMatchObject({ first_name: "Ture", unsubscribed: false });
    await expect
      .poll(
        async () => {
          const row = await db.partnerSync.findFirst({ where: { personId: person.id } });
          return row
            ? { pending: row.pendingSince !== null, attempts: row.attempts, error: row.lastError }
            : null;
        },
        { timeout: 10_000 },
      )
      .toEqual({ pending: false, attempts: 0, error: null });

    // And back: the person stops everything, the partner follows.
    await page.getByRole("button", { name: /Avsluta alla utskick|Stop all marketing/ }).click();
    await expect
      .poll(async () => (await partnerContact(person.email))?.unsubscribed, { timeout: 30_000 })
      .toBe(true);
  });
});

test("impersonating staff change preferences on the person's behalf, recorded as such", async ({
  page,
  context,
  db,
}) => {
  const person = await createPerson();
  const { staff } = await impersonate(context, DEMO.staff, person.id, "Phone call, ticket 77", 30);
  await page.goto("/preferences");
  // An objection is the person's own act.
  await expect(page.getByRole("button", { name: /Jag invänder|I object/ })).toHaveCount(0);
  await tickAndSave(page, /^(Post)$/, /Nyheter|News/);
  await expect(status(page, "post", "news")).toHaveText(/Samtycke lämnat|Consent given/);
  await expect(
    page.getByRole("cell", { name: new RegExp(`${staff.name} \\((personal|staff)\\)`) }),
  ).toBeVisible();
  const [entry] = await db.consentEvent.findMany({ where: { personId: person.id } });
  expect(entry).toMatchObject({
    method: "staff_on_behalf",
    actorType: "impersonation",
    staffMemberId: staff.id,
  });
});
