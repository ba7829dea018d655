// "Test connection": each system's cheapest read, against the local fake API. Answers "ok", or the
// failure's kind, which the settings page words (rejected credentials, not found, ...).
import { exportPKCS8, generateKeyPair } from "jose";
import { beforeAll, describe, expect, it } from "vitest";
import { fakeApiForFile } from "../../test/connector-contract";
import {
  meaningOf,
  runConnectionTest,
  testGoogleAnalytics,
  testMicrosoft365,
  testPayPal,
  testWix,
  type TestTuning,
} from "./connection-check";

const api = fakeApiForFile();
const tuning: TestTuning = { timeoutMs: 5_000, retry: { limit: 0 } };
let privateKey: string;

beforeAll(async () => {
  privateKey = await exportPKCS8((await generateKeyPair("RS256", { extractable: true })).privateKey);
  api.route("POST", "/token", (req) => {
    const form = req.body as Record<string, string>;
    const basic = req.headers.authorization ?? "";
    const good =
      form.client_secret === "good" ||
      basic === `Basic ${Buffer.from("client:good").toString("base64")}` ||
      form.grant_type === "urn:ietf:params:oauth:grant-type:jwt-bearer";
    return good
      ? { json: { access_token: "tok", expires_in: 3600 } }
      : { status: 401, json: { error: "invalid_client" } };
  });
});

const authorized = (req: { headers: Record<string, string> }) => req.headers.authorization === "Bearer tok";

describe("WIX", () => {
  it("queries one contact with the key and site id: ok", async () => {
    api.route("POST", "/contacts/v4/contacts/query", (req) =>
      req.headers.authorization === "KEY" ? { json: { contacts: [] } } : { status: 401, json: {} },
    );
    await testWix({ apiKey: "KEY", siteId: "site-1", baseUrl: api.url }, tuning);
    const [req] = api.requestsTo("POST", "/contacts/v4/contacts/query");
    expect(req!.headers["wix-site-id"]).toBe("site-1");
    expect(req!.body).toEqual({ query: { paging: { limit: 1 } } });
  });

  it("a wrong key: 401 is 'rejected', asked once (no retries)", async () => {
    const result = await runConnectionTest(
      "wix",
      { siteId: "site-1", baseUrl: api.url },
      { apiKey: "WRONG" },
      tuning,
    );
    expect(result).toBe("wix_unauthorized");
    expect(meaningOf(result)).toBe("rejected");
    expect(api.requestsTo("POST", "/contacts/v4/contacts/query")).toHaveLength(1);
  });

  it("an address nobody answers at is 'unreachable'", async () => {
    const result = await runConnectionTest(
      "wix",
      { siteId: "s", baseUrl: "http://127.0.0.1:9" },
      { apiKey: "KEY" },
      tuning,
    );
    expect(meaningOf(result)).toBe("unreachable");
  });
});

describe("Microsoft 365", () => {
  const config = () => ({
    tenantId: "t",
    clientId: "client",
    clientSecret: "good",
    tokenUrl: `${api.url}/token`,
    baseUrl: api.url,
    lists: [
      { site: "site-a", list: "Customers" },
      { site: "site-a", list: "Leads" },
    ],
    mailboxes: ["info@example.test"],
  });

  it("a token, then each list's site once, each list, and each mailbox's inbox", async () => {
    api.route("GET", "/sites/{site}", (req) =>
      authorized(req) ? { json: { id: "site-a" } } : { status: 401 },
    );
    api.route("GET", "/sites/{site}/lists/{list}", (req) =>
      authorized(req) ? { json: { id: "l" } } : { status: 401 },
    );
    api.route("GET", "/users/{user}/mailFolders/inbox", (req) =>
      authorized(req) ? { json: { id: "inbox" } } : { status: 401 },
    );
    await testMicrosoft365(config(), tuning);
    expect(api.requestsTo("POST", "/token")).toHaveLength(1);
    expect(api.requestsTo("GET", "/sites/{site}")).toHaveLength(1);
    expect(api.requestsTo("GET", "/sites/{site}/lists/{list}")).toHaveLength(2);
    const [inbox] = api.requestsTo("GET", "/users/{user}/mailFolders/inbox");
    expect(inbox!.path).toBe("/users/info%40example.test/mailFolders/inbox");
  });

  it("a wrong secret is 'rejected' before any site is read; a missing mailbox is 'not found'", async () => {
    const rejected = await runConnectionTest(
      "microsoft_365",
      { ...config(), clientSecret: undefined },
      {
        clientSecret: "bad",
      },
    );
    expect(rejected).toBe("microsoft_365_auth_failed");
    expect(meaningOf(rejected)).toBe("rejected");
    expect(api.requestsTo("GET", "/sites/{site}")).toHaveLength(0);

    api.script("GET", "/users/{user}/mailFolders/inbox", { status: 404, json: {} });
    const { clientSecret, ...settings } = config();
    const missing = await runConnectionTest("microsoft_365", settings, { clientSecret }, tuning);
    expect(meaningOf(missing)).toBe("not_found");
  });
});

describe("PayPal", () => {
  const settings = () => ({ clientId: "client", baseUrl: api.url, tokenUrl: `${api.url}/token` });

  it("the OAuth token, then one invoice search with page size 1 and an empty filter: ok", async () => {
    api.route("POST", "/v2/invoicing/search-invoices", (req) =>
      authorized(req) ? { json: { items: [] } } : { status: 401 },
    );
    expect(await runConnectionTest("paypal", settings(), { clientSecret: "good" }, tuning)).toBe("ok");
    const [search] = api.requestsTo("POST", "/v2/invoicing/search-invoices");
    expect(search!.query.get("page_size")).toBe("1");
    expect(search!.body).toEqual({});
    await testPayPal({ ...settings(), clientSecret: "good" }, tuning);
  });

  it("rejected credentials and a missing permission are told apart", async () => {
    expect(meaningOf(await runConnectionTest("paypal", settings(), { clientSecret: "bad" }, tuning))).toBe(
      "rejected",
    );
    api.script("POST", "/v2/invoicing/search-invoices", { status: 403, json: {} });
    expect(meaningOf(await runConnectionTest("paypal", settings(), { clientSecret: "good" }, tuning))).toBe(
      "forbidden",
    );
  });
});

describe("Google Analytics", () => {
  it("the service account's token, then the property: ok; a missing property is 'not found'", async () => {
    api.route("GET", "/v1alpha/properties/{id}", (req, p) =>
      authorized(req) && p.id === "123" ? { json: { name: "properties/123" } } : { status: 404, json: {} },
    );
    const key = { client_email: "sa@p.iam.gserviceaccount.com", private_key: privateKey };
    await testGoogleAnalytics(
      { propertyId: "123", key, tokenUrl: `${api.url}/token`, baseUrl: api.url },
      tuning,
    );
    const missing = await runConnectionTest(
      "google_analytics",
      { propertyId: "999", tokenUrl: `${api.url}/token`, baseUrl: api.url },
      { key },
      tuning,
    );
    expect(missing).toBe("google_analytics_not_found");
    expect(meaningOf(missing)).toBe("not_found");
  });

  it("a key that is not a private key is 'rejected'", async () => {
    const result = await runConnectionTest(
      "google_analytics",
      { propertyId: "123", tokenUrl: `${api.url}/token`, baseUrl: api.url },
      {
        key: {
          client_email: "sa@x",
          private_key: "-----BEGIN PRIVATE KEY-----\nnope\n-----END PRIVATE KEY-----",
        },
      },
      tuning,
    );
    expect(result).toBe("google_analytics_bad_key");
    expect(meaningOf(result)).toBe("rejected");
  });
});

describe("words", () => {
  it("every kind has a meaning; a rate limit and a server error are told apart", () => {
    expect(meaningOf("wix_rate_limited")).toBe("rate_limited");
    expect(meaningOf("paypal_unavailable")).toBe("unreachable");
    expect(meaningOf("microsoft_365_forbidden")).toBe("forbidden");
    expect(meaningOf("wix_http_418")).toBe("other");
  });
});
