// The connectors' HTTP client and token providers against a local fake API: headers, retries with
// backoff and Retry-After, the cap on Retry-After, expired tokens, time limits, and errors that carry
// a kind and never the provider's message.
import { exportPKCS8, exportSPKI, generateKeyPair, importSPKI, jwtVerify } from "jose";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { startFakeApi, type FakeApi } from "../../test/fake-api";
import { ConnectorError } from "./errors";
import { connectorHttp, parseRetryAfter, type TokenProvider } from "./http";
import { cachedTokens, clientCredentials, serviceAccount } from "./oauth";

let api: FakeApi;

beforeAll(async () => {
  api = await startFakeApi();
});
afterAll(async () => {
  await api.close();
});
beforeEach(() => api.clear());

const fast = { backoffMs: 5, backoffLimitMs: 20 };

function client(extra: Partial<Parameters<typeof connectorHttp>[0]> = {}) {
  return connectorHttp({ connector: "acme", baseUrl: api.url, retry: fast, ...extra });
}

async function failure(p: Promise<unknown>): Promise<ConnectorError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(ConnectorError);
    return err as ConnectorError;
  }
  throw new Error("expected the call to fail");
}

/** Tokens "t1", "t2", ... and how often each was asked for or dropped. */
function countingTokens(): TokenProvider & { issued: number; invalidated: number } {
  const t = {
    issued: 0,
    invalidated: 0,
    current: null as string | null,
    async token() {
      if (!t.current) t.current = `t${++t.issued}`;
      return t.current;
    },
    invalidate() {
      t.invalidated += 1;
      t.current = null;
    },
  };
  return t;
}

describe("connectorHttp", () => {
  it("sends the configured headers, a JSON body and query, and reads the JSON answer", async () => {
    api.route("POST", "/things/{id}", (req, params) => ({ json: { id: params.id, got: req.body } }));
    const http = client({
      headers: { "wix-site-id": "site-1" },
      auth: { type: "headers", headers: { authorization: "key-1" } },
    });
    const answer = await http.call<{ id: string; got: unknown }>("POST", "/things/a%20b", {
      json: { x: 1 },
      query: { q: "1" },
    });
    expect(answer).toEqual({ status: 200, body: { id: "a b", got: { x: 1 } } });
    const [req] = api.requests;
    expect(req?.headers["wix-site-id"]).toBe("site-1");
    expect(req?.headers.authorization).toBe("key-1");
    expect(req?.headers["content-type"]).toContain("application/json");
    expect(req?.query.get("q")).toBe("1");
  });

  it("waits out a 429's Retry-After (seconds) and then succeeds", async () => {
    api.route("GET", "/slow", { json: { ok: true } });
    api.script("GET", "/slow", { status: 429, headers: { "retry-after": "1" } });
    const started = Date.now();
    const answer = await client().call("GET", "/slow");
    expect(answer.body).toEqual({ ok: true });
    expect(api.requestsTo("GET", "/slow")).toHaveLength(2);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
  });

  it("honours a 503's Retry-After given as an HTTP date", async () => {
    api.route("GET", "/busy", { json: { ok: true } });
    const at = new Date(Date.now() + 1500).toUTCString();
    api.script("GET", "/busy", { status: 503, headers: { "retry-after": at } });
    const started = Date.now();
    expect((await client().call("GET", "/busy")).body).toEqual({ ok: true });
    expect(Date.now() - started).toBeGreaterThanOrEqual(400);
  });

  it("does not sleep on a Retry-After past the cap: it fails as rate limited, for the job to retry", async () => {
    api.route("GET", "/limited", { json: { ok: true } });
    api.script("GET", "/limited", { status: 429, headers: { "retry-after": "120" } });
    const started = Date.now();
    const err = await failure(client({ retry: { ...fast, maxRetryAfterMs: 2_000 } }).call("GET", "/limited"));
    expect(err.kind).toBe("acme_rate_limited");
    expect(err.status).toBe(429);
    expect(err.retryAfterMs).toBe(120_000);
    expect(api.requestsTo("GET", "/limited")).toHaveLength(1);
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it("retries 5xx with backoff, then succeeds; gives up after the limit as unavailable", async () => {
    api.route("GET", "/flaky", { json: { ok: true } });
    api.script("GET", "/flaky", { status: 500 }, { status: 502 });
    expect((await client().call("GET", "/flaky")).body).toEqual({ ok: true });
    expect(api.requestsTo("GET", "/flaky")).toHaveLength(3);

    api.route("GET", "/down", { status: 500, json: { error: "boom" } });
    const err = await failure(client({ retry: { ...fast, limit: 2 } }).call("GET", "/down"));
    expect(err.kind).toBe("acme_unavailable");
    expect(api.requestsTo("GET", "/down")).toHaveLength(3);
  });

  it("retries a dropped connection (network error)", async () => {
    api.route("GET", "/drops", { json: { ok: true } });
    api.script("GET", "/drops", { drop: true });
    expect((await client().call("GET", "/drops")).body).toEqual({ ok: true });
    expect(api.requestsTo("GET", "/drops")).toHaveLength(2);
  });

  it("asks for a new token once when the API answers 401, and fails if the new one is refused too", async () => {
    api.route("GET", "/secure", (req) =>
      req.headers.authorization === "Bearer t2" ? { json: { ok: true } } : { status: 401 },
    );
    const tokens = countingTokens();
    const http = client({ auth: { type: "bearer", tokens } });
    expect((await http.call("GET", "/secure")).body).toEqual({ ok: true });
    expect(api.requestsTo("GET", "/secure").map((r) => r.headers.authorization)).toEqual([
      "Bearer t1",
      "Bearer t2",
    ]);
    expect(tokens.invalidated).toBe(1);

    api.route("GET", "/secure", { status: 401 });
    const err = await failure(http.call("GET", "/secure"));
    expect(err.kind).toBe("acme_unauthorized");
    expect(tokens.invalidated).toBe(2);
  });

  it("answers accepted statuses to the caller instead of throwing", async () => {
    api.route("DELETE", "/gone/{id}", { status: 404, json: { message: "not found" } });
    const answer = await client().call("DELETE", "/gone/x", { accept: [404] });
    expect(answer.status).toBe(404);
  });

  it("limits each attempt's time, and the caller's signal ends the call with its reason", async () => {
    api.route("GET", "/stall", { delayMs: 400, json: { ok: true } });
    const err = await failure(client({ timeoutMs: 100, retry: { ...fast, limit: 0 } }).call("GET", "/stall"));
    expect(err.kind).toBe("acme_timeout");

    const controller = new AbortController();
    const reason = new Error("time is up");
    setTimeout(() => controller.abort(reason), 50);
    await expect(client().call("GET", "/stall", { signal: controller.signal })).rejects.toBe(reason);
  });

  it("never carries the provider's message, the URL or the request's content", async () => {
    const email = "jane.doe@example.test";
    api.route("POST", "/people/{email}", {
      status: 400,
      json: { message: `${email} is not valid`, details: { email } },
    });
    const err = await failure(
      client().call("POST", `/people/${encodeURIComponent(email)}`, { json: { email } }),
    );
    expect(err.kind).toBe("acme_rejected");
    const seen = JSON.stringify({ ...err, message: err.message, stack: err.stack, cause: err.cause });
    expect(seen).not.toContain("jane");
    expect(seen).not.toContain(api.url);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    const now = Date.parse("2026-01-01T00:00:00Z");
    expect(parseRetryAfter("3", now)).toBe(3000);
    expect(parseRetryAfter("Thu, 01 Jan 2026 00:00:10 GMT", now)).toBe(10_000);
    expect(parseRetryAfter("Wed, 31 Dec 2025 00:00:00 GMT", now)).toBe(0);
    expect(parseRetryAfter("soon", now)).toBeUndefined();
    expect(parseRetryAfter(null, now)).toBeUndefined();
  });
});

describe("token providers", () => {
  it("client credentials (HTTP Basic): one token while it lasts, a new one near expiry or after invalidate", async () => {
    let n = 0;
    api.route("POST", "/oauth2/token", () => ({
      json: { access_token: `A${++n}`, token_type: "Bearer", expires_in: 3600 },
    }));
    let clock = 1_000_000;
    const tokens = clientCredentials({
      connector: "paypal",
      tokenUrl: `${api.url}/oauth2/token`,
      clientId: "client",
      clientSecret: "s3cret",
      now: () => clock,
      http: { retry: fast },
    });
    const [a, b] = await Promise.all([tokens.token(), tokens.token()]);
    expect([a, b]).toEqual(["A1", "A1"]);
    expect(await tokens.token()).toBe("A1");
    const [req] = api.requestsTo("POST", "/oauth2/token");
    expect(req?.headers.authorization).toBe(`Basic ${Buffer.from("client:s3cret").toString("base64")}`);
    expect(req?.body).toEqual({ grant_type: "client_credentials" });

    clock += 3600_000 - 30_000; // within the renewal margin
    expect(await tokens.token()).toBe("A2");
    tokens.invalidate();
    expect(await tokens.token()).toBe("A3");
  });

  it("client credentials in the body with a scope (Microsoft identity platform)", async () => {
    api.route("POST", "/tenant/oauth2/v2.0/token", { json: { access_token: "M1", expires_in: 3599 } });
    const tokens = clientCredentials({
      connector: "m365",
      tokenUrl: `${api.url}/tenant/oauth2/v2.0/token`,
      clientId: "app",
      clientSecret: "pw",
      scope: "https://graph.microsoft.com/.default",
      clientAuth: "body",
    });
    expect(await tokens.token()).toBe("M1");
    const [req] = api.requestsTo("POST", "/tenant/oauth2/v2.0/token");
    expect(req?.headers.authorization).toBeUndefined();
    expect(req?.body).toEqual({
      grant_type: "client_credentials",
      scope: "https://graph.microsoft.com/.default",
      client_id: "app",
      client_secret: "pw",
    });
  });

  it("a refused client is auth_failed, without the endpoint's description", async () => {
    api.route("POST", "/bad/token", {
      status: 401,
      json: { error: "invalid_client", error_description: "Client jane.doe@example.test unknown" },
    });
    const tokens = clientCredentials({
      connector: "paypal",
      tokenUrl: `${api.url}/bad/token`,
      clientId: "x",
      clientSecret: "y",
    });
    const err = await failure(tokens.token());
    expect(err.kind).toBe("paypal_auth_failed");
    expect(JSON.stringify({ ...err, m: err.message })).not.toContain("jane");
  });

  it("a Google service account signs an RS256 JWT and exchanges it at the token URL", async () => {
    const { privateKey, publicKey } = await generateKeyPair("RS256", { extractable: true });
    const pem = await exportPKCS8(privateKey);
    const spki = await importSPKI(await exportSPKI(publicKey), "RS256");
    const tokenUrl = `${api.url}/google/token`;
    const claims: unknown[] = [];
    api.route("POST", "/google/token", async (req) => {
      const form = req.body as Record<string, string>;
      if (form.grant_type !== "urn:ietf:params:oauth:grant-type:jwt-bearer") return { status: 400 };
      const { payload, protectedHeader } = await jwtVerify(form.assertion!, spki, { audience: tokenUrl });
      claims.push({ ...payload, kid: protectedHeader.kid });
      return { json: { access_token: "G1", expires_in: 3599, token_type: "Bearer" } };
    });
    const tokens = serviceAccount({
      connector: "google_analytics",
      key: { client_email: "portal@project.iam.gserviceaccount.com", private_key: pem, private_key_id: "k1" },
      scopes: ["https://www.googleapis.com/auth/analytics.edit"],
      tokenUrl,
    });
    expect(await tokens.token()).toBe("G1");
    expect(await tokens.token()).toBe("G1");
    expect(claims).toHaveLength(1);
    expect(claims[0]).toMatchObject({
      iss: "portal@project.iam.gserviceaccount.com",
      aud: tokenUrl,
      scope: "https://www.googleapis.com/auth/analytics.edit",
      kid: "k1",
    });
    const c = claims[0] as { iat: number; exp: number };
    expect(c.exp - c.iat).toBe(3600);
  });

  it("concurrent callers share one token request; a failed request is not cached", async () => {
    let calls = 0;
    const tokens = cachedTokens(async () => {
      calls += 1;
      if (calls === 1) throw new ConnectorError("x_auth_failed");
      return { token: "ok", expiresInMs: 60_000 };
    });
    await expect(tokens.token()).rejects.toThrow("x_auth_failed");
    const both = await Promise.all([tokens.token(), tokens.token()]);
    expect(both).toEqual(["ok", "ok"]);
    expect(calls).toBe(2);
  });
});
