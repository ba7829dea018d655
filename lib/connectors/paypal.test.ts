// The PayPal invoicing connector's contract, against a local fake of PayPal's OAuth token endpoint and
// Invoicing v2 API: HTTP Basic client credentials, search by recipient with page/page_size paging, each
// invoice read whole, 429 with Retry-After, 5xx, an expired token, and erasure and correction refused
// without a call.
//
// @paypal/paypal-server-sdk 2.5.0 has no Invoicing controller: its Money and OAuthToken types (and the
// wire names their schemas map them to) are used where they apply; the invoice and the search answer
// follow PayPal's Invoicing v2 reference (`invoice`, `invoices`: items, total_items, total_pages).
import type { Money, OAuthToken } from "@paypal/paypal-server-sdk";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bearerOf,
  ctx,
  expectNoPersonalData,
  expectNotConfigured,
  listCtx,
  rowsOf,
  subjectFor,
  thrown,
  fakeApiForFile,
} from "../../test/connector-contract";
import type { RecordedRequest, Reply } from "../../test/fake-api";
import {
  PAYPAL_CORRECT_REFUSAL,
  PAYPAL_ERASE_REFUSAL,
  paypalConnector,
  toOre,
  type PayPalConfig,
  type PayPalInvoice,
} from "./paypal";

const EMAIL = "nils.svensson@example.test";
const CLIENT_ID = "AYpaypal-client";
const CLIENT_SECRET = "EPpaypal-secret";
const SEARCH = "/v2/invoicing/search-invoices";
const INVOICE = "/v2/invoicing/invoices/{id}";

const subject = subjectFor(EMAIL);

const api = fakeApiForFile();
let config: PayPalConfig;
let invoices: Map<string, PayPalInvoice & { recipient: string }>;
let tokensIssued = 0;
let validTokens: Set<string>;

// ---------------------------------------------------------------- the fake PayPal

/** Fixture shape: @paypal/paypal-server-sdk Money, on the wire as moneySchema maps it (currency_code, value). */
function money(m: Money): { currency_code: string; value: string } {
  return { currency_code: m.currencyCode, value: m.value };
}

function invoiceFixture(id: string, recipient: string, day: number): PayPalInvoice & { recipient: string } {
  // Fixture shape: PayPal Invoicing v2 `invoice` (detail, primary_recipients, items, amount, due_amount,
  // payments.paid_amount).
  return {
    recipient,
    id,
    status: day % 2 ? "PAID" : "SENT",
    detail: {
      invoice_number: `2026-${id}`,
      invoice_date: `2026-01-0${day}`,
      currency_code: "SEK",
      payment_term: { term_type: "NET_30", due_date: `2026-02-0${day}` },
      metadata: { create_time: `2026-01-0${day}T08:00:00Z` },
    },
    items: [
      {
        name: "Garden chair",
        description: "Oak, oiled",
        quantity: "2",
        unit_amount: money({ currencyCode: "SEK", value: "499.50" }),
      },
    ],
    amount: money({ currencyCode: "SEK", value: "999.00" }),
    due_amount: money({ currencyCode: "SEK", value: day % 2 ? "0.00" : "999.00" }),
    payments: { paid_amount: money({ currencyCode: "SEK", value: day % 2 ? "999.00" : "0.00" }) },
  };
}

const paypalError = (status: number, name: string, message: string): Reply => ({
  status,
  json: { name, message, debug_id: "f00d", details: [{ issue: name, description: message }], links: [] },
});

function authorized(req: RecordedRequest): boolean {
  const token = bearerOf(req);
  return token !== null && validTokens.has(token);
}
const unauthorized: Reply = {
  status: 401,
  json: { error: "invalid_token", error_description: "Token signature verification failed" },
};

function installFakePayPal() {
  api.route("POST", "/v1/oauth2/token", (req) => {
    const basic = Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64");
    if (req.headers.authorization !== `Basic ${basic}`) {
      return {
        status: 401,
        json: { error: "invalid_client", error_description: "Client Authentication failed" },
      };
    }
    if ((req.body as Record<string, string>).grant_type !== "client_credentials") {
      return { status: 400, json: { error: "unsupported_grant_type" } };
    }
    tokensIssued += 1;
    // Fixture shape: @paypal/paypal-server-sdk OAuthToken, on the wire as oAuthTokenSchema maps it.
    const token: OAuthToken = {
      accessToken: `A21-token-${tokensIssued}`,
      tokenType: "Bearer",
      expiresIn: BigInt(32400),
    };
    validTokens.add(token.accessToken);
    return {
      json: {
        scope: "https://uri.paypal.com/services/invoicing",
        access_token: token.accessToken,
        token_type: token.tokenType,
        app_id: "APP-80W284485P519543T",
        expires_in: Number(token.expiresIn),
        nonce: "2026-01-01T00:00:00Zabc",
      },
    };
  });
  api.route("POST", SEARCH, (req) => {
    if (!authorized(req)) return unauthorized;
    const page = Number(req.query.get("page") ?? "1");
    const size = Number(req.query.get("page_size") ?? "20");
    const wanted = (req.body as { recipient_email?: string }).recipient_email;
    const all = [...invoices.values()].filter((i) => i.recipient === wanted);
    const slice = all.slice((page - 1) * size, page * size);
    // The search answers abbreviated invoices (no items): the connector reads each one whole.
    return {
      json: {
        items: slice.map(({ id, status, detail, amount }) => ({ id, status, detail, amount })),
        total_items: all.length,
        total_pages: Math.ceil(all.length / size),
        links: [],
      },
    };
  });
  api.route("GET", INVOICE, (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const inv = invoices.get(id!);
    if (!inv) return paypalError(404, "RESOURCE_NOT_FOUND", `Invoice ${id} not found`);
    const { recipient: to, ...rest } = inv;
    return {
      json: {
        ...rest,
        primary_recipients: [{ billing_info: { email_address: to, name: { given_name: "Nils" } } }],
      },
    };
  });
}

beforeAll(() => {
  installFakePayPal();
  config = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    baseUrl: api.url,
    pageSize: 2,
    http: { retry: { backoffMs: 5, backoffLimitMs: 20 } },
  };
});
beforeEach(() => {
  invoices = new Map();
  validTokens = new Set();
});

function seed(n = 3) {
  for (let i = 1; i <= n; i++) invoices.set(`INV2-${i}`, invoiceFixture(`INV2-${i}`, EMAIL, i));
  invoices.set("INV2-X", invoiceFixture("INV2-X", "someone.else@example.test", 4));
}

// ---------------------------------------------------------------- the contract

describe("PayPal invoicing connector", () => {
  it("not configured: says so everywhere and calls nothing", async () => {
    await expectNotConfigured(api, paypalConnector({ baseUrl: api.url, clientId: CLIENT_ID }), subject, {
      correction: { category: "identity", field: "lastName" },
      erase: true,
    });
  });

  it("copy: every page of the search, each invoice read whole, with a Basic-auth token request and the bearer on every call", async () => {
    seed(3);
    const rows = await rowsOf(await paypalConnector(config).list(subject, listCtx));
    expect(rows.map((r) => r.invoiceId)).toEqual(["INV2-3", "INV2-2", "INV2-1"]);
    expect(rows.find((r) => r.invoiceId === "INV2-2")).toEqual({
      invoiceId: "INV2-2",
      invoiceNumber: "2026-INV2-2",
      invoiceDate: "2026-01-02",
      dueDate: "2026-02-02",
      status: "SENT",
      currency: "SEK",
      total: 99900,
      due: 99900,
      paid: 0,
      items: [{ name: "Garden chair", description: "Oak, oiled", quantity: "2", unitAmount: 49950 }],
      createdAt: "2026-01-02T08:00:00Z",
    });

    const [token, ...more] = api.requestsTo("POST", "/v1/oauth2/token");
    expect(more).toHaveLength(0);
    expect(token?.headers.authorization).toBe(
      `Basic ${Buffer.from(`${CLIENT_ID}:${CLIENT_SECRET}`).toString("base64")}`,
    );
    expect(token?.body).toEqual({ grant_type: "client_credentials" });

    const searches = api.requestsTo("POST", SEARCH);
    expect(searches.map((r) => [r.query.get("page"), r.query.get("page_size")])).toEqual([
      ["1", "2"],
      ["2", "2"],
    ]);
    for (const r of searches) expect(r.body).toEqual({ recipient_email: EMAIL });
    expect(api.requestsTo("GET", INVOICE).map((r) => r.path)).toEqual([
      "/v2/invoicing/invoices/INV2-1",
      "/v2/invoicing/invoices/INV2-2",
      "/v2/invoicing/invoices/INV2-3",
    ]);
    for (const r of api.requests.filter((x) => x.path !== "/v1/oauth2/token")) {
      expect(r.headers.authorization).toBe("Bearer A21-token-" + tokensIssued);
    }
  });

  it("copy: nothing held when no invoice was sent to the address", async () => {
    seed(0);
    expect(await paypalConnector(config).list(subject, listCtx)).toEqual({ status: "nothing_held" });
  });

  it("copy: an invoice deleted between the search and the read is skipped", async () => {
    seed(2);
    api.script("GET", INVOICE, paypalError(404, "RESOURCE_NOT_FOUND", "Invoice not found"));
    const rows = await rowsOf(await paypalConnector(config).list(subject, listCtx));
    expect(rows.map((r) => r.invoiceId)).toEqual(["INV2-2"]);
  });

  it("waits out a 429 with Retry-After and retries a 5xx, then reads", async () => {
    seed(1);
    api.script("POST", SEARCH, {
      ...paypalError(429, "RATE_LIMIT_REACHED", "Too many requests"),
      headers: { "retry-after": "1" },
    });
    api.script(
      "GET",
      INVOICE,
      paypalError(500, "INTERNAL_SERVER_ERROR", "x"),
      paypalError(503, "SERVICE_UNAVAILABLE", "y"),
    );
    const started = Date.now();
    const rows = await rowsOf(await paypalConnector(config).list(subject, listCtx));
    expect(rows).toHaveLength(1);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.requestsTo("POST", SEARCH)).toHaveLength(2);
    expect(api.requestsTo("GET", INVOICE)).toHaveLength(3);
  });

  it("an expired token (401) is renewed once at the token endpoint", async () => {
    seed(1);
    const paypal = paypalConnector(config);
    await paypal.list(subject, listCtx);
    const before = tokensIssued;
    validTokens.clear();
    api.clear();
    expect((await paypal.list(subject, listCtx)).status).toBe("ok");
    expect(tokensIssued).toBe(before + 1);
    const [first, second] = api.requestsTo("POST", SEARCH);
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
    expect(second?.headers.authorization).toBe(`Bearer A21-token-${tokensIssued}`);
  });

  it("a wrong secret fails as auth_failed, and an API error never carries PayPal's message or the address", async () => {
    seed(1);
    const auth = await thrown(
      paypalConnector({ ...config, clientSecret: "nope-secret" }).list(subject, listCtx),
    );
    expect(auth.kind).toBe("paypal_auth_failed");
    expectNoPersonalData(auth, /nope-secret|nils/);

    api.script(
      "POST",
      SEARCH,
      paypalError(422, "UNPROCESSABLE_ENTITY", `recipient_email ${EMAIL} is invalid`),
    );
    const err = await thrown(paypalConnector(config).list(subject, listCtx));
    expect(err.kind).toBe("paypal_rejected");
    expectNoPersonalData(err, /nils/);
  });

  it("erase: refused as a bookkeeping record the person can ask PayPal about; nothing is sent, every time", async () => {
    seed(2);
    const paypal = paypalConnector(config);
    const outcome = await paypal.erase!(subject, ctx);
    expect(outcome).toEqual({ status: "refused", reason: PAYPAL_ERASE_REFUSAL });
    expect(PAYPAL_ERASE_REFUSAL).toMatch(/bookkeeping.*paypal/);
    expect(await paypal.erase!(subject, ctx)).toEqual(outcome);
    expect(api.requests).toHaveLength(0);
    expect(invoices.size).toBe(3);
  });

  it("correct: refused with its reason, nothing is sent", async () => {
    const outcome = await paypalConnector(config).correct!(
      subject,
      { category: "addresses", field: "email", previous: "old@example.test" },
      ctx,
    );
    expect(outcome).toEqual({ status: "refused", reason: PAYPAL_CORRECT_REFUSAL });
    expect(api.requests).toHaveLength(0);
  });

  it("amounts become hundredths of the currency", () => {
    expect(toOre({ value: "999.00" })).toBe(99900);
    expect(toOre({ value: "0.29" })).toBe(29);
    expect(toOre({ value: "12.5" })).toBe(1250);
    expect(toOre({ value: "-3.10" })).toBe(-310);
    expect(toOre({ value: "1000" })).toBe(100000);
    expect(toOre({ value: "1.005" })).toBe(101);
    expect(toOre({ value: "abc" })).toBeNull();
    expect(toOre(undefined)).toBeNull();
  });
});
