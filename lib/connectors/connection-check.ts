// "Test connection" on the connector settings page: each system's cheapest read with the configured
// credentials, through the same HTTP client and token providers the connectors use. A test reads
// nothing about a person and keeps nothing it reads; its answer is "ok" or the ConnectorError's kind
// ("wix_unauthorized", "paypal_auth_failed"), which the settings page shows in words
// (docs/decisions/0037-connector-configuration.md).
//
// - WIX: one contact query with paging limit 1.
// - Microsoft 365: a token, then each configured list's site and list, and each mailbox's inbox
//   (Mail.Read, which the connector needs anyway; reading the user would need User.Read.All).
// - PayPal: the OAuth token, then an invoice search with page size 1 and an empty filter.
// - Google Analytics: the service account's token, then the property itself.
import { ConnectorError } from "./errors";
import { connectorHttp, type HttpClientConfig } from "./http";
import { clientCredentials, serviceAccount, type ServiceAccountKey } from "./oauth";
import { GA_BASE_URL, GA_KEY, GA_SCOPE } from "./google-analytics";
import { GRAPH_BASE_URL, GRAPH_KEY, GRAPH_SCOPE, graphTokenUrl } from "./microsoft-graph";
import { PAYPAL_BASE_URL, PAYPAL_KEY } from "./paypal";
import { WIX_BASE_URL, WIX_KEY } from "./wix";

export type TestTuning = Pick<HttpClientConfig, "timeoutMs" | "retry" | "fetch">;

/**
 * An admin is waiting for the answer: one short attempt, no retries and no waiting for Retry-After
 * (a rate limit is itself an answer worth showing).
 */
export const TEST_TUNING: TestTuning = {
  timeoutMs: 10_000,
  retry: { limit: 0, maxRetryAfterMs: 0 },
};

const trim = (url: string) => url.replace(/\/+$/, "");

export async function testWix(
  config: { apiKey: string; siteId: string; baseUrl?: string },
  tuning: TestTuning = TEST_TUNING,
): Promise<void> {
  const http = connectorHttp({
    connector: WIX_KEY,
    baseUrl: config.baseUrl ?? WIX_BASE_URL,
    auth: { type: "headers", headers: { authorization: config.apiKey } },
    headers: { "wix-site-id": config.siteId },
    ...tuning,
  });
  await http.call("POST", "/contacts/v4/contacts/query", { json: { query: { paging: { limit: 1 } } } });
}

export async function testMicrosoft365(
  config: {
    tenantId: string;
    clientId: string;
    clientSecret: string;
    tokenUrl?: string;
    baseUrl?: string;
    lists: readonly { site: string; list: string }[];
    mailboxes: readonly string[];
  },
  tuning: TestTuning = TEST_TUNING,
): Promise<void> {
  const tokens = clientCredentials({
    connector: GRAPH_KEY,
    tokenUrl: config.tokenUrl ?? graphTokenUrl(config.tenantId),
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    scope: GRAPH_SCOPE,
    clientAuth: "body",
    http: tuning,
  });
  // The token first: rejected credentials are told apart from a missing site or mailbox.
  await tokens.token();
  const http = connectorHttp({
    connector: GRAPH_KEY,
    baseUrl: trim(config.baseUrl ?? GRAPH_BASE_URL),
    auth: { type: "bearer", tokens },
    ...tuning,
  });
  const select = { $select: "id" };
  const sites = new Set<string>();
  for (const l of config.lists) {
    if (!sites.has(l.site)) {
      sites.add(l.site);
      await http.call("GET", `/sites/${encodeURIComponent(l.site)}`, { query: select });
    }
    await http.call("GET", `/sites/${encodeURIComponent(l.site)}/lists/${encodeURIComponent(l.list)}`, {
      query: select,
    });
  }
  for (const mailbox of new Set(config.mailboxes)) {
    await http.call("GET", `/users/${encodeURIComponent(mailbox)}/mailFolders/inbox`, { query: select });
  }
}

export async function testPayPal(
  config: { clientId: string; clientSecret: string; baseUrl?: string; tokenUrl?: string },
  tuning: TestTuning = TEST_TUNING,
): Promise<void> {
  const base = trim(config.baseUrl ?? PAYPAL_BASE_URL);
  const tokens = clientCredentials({
    connector: PAYPAL_KEY,
    tokenUrl: config.tokenUrl ?? `${base}/v1/oauth2/token`,
    clientId: config.clientId,
    clientSecret: config.clientSecret,
    clientAuth: "basic",
    http: tuning,
  });
  await tokens.token();
  const http = connectorHttp({
    connector: PAYPAL_KEY,
    baseUrl: base,
    auth: { type: "bearer", tokens },
    ...tuning,
  });
  await http.call("POST", "/v2/invoicing/search-invoices", { query: { page_size: "1" }, json: {} });
}

export async function testGoogleAnalytics(
  config: { propertyId: string; key: ServiceAccountKey; tokenUrl?: string; baseUrl?: string },
  tuning: TestTuning = TEST_TUNING,
): Promise<void> {
  if (!/^\d+$/.test(config.propertyId)) throw new ConnectorError(`${GA_KEY}_bad_config`);
  const tokens = serviceAccount({
    connector: GA_KEY,
    key: config.key,
    scopes: [GA_SCOPE],
    ...(config.tokenUrl ? { tokenUrl: config.tokenUrl } : {}),
    http: tuning,
  });
  await tokens.token();
  const http = connectorHttp({
    connector: GA_KEY,
    baseUrl: config.baseUrl ?? GA_BASE_URL,
    auth: { type: "bearer", tokens },
    ...tuning,
  });
  await http.call("GET", `/v1alpha/properties/${config.propertyId}`);
}

/** The result a test stores: "ok", or the failure's kind (never a provider's message). */
export type TestResult = "ok" | string;

/**
 * Runs the test of one connector with its parsed settings and opened secret (config.ts's schemas);
 * answers "ok" or the kind of what failed. Anything that is not a ConnectorError is "<key>_error".
 */
export async function runConnectionTest(
  key: string,
  settings: Record<string, unknown>,
  secret: Record<string, unknown>,
  tuning: TestTuning = TEST_TUNING,
): Promise<TestResult> {
  // The settings and the secret are one call's configuration (their fields do not overlap).
  const c = { ...settings, ...secret };
  try {
    switch (key) {
      case WIX_KEY:
        await testWix(c as Parameters<typeof testWix>[0], tuning);
        break;
      case GRAPH_KEY:
        await testMicrosoft365(c as Parameters<typeof testMicrosoft365>[0], tuning);
        break;
      case PAYPAL_KEY:
        await testPayPal(c as Parameters<typeof testPayPal>[0], tuning);
        break;
      case GA_KEY:
        await testGoogleAnalytics(c as Parameters<typeof testGoogleAnalytics>[0], tuning);
        break;
      default:
        return `${key}_error`;
    }
    return "ok";
  } catch (err) {
    // The kind only: a provider's message could echo what was sent.
    return err instanceof ConnectorError ? err.kind : `${key}_error`;
  }
}

/** What a stored result means, for the words the settings page shows. */
export type ResultMeaning =
  "ok" | "rejected" | "forbidden" | "not_found" | "unreachable" | "rate_limited" | "other";

export function meaningOf(result: string): ResultMeaning {
  if (result === "ok") return "ok";
  const what = result.replace(/^(wix|microsoft_365|paypal|google_analytics)_/, "");
  switch (what) {
    case "unauthorized":
    case "auth_failed":
    case "bad_key":
      return "rejected";
    case "forbidden":
      return "forbidden";
    case "not_found":
      return "not_found";
    case "network":
    case "timeout":
    case "unavailable":
    case "aborted":
      return "unreachable";
    case "rate_limited":
      return "rate_limited";
    default:
      return "other";
  }
}
