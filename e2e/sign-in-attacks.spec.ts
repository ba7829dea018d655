// Sign-in under attack (issue 16, findings 2, 3, 5, 6 and 8), through the real web server:
// - 2: a `next` or `callbackUrl` that a browser resolves to another host keeps the browser on the portal;
// - 3: Auth.js's own link endpoint answers alike for known and unknown addresses;
// - 5: the per-client limit counts the socket's address (or, behind trusted proxies, the address the
//   outermost proxy saw), not what a client writes in X-Forwarded-For; another client using up an
//   address's limit does not keep its owner out;
// - 6: Auth.js's own link endpoint validates and normalises the address like the portal's form;
// - 8: the link's callback signs in only on a same-origin POST from the confirm page: another site
//   cannot sign a browser in under its own link (login CSRF), by link or by an auto-submitted form.
// Other clients are simulated by connecting from other loopback addresses (127.x.y.z).
import { createServer, request as httpRequest, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";
import type { Page } from "@playwright/test";
import {
  test,
  expect,
  getDb,
  waitForEmails,
  emailsTo,
  linkIn,
  createPerson,
  loginAs,
  PORT,
  PROD_URL,
  signInNewPerson,
} from "./fixtures";

const BASE = `http://localhost:${PORT}`;

/** A client of its own: a loopback address no other test uses, with its own cookies. */
class Client {
  readonly cookies = new Map<string, string>();
  constructor(
    readonly base = BASE,
    readonly from = `127.${1 + rnd(250)}.${rnd(256)}.${1 + rnd(250)}`,
  ) {}

  request(
    method: "GET" | "POST",
    path: string,
    opts: { headers?: Record<string, string>; form?: Record<string, string> } = {},
  ): Promise<{ status: number; location: string }> {
    const url = new URL(path, this.base);
    const body = opts.form ? new URLSearchParams(opts.form).toString() : undefined;
    const headers: Record<string, string> = {
      host: url.host,
      cookie: [...this.cookies].map(([k, v]) => `${k}=${v}`).join("; "),
      ...(body ? { "content-type": "application/x-www-form-urlencoded" } : {}),
      ...opts.headers,
    };
    return new Promise((resolve, reject) => {
      const req = httpRequest(
        {
          host: "127.0.0.1",
          port: url.port,
          path: url.pathname + url.search,
          method,
          headers,
          localAddress: this.from,
        },
        (res) => {
          for (const c of res.headers["set-cookie"] ?? []) {
            const [pair] = c.split(";");
            const i = pair!.indexOf("=");
            this.cookies.set(pair!.slice(0, i), pair!.slice(i + 1));
          }
          res.resume();
          res.on("end", () => resolve({ status: res.statusCode ?? 0, location: res.headers.location ?? "" }));
        },
      );
      req.on("error", reject);
      req.end(body);
    });
  }

  /** A link request through Auth.js's own endpoint, as a script would send it. */
  async requestLink(email: string, headers: Record<string, string> = {}) {
    const csrf = await this.request("GET", "/api/auth/csrf");
    expect(csrf.status).toBe(200);
    const token = decodeURIComponent(
      [...this.cookies].find(([k]) => k.endsWith("portal.csrf"))?.[1] ?? "",
    ).split("|")[0]!;
    return this.request("POST", "/api/auth/signin/email", {
      headers: { origin: this.base, ...headers },
      form: { email, csrfToken: token, callbackUrl: "/my-data" },
    });
  }
}

/** Refused by proxy.ts (403) or by the route itself (to the sign-in error page). */
function refused(res: { status: number; location: string }): boolean {
  return res.status === 403 || /\/sign-in\/error/.test(res.location);
}

function rnd(n: number): number {
  return Math.floor(Math.random() * n);
}

async function requestLinkByForm(page: Page, email: string) {
  await page.goto("/sign-in");
  await page.getByLabel(/E-postadress|Email address/).fill(email);
  await page.getByRole("button", { name: /Skicka länk|Send link/ }).click();
  await expect(page).toHaveURL(/\/sign-in\/check-email/);
}

async function withSignInLimitPerClient<T>(value: number, fn: () => Promise<T>): Promise<T> {
  const db = await getDb();
  const before = await db.setting.findUnique({ where: { key: "signInLimitPerClient" } });
  await db.setting.upsert({
    where: { key: "signInLimitPerClient" },
    create: { key: "signInLimitPerClient", value },
    update: { value },
  });
  try {
    return await fn();
  } finally {
    if (before) await db.setting.update({ where: { key: before.key }, data: { value: before.value! } });
    else await db.setting.delete({ where: { key: "signInLimitPerClient" } });
  }
}

const sessionsOf = async (email: string) => (await getDb()).session.count({ where: { user: { email } } });
const tokensOf = async (email: string) =>
  (await getDb()).verificationToken.count({ where: { identifier: email } });

test.describe("finding 2: open redirect", () => {
  const HOSTILE = [
    "%2F%09%2F127.0.0.1:3499%2Fphish",
    "%2F%09%5C127.0.0.1:3499%2Fphish",
    "%2F%0A%2F127.0.0.1:3499%2Fphish",
    "%2F%0D%2F127.0.0.1:3499%2Fphish",
    "%2F%2F127.0.0.1%E3%80%823499",
    "%2F%2F127.0.0.1:3499",
    "%2F%5C127.0.0.1:3499",
    "%2F.%2F%2F127.0.0.1:3499",
    "https%3A%2F%2F127.0.0.1:3499%2Fphish",
    "javascript%3Aalert(1)",
  ];

  test("signed in, /sign-in?next=… answers a redirect on the portal for every hostile value", async ({
    page,
    context,
  }) => {
    await loginAs(context, (await createPerson()).email);
    // An ideographic full stop gave a 500; it is a path on the portal like any other.
    for (const next of [...HOSTILE, "%2F%E3%80%81%2F127.0.0.1:3499%2Fphish", "%2F%0A"]) {
      const res = await page.request.get(`/sign-in?next=${next}`, { maxRedirects: 0 });
      expect(res.status(), next).toBeLessThan(400);
      const location = res.headers()["location"] ?? "";
      expect(new URL(location, BASE).origin, `${next} -> ${location}`).toBe(BASE);
      expect(location, next).not.toMatch(/^\/\/|^\/\\|[\t\r\n]/);
    }
  });

  test("Chromium stays on the portal; an ordinary next with a query string is followed", async ({
    page,
    context,
  }) => {
    await loginAs(context, (await createPerson()).email);
    for (const next of HOSTILE.slice(0, 2)) {
      await page.goto(`/sign-in?next=${next}`).catch(() => undefined);
      expect(new URL(page.url()).origin).toBe(BASE);
      await expect(page).toHaveURL(/\/my-data$/);
    }
    await page.goto(`/sign-in?next=${encodeURIComponent("/requests?from=sign-in#latest")}`);
    await expect(page).toHaveURL(/\/requests\?from=sign-in#latest$/);
  });

  test("the step-up and confirm pages keep hostile destinations out of their forms", async ({
    page,
    context,
  }) => {
    await loginAs(context, (await createPerson()).email, { signedInMinutesAgo: 30 });
    for (const next of HOSTILE) {
      await page.goto(`/step-up?next=${next}`);
      await expect(page.locator('input[name="next"]')).toHaveValue("/my-data");
      await page.goto(`/sign-in/confirm?token=${"a".repeat(64)}&email=x%40test.example&callbackUrl=${next}`);
      await expect(page.locator('input[name="callbackUrl"]')).toHaveValue("/my-data");
    }
    await page.goto(`/step-up?next=${encodeURIComponent("/copy?tab=1")}`);
    await expect(page.locator('input[name="next"]')).toHaveValue("/copy?tab=1");
  });
});

test.describe("findings 3 and 6: Auth.js's own link endpoint", () => {
  test("answers known and unknown addresses alike, and both get their email", async () => {
    const known = await createPerson();
    const unknown = `nobody-${randomUUID().slice(0, 8)}@test.example`;
    const a = await new Client().requestLink(known.email);
    const b = await new Client().requestLink(unknown);
    expect(a.status).toBe(b.status);
    expect(a.location).toBe(b.location);
    expect(a.location).toMatch(/\/sign-in\/check-email/);
    const [link] = await waitForEmails(known.email, 1);
    expect(link!.text).toMatch(/sign-in\/confirm/);
    const [nothing] = await waitForEmails(unknown, 1);
    expect(nothing!.text).not.toMatch(/sign-in\/confirm/);
  });

  test("queues nothing for an address that is not one address; a valid one is normalised", async () => {
    const db = await getDb();
    const victim = `victim-${randomUUID().slice(0, 8)}@test.example`;
    const tag = randomUUID().slice(0, 8);
    const hostile = [
      `a-${tag}@x.example,${victim}`,
      `a-${tag}@x.example\nbcc: ${victim}`,
      `name-${tag} <${victim}>`,
      `notanemail-${tag}`,
      `${"a".repeat(10_000)}-${tag}@x.example`,
    ];
    const answers = [];
    // Emails are queued within the request: once it is answered, any would be in the table.
    for (const email of hostile) answers.push(await new Client().requestLink(email));
    expect(await db.emailMessage.count({ where: { to: { contains: tag } } })).toBe(0);
    expect(await db.emailMessage.count({ where: { to: { contains: victim } } })).toBe(0);
    for (const res of answers) {
      expect(res.status).toBe(303);
      expect(res.location).toMatch(/\/sign-in\?error=email_invalid/);
    }

    const valid = `Valid-${tag}@Test.Example`;
    const res = await new Client().requestLink(`  ${valid} `);
    expect(res.location).toMatch(/\/sign-in\/check-email/);
    await waitForEmails(valid.toLowerCase(), 1);
    expect(await db.emailMessage.count({ where: { to: valid.toLowerCase() } })).toBe(1);
  });

  test("a link request from another site is refused and sends nothing", async () => {
    const person = await createPerson();
    const res = await new Client().requestLink(person.email, {
      origin: "http://127.0.0.1:3499",
      "sec-fetch-site": "cross-site",
    });
    expect(refused(res)).toBe(true);
    expect(await tokensOf(person.email)).toBe(0);
  });
});

test.describe("finding 5: rate limits", () => {
  test("another client using up an address's limit does not keep its owner out", async ({ page }) => {
    const person = await createPerson();
    const limit = 5; // default signInLimitPerAddress
    const attacker = new Client();
    for (let i = 0; i < limit; i++) await attacker.requestLink(person.email);
    expect((await attacker.requestLink(person.email)).location).toMatch(/rate_limited/);
    await waitForEmails(person.email, limit);

    // The owner, from their own browser, gets a working link and signs in.
    await requestLinkByForm(page, person.email);
    const mails = await waitForEmails(person.email, limit + 1);
    await page.goto(linkIn(mails[mails.length - 1]!, "/sign-in/confirm"));
    await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
    await expect(page).toHaveURL(/\/my-data/);
    expect(await sessionsOf(person.email)).toBe(1);
  });

  test("rotating X-Forwarded-For (or the portal's own header) does not escape the per-client limit", async () => {
    await withSignInLimitPerClient(3, async () => {
      const client = new Client();
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await client.requestLink(`rotate-${randomUUID().slice(0, 8)}@test.example`, {
          "x-forwarded-for": `198.51.100.${i + 1}, ${client.from}`,
          "x-real-ip": `198.51.100.${i + 1}`,
          "x-portal-client-address": `198.51.100.${i + 1}`,
        });
        outcomes.push(res.location.includes("rate_limited") ? "limited" : "sent");
      }
      expect(outcomes).toEqual(["sent", "sent", "sent", "limited"]);
      // Another client is not affected.
      expect(
        (await new Client().requestLink(`other-${randomUUID().slice(0, 8)}@test.example`)).location,
      ).toMatch(/check-email/);
    });
  });

  test("behind one trusted proxy (TRUSTED_PROXY_HOPS=1) the address the proxy saw is the client", async () => {
    // The production-mode server of the e2e run trusts one proxy hop.
    const proxySaw = `198.18.${rnd(256)}.${1 + rnd(250)}`;
    const proxy = new Client(PROD_URL);
    await withSignInLimitPerClient(3, async () => {
      const outcomes: string[] = [];
      for (let i = 0; i < 4; i++) {
        const res = await proxy.requestLink(`hop-${randomUUID().slice(0, 8)}@test.example`, {
          "x-forwarded-for": `203.0.113.${i + 1}, ${proxySaw}`,
        });
        outcomes.push(res.location.includes("rate_limited") ? "limited" : "sent");
      }
      expect(outcomes).toEqual(["sent", "sent", "sent", "limited"]);
      // The same proxy connection forwarding another client: that client has its own budget.
      const other = await proxy.requestLink(`hop-${randomUUID().slice(0, 8)}@test.example`, {
        "x-forwarded-for": `203.0.113.9, 198.19.${rnd(256)}.${1 + rnd(250)}`,
      });
      expect(other.location).toMatch(/check-email/);
    });
  });
});

test.describe("finding 8: login CSRF", () => {
  let attackerSite: Server;
  let attackerOrigin = "";
  let attackerPage = "";

  test.beforeAll(async () => {
    attackerSite = createServer((_req, res) => {
      res.setHeader("content-type", "text/html");
      res.end(attackerPage);
    });
    await new Promise<void>((r) => attackerSite.listen(0, "127.0.0.1", r));
    attackerOrigin = `http://127.0.0.1:${(attackerSite.address() as AddressInfo).port}`;
  });
  test.afterAll(async () => {
    await new Promise((r) => attackerSite.close(r));
  });

  /** The attacker asks for a link to their own address and reads it from their inbox. */
  async function attackersLink() {
    const attacker = await createPerson({ firstName: "Attila" });
    await new Client().requestLink(attacker.email);
    const [mail] = await waitForEmails(attacker.email, 1);
    return { email: attacker.email, link: new URL(linkIn(mail!, "/sign-in/confirm")) };
  }

  test("a GET of the callback signs no one in and uses nothing up; the portal's button then does", async ({
    page,
  }) => {
    const { email, link } = await attackersLink();
    const callback = `/api/auth/callback/email${link.search}`;
    const res = await page.request.get(callback, { maxRedirects: 0 });
    expect(res.status()).toBeLessThan(400);
    expect(res.headers()["location"] ?? "").toMatch(/\/sign-in\/confirm\?/);
    expect(res.headers()["set-cookie"] ?? "").not.toMatch(/portal\.session=/);

    await page.goto(callback);
    await expect(page).toHaveURL(/\/sign-in\/confirm\?/);
    expect(await sessionsOf(email)).toBe(0);
    expect(await tokensOf(email)).toBe(1);

    await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
    await expect(page).toHaveURL(/\/my-data/);
    expect(await sessionsOf(email)).toBe(1);
  });

  test("another site sending the browser to the callback, by link or by auto-submitted form, signs no one in", async ({
    page,
    context,
  }) => {
    const victim = await signInNewPerson(context, { firstName: "Vera" });
    const { email, link } = await attackersLink();
    const fields = Object.fromEntries(link.searchParams);
    const callback = `${BASE}/api/auth/callback/email`;

    // By link: a redirect from the other site.
    attackerPage = `<script>location = ${JSON.stringify(`${callback}${link.search}`)}</script>`;
    await page.goto(attackerOrigin);
    await expect(page).toHaveURL(/\/sign-in\/confirm\?/);
    // By an auto-submitted form, with the token in the body and in the query.
    for (const action of [callback, `${callback}${link.search}`]) {
      attackerPage = `<form method="post" action="${action.replace(/&/g, "&amp;")}">${Object.entries(fields)
        .map(([k, v]) => `<input type="hidden" name="${k}" value="${v}">`)
        .join("")}</form><script>document.forms[0].submit()</script>`;
      await page.goto(attackerOrigin);
      await page.waitForURL((url) => url.origin === BASE);
    }
    expect(await sessionsOf(email)).toBe(0);
    expect(await tokensOf(email)).toBe(1);

    // The victim is still themselves.
    await page.goto("/activity");
    await expect(page).toHaveURL(/\/activity/);
    expect(await sessionsOf(victim.email)).toBe(1);
  });

  test("a POST without a same-origin Origin or Sec-Fetch-Site is refused; the token still works", async ({
    page,
  }) => {
    const { email, link } = await attackersLink();
    const form = Object.fromEntries(link.searchParams);
    for (const headers of <Record<string, string>[]>[
      {},
      { origin: "http://127.0.0.1:3499" },
      { origin: "null" },
      { "sec-fetch-site": "cross-site", origin: BASE },
      { "sec-fetch-site": "same-site" },
    ]) {
      const res = await new Client().request("POST", `/api/auth/callback/email${link.search}`, {
        headers,
        form,
      });
      expect(refused(res), JSON.stringify(headers)).toBe(true);
    }
    expect(await sessionsOf(email)).toBe(0);
    expect(await tokensOf(email)).toBe(1);

    await page.goto(link.toString());
    await page.getByRole("button", { name: /Logga in|Sign in/ }).click();
    await expect(page).toHaveURL(/\/my-data/);
    expect(await sessionsOf(email)).toBe(1);
    expect(await tokensOf(email)).toBe(0);
    expect(await emailsTo(email)).toHaveLength(1);
  });
});
