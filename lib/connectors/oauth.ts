// OAuth access tokens for connectors: client credentials (PayPal, Microsoft identity platform) and a
// Google service account's signed JWT exchanged for a token (RFC 7523). A token is kept until shortly
// before it expires and shared by concurrent calls (one request for a token at a time); the HTTP
// client asks again after invalidate() when an API refuses it with 401.
//
// Token endpoints' error answers (invalid_client, invalid_grant) become "<connector>_auth_failed":
// their descriptions are not kept.
import { importPKCS8, SignJWT } from "jose";
import { ConnectorError } from "./errors";
import { connectorHttp, type HttpClientConfig, type TokenProvider } from "./http";

/** A token is renewed this long before its stated expiry (clock skew, a slow call). */
export const EXPIRY_MARGIN_MS = 60_000;

type Tuning = Pick<HttpClientConfig, "timeoutMs" | "retry" | "fetch">;

type Issued = { token: string; expiresInMs: number };

/** A cache around a function that fetches a token; concurrent callers share one fetch. */
export function cachedTokens(
  fetchToken: (signal?: AbortSignal) => Promise<Issued>,
  now: () => number = Date.now,
): TokenProvider {
  let cached: { token: string; renewAt: number } | null = null;
  let pending: Promise<string> | null = null;
  return {
    async token(signal) {
      if (cached && now() < cached.renewAt) return cached.token;
      pending ??= (async () => {
        try {
          const issued = await fetchToken(signal);
          const margin = Math.min(EXPIRY_MARGIN_MS, issued.expiresInMs / 2);
          cached = { token: issued.token, renewAt: now() + issued.expiresInMs - margin };
          return issued.token;
        } finally {
          pending = null;
        }
      })();
      return pending;
    },
    invalidate() {
      cached = null;
    },
  };
}

type TokenAnswer = { access_token?: unknown; expires_in?: unknown };

async function requestToken(
  connector: string,
  tokenUrl: string,
  form: Record<string, string>,
  headers: Record<string, string>,
  tuning: Tuning | undefined,
  signal?: AbortSignal,
): Promise<Issued> {
  const http = connectorHttp({ connector, baseUrl: tokenUrl, ...tuning });
  const { status, body } = await http.call<TokenAnswer>("POST", "", {
    form,
    headers: { accept: "application/json", ...headers },
    accept: [400, 401, 403],
    ...(signal ? { signal } : {}),
  });
  if (status !== 200 || typeof body?.access_token !== "string" || !body.access_token) {
    throw new ConnectorError(`${connector}_auth_failed`, { status });
  }
  const seconds = Number(body.expires_in);
  return {
    token: body.access_token,
    expiresInMs: (Number.isFinite(seconds) && seconds > 0 ? seconds : 3600) * 1000,
  };
}

export type ClientCredentialsConfig = {
  /** The connector's key, the prefix of error kinds. */
  connector: string;
  tokenUrl: string;
  clientId: string;
  clientSecret: string;
  /** Space-separated scopes, e.g. "https://graph.microsoft.com/.default". */
  scope?: string;
  /** HTTP Basic (PayPal) or the form body (Microsoft identity platform). Default: basic. */
  clientAuth?: "basic" | "body";
  http?: Tuning;
  now?: () => number;
};

/** OAuth 2.0 client credentials (RFC 6749 section 4.4). */
export function clientCredentials(config: ClientCredentialsConfig): TokenProvider {
  return cachedTokens((signal) => {
    const form: Record<string, string> = { grant_type: "client_credentials" };
    if (config.scope) form.scope = config.scope;
    const headers: Record<string, string> = {};
    if ((config.clientAuth ?? "basic") === "basic") {
      const pair = `${encodeURIComponent(config.clientId)}:${encodeURIComponent(config.clientSecret)}`;
      headers.authorization = `Basic ${Buffer.from(pair).toString("base64")}`;
    } else {
      form.client_id = config.clientId;
      form.client_secret = config.clientSecret;
    }
    return requestToken(config.connector, config.tokenUrl, form, headers, config.http, signal);
  }, config.now);
}

/** The fields of a Google service account's JSON key that are used. */
export type ServiceAccountKey = {
  client_email: string;
  /** PKCS #8 PEM. */
  private_key: string;
  private_key_id?: string;
  token_uri?: string;
};

export const GOOGLE_TOKEN_URL = "https://oauth2.googleapis.com/token";

export type ServiceAccountConfig = {
  connector: string;
  key: ServiceAccountKey;
  scopes: readonly string[];
  /** Where the signed JWT is exchanged; default the key's token_uri, else Google's. */
  tokenUrl?: string;
  http?: Tuning;
  now?: () => number;
};

/** A Google service account: a JWT signed with its key (RS256), exchanged for an access token. */
export function serviceAccount(config: ServiceAccountConfig): TokenProvider {
  const tokenUrl = config.tokenUrl ?? config.key.token_uri ?? GOOGLE_TOKEN_URL;
  const now = config.now ?? Date.now;
  let signingKey: Promise<CryptoKey> | null = null;
  return cachedTokens(async (signal) => {
    signingKey ??= importPKCS8(config.key.private_key, "RS256").catch(() => {
      signingKey = null;
      throw new ConnectorError(`${config.connector}_bad_key`);
    });
    const issuedAt = Math.floor(now() / 1000);
    const assertion = await new SignJWT({ scope: config.scopes.join(" ") })
      .setProtectedHeader({
        alg: "RS256",
        typ: "JWT",
        ...(config.key.private_key_id ? { kid: config.key.private_key_id } : {}),
      })
      .setIssuer(config.key.client_email)
      .setAudience(tokenUrl)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + 3600)
      .sign(await signingKey);
    return requestToken(
      config.connector,
      tokenUrl,
      { grant_type: "urn:ietf:params:oauth:grant-type:jwt-bearer", assertion },
      {},
      config.http,
      signal,
    );
  }, now);
}
