// One HTTP client for every connector that calls a partner's API (ky underneath). Per call: a time
// limit for each attempt and the caller's AbortSignal; retries with exponential backoff on 408, 429,
// 5xx and network errors, honouring Retry-After (seconds or an HTTP date) on 429 and 503 up to a cap. A
// partner asking for a longer wait than the cap is not slept on: the call fails as "rate_limited" and
// the job that made it is retried later by the queue. Bearer tokens come from a token provider, asked
// again once when the API answers 401 (an expired or revoked token).
//
// Every failure becomes a ConnectorError whose kind names the connector and what went wrong
// ("wix_unavailable"); the provider's message, the URL and the request's content are never kept.
import ky, { HTTPError, TimeoutError, type Options } from "ky";
import { ConnectorError } from "./errors";

export interface TokenProvider {
  /** A valid access token, from the cache while it lasts. */
  token(signal?: AbortSignal): Promise<string>;
  /** Forget the cached token: the API refused it (401) before its stated expiry. */
  invalidate(): void;
}

export type HttpAuth =
  /** `Authorization: Bearer <token>` from a token provider (OAuth). */
  | { type: "bearer"; tokens: TokenProvider }
  /** Fixed headers, e.g. an API key in `Authorization` (Wix). */
  | { type: "headers"; headers: Record<string, string> };

export type RetryPolicy = {
  /** Retries after the first attempt. */
  limit: number;
  /** The first retry's delay; each further retry doubles it (with jitter). */
  backoffMs: number;
  /** No computed delay is longer than this. */
  backoffLimitMs: number;
  /** The longest Retry-After that is waited for; a longer one fails the call. */
  maxRetryAfterMs: number;
};

export const DEFAULT_RETRY: RetryPolicy = {
  limit: 3,
  backoffMs: 300,
  backoffLimitMs: 5_000,
  maxRetryAfterMs: 30_000,
};

/** Each attempt's time limit (the caller's signal bounds the whole call). */
export const DEFAULT_CALL_TIMEOUT_MS = 10_000;

export type HttpClientConfig = {
  /** The connector's key, the prefix of every error kind ("wix" → "wix_rate_limited"). */
  connector: string;
  /** Scheme, host and any path prefix; a call's path is appended to it. */
  baseUrl: string;
  auth?: HttpAuth;
  /** Headers sent on every call (e.g. `wix-site-id`). */
  headers?: Record<string, string>;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
  fetch?: typeof fetch;
};

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

export type CallOptions = {
  signal?: AbortSignal;
  /** A JSON body. */
  json?: unknown;
  /** An `application/x-www-form-urlencoded` body (OAuth token requests). */
  form?: Record<string, string>;
  query?: Record<string, string>;
  headers?: Record<string, string>;
  /**
   * Statuses answered to the caller instead of thrown, so it can read their meaning: a 404 on a
   * delete is "already gone", a 428 from Wix is a refusal with a reason code.
   */
  accept?: readonly number[];
};

export type HttpAnswer<T> = { status: number; body: T | null };

export type ConnectorHttp = {
  call<T>(method: HttpMethod, path: string, opts?: CallOptions): Promise<HttpAnswer<T>>;
};

/** Answers tried again (with the network's own failures); on the second list, after `Retry-After`. */
export const RETRY_STATUSES: readonly number[] = [408, 429, 500, 502, 503, 504];
export const RETRY_AFTER_STATUSES: readonly number[] = [429, 503];

/** The delay before retry `n` (1 for the first): doubling from the policy's first delay. */
export function backoffDelay(policy: RetryPolicy, n: number): number {
  return policy.backoffMs * 2 ** (n - 1);
}

/** Half to all of a delay, so many jobs held up together do not return together. */
export function withJitter(delay: number): number {
  return delay * (0.5 + Math.random() / 2);
}
const ALL_METHODS: NonNullable<NonNullable<Exclude<Options["retry"], number>>["methods"]> = [
  "get",
  "post",
  "put",
  "patch",
  "delete",
];

export function connectorHttp(config: HttpClientConfig): ConnectorHttp {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const timeout = config.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const base = config.baseUrl.replace(/\/+$/, "");
  const kind = (what: string) => `${config.connector}_${what}`;

  async function send(
    method: HttpMethod,
    url: string,
    opts: CallOptions,
    accept: readonly number[],
  ): Promise<Response> {
    const headers = new Headers(config.headers);
    for (const [k, v] of Object.entries(opts.headers ?? {})) headers.set(k, v);
    if (config.auth?.type === "headers") {
      for (const [k, v] of Object.entries(config.auth.headers)) headers.set(k, v);
    } else if (config.auth?.type === "bearer") {
      headers.set("authorization", `Bearer ${await config.auth.tokens.token(opts.signal)}`);
    }
    return ky(url, {
      method,
      headers,
      ...(opts.json !== undefined ? { json: opts.json } : {}),
      ...(opts.form ? { body: new URLSearchParams(opts.form) } : {}),
      ...(opts.query ? { searchParams: opts.query } : {}),
      timeout,
      ...(opts.signal ? { signal: opts.signal } : {}),
      ...(config.fetch ? { fetch: config.fetch } : {}),
      throwHttpErrors: (status) => !accept.includes(status),
      retry: {
        limit: policy.limit,
        methods: ALL_METHODS,
        statusCodes: [...RETRY_STATUSES],
        afterStatusCodes: [...RETRY_AFTER_STATUSES],
        maxRetryAfter: policy.maxRetryAfterMs,
        backoffLimit: policy.backoffLimitMs,
        delay: (attempt) => backoffDelay(policy, attempt),
        jitter: withJitter,
        shouldRetry: ({ error }) => {
          if (!(error instanceof HTTPError) || !RETRY_AFTER_STATUSES.includes(error.response.status))
            return undefined;
          const after = parseRetryAfter(error.response.headers.get("retry-after"));
          // Longer than we will wait within a call: fail now, the job is retried later.
          return after !== undefined && after > policy.maxRetryAfterMs ? false : undefined;
        },
      },
    });
  }

  return {
    async call<T>(method: HttpMethod, path: string, opts: CallOptions = {}): Promise<HttpAnswer<T>> {
      const url = `${base}${path}`;
      const accept = opts.accept ?? [];
      const bearer = config.auth?.type === "bearer" ? config.auth.tokens : null;
      try {
        // With a token, a first 401 comes back here (not thrown) so the token can be renewed once.
        let res = await send(method, url, opts, bearer ? [...accept, 401] : accept);
        if (bearer && res.status === 401 && !accept.includes(401)) {
          await res.body?.cancel();
          bearer.invalidate();
          res = await send(method, url, opts, accept);
        }
        return { status: res.status, body: await readJson<T>(res, kind) };
      } catch (err) {
        throw asConnectorError(err, kind, opts.signal);
      }
    },
  };
}

async function readJson<T>(res: Response, kind: (what: string) => string): Promise<T | null> {
  const text = await res.text();
  if (!text.trim()) return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    throw new ConnectorError(kind("bad_response"), { status: res.status });
  }
}

/** What the caller is told: a kind and the status, never the provider's message or the URL. */
function asConnectorError(err: unknown, kind: (what: string) => string, signal?: AbortSignal): Error {
  if (err instanceof ConnectorError) return err;
  if (signal?.aborted) {
    // The caller's own time limit or cancellation: its reason says which (e.g. ConnectorTimeout).
    return signal.reason instanceof Error ? signal.reason : new ConnectorError(kind("aborted"));
  }
  if (err instanceof TimeoutError) return new ConnectorError(kind("timeout"));
  // fetch rejects with a TypeError when the connection fails (refused, reset, DNS).
  if (err instanceof TypeError) return new ConnectorError(kind("network"));
  if (err instanceof HTTPError) {
    const status = err.response.status;
    const retryAfterMs = parseRetryAfter(err.response.headers.get("retry-after"));
    return new ConnectorError(kind(statusKind(status)), {
      status,
      ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
    });
  }
  return new ConnectorError(kind("error"));
}

export function statusKind(status: number): string {
  if (status === 429) return "rate_limited";
  if (status === 401) return "unauthorized";
  if (status === 403) return "forbidden";
  if (status === 404) return "not_found";
  if (status === 409 || status === 412) return "conflict";
  if (status === 400 || status === 422) return "rejected";
  if (status === 408) return "timeout";
  if (status >= 500) return "unavailable";
  return `http_${status}`;
}

/** Retry-After as milliseconds from now: delay seconds or an HTTP date; undefined when absent or unreadable. */
export function parseRetryAfter(value: string | null, now: number = Date.now()): number | undefined {
  if (value === null) return undefined;
  const v = value.trim();
  if (/^\d+$/.test(v)) return Number(v) * 1000;
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - now);
}
