// Cookies, cross-site requests and what error pages reveal.
import { test, expect, createPerson, waitForEmails, linkIn, PROD_URL, PORT, getDb } from "./fixtures";

async function signInThroughEmail(page: import("@playwright/test").Page, base: string, email: string) {
  await page.goto(`${base}/sign-in`);
  await page.getByLabel(/E-postadress|Email address/).fill(email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/check-email/);
  const [mail] = await waitForEmails(email, 1);
  await page.goto(linkIn(mail!, "/sign-in/confirm"));
  await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
  await expect(page).toHaveURL(/\/my-data/);
}

test("the session cookie is HttpOnly and SameSite=Lax, and Secure in production", async ({
  page,
  context,
}) => {
  const demoPerson = await createPerson();
  await signInThroughEmail(page, `http://localhost:${PORT}`, demoPerson.email);
  const demo = (await context.cookies()).find((c) => c.name === "portal.session");
  expect(demo?.httpOnly).toBe(true);
  expect(demo?.sameSite).toBe("Lax");

  await context.clearCookies();
  const prodPerson = await createPerson();
  await signInThroughEmail(page, PROD_URL, prodPerson.email);
  const prod = (await context.cookies(PROD_URL)).find((c) => c.name === "__Secure-portal.session");
  expect(prod?.httpOnly).toBe(true);
  expect(prod?.secure).toBe(true);
  expect(prod?.sameSite).toBe("Lax");
  for (const c of await context.cookies(PROD_URL)) expect(c.httpOnly, c.name).toBe(true);
});

test("a state-changing request from another origin is refused and changes nothing", async ({ request }) => {
  const person = await createPerson();
  const before = await (await getDb()).person.findUniqueOrThrow({ where: { id: person.id } });
  for (const path of ["/sign-in", "/activity", "/api/auth/signin/email"]) {
    const res = await request.post(path, {
      headers: { origin: "http://evil.example", "content-type": "application/x-www-form-urlencoded" },
      data: `email=${encodeURIComponent(person.email)}`,
      maxRedirects: 0,
    });
    expect(res.status(), path).toBe(403);
  }
  const res = await request.post("/sign-in", {
    headers: { "sec-fetch-site": "cross-site", "content-type": "application/x-www-form-urlencoded" },
    data: "language=en",
    maxRedirects: 0,
  });
  expect(res.status()).toBe(403);
  const after = await (await getDb()).person.findUniqueOrThrow({ where: { id: person.id } });
  expect(after).toEqual(before);
});

test("an unexpected error page shows no stack, query or personal data", async ({ request }) => {
  const res = await request.get("/sign-in/confirm?token=%E0%A4%A&email=x");
  const body = await res.text();
  expect(res.status()).toBeLessThan(500);
  expect(body).not.toMatch(/\bat [\w.<>]+ \(.*:\d+:\d+\)/);
  expect(body).not.toMatch(/prisma|SELECT |stack/i);
});

test("the ingest API's OpenAPI description is served and holds no data", async ({ request }) => {
  const res = await request.get("/api/ingest/openapi.json");
  expect(res.status()).toBe(200);
  const doc = await res.json();
  expect(doc.openapi).toMatch(/^3\./);
  expect(JSON.stringify(doc)).not.toMatch(/demo\.example|\d{8}-\d{4}/);
});

test("the benchmark baseline route does not exist outside a benchmark run", async ({ request, context }) => {
  const person = await createPerson();
  const { loginAs } = await import("./fixtures");
  await loginAs(context, person.email);
  const res = await context.request.get("/api/bench/my-data");
  expect(res.status()).toBe(404);
  expect((await request.get("/api/bench/my-data")).status()).toBe(404);
});

test("the build's scripts are served precompressed, immutable and not sniffable", async ({ request }) => {
  const html = await (await request.get("/sign-in")).text();
  const script = html.match(/src="(\/_next\/static\/[^"]+\.js)"/)?.[1];
  expect(script).toBeTruthy();
  for (const [accept, encoding] of [
    ["br, gzip", "br"],
    ["gzip", "gzip"],
  ] as const) {
    const res = await fetch(`http://localhost:${PORT}${script}`, { headers: { "accept-encoding": accept } });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-encoding")).toBe(encoding);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("cache-control")).toMatch(/immutable/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect((await res.text()).length).toBeGreaterThan(100);
  }
  const missing = await fetch(`http://localhost:${PORT}/_next/static/chunks/nope.js`);
  expect(missing.status).toBe(404);
  await missing.arrayBuffer();
});
