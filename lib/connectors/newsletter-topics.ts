// The newsletter partner's topics (Resend): a contact's choice per topic, opt_in or opt_out, next to the
// contact's global unsubscribed flag. Each portal consent topic (ConsentTopic key: "news", "offers", …)
// is one Resend topic, named in the configuration by its id.
//
// - Copy: the contact's topics with their names and the contact's choice (`GET /contacts/{email}/topics`,
//   paged by cursor).
// - The portal's choices go to the partner (`PATCH /contacts/{email}/topics` with opt_in/opt_out per
//   topic id), and the partner's `contact.topics.updated` webhook comes back as choices for the portal
//   to apply (verified like the contact webhook: a Svix signature).
//
// Calls go through the Resend SDK (6.38 has contacts.topics), which answers `{ data, error }` and does not
// retry: each call here is tried again on 429 (honouring Retry-After up to a cap), 5xx and network
// failures, with the same policy and error kinds as the HTTP client (lib/connectors/http.ts). The
// provider's message is never kept.
import type { ContactTopic, ErrorResponse } from "resend";
import { z } from "zod";
import { resendClient, type ResendConfig } from "../email/resend-client";
import { env } from "../env";
import { verifySvix, type SvixHeaders, type VerifyResult } from "../newsletter/webhook-signature";
import { ConnectorError } from "./errors";
import { arrayFeed, columnsOf } from "./feeds";
import {
  DEFAULT_CALL_TIMEOUT_MS,
  backoffDelay,
  DEFAULT_RETRY,
  parseRetryAfter,
  RETRY_AFTER_STATUSES,
  RETRY_STATUSES,
  withJitter,
  statusKind,
  type RetryPolicy,
} from "./http";
import type { Connector, Row, SectionSpec } from "./types";

export const NEWSLETTER_TOPICS_KEY = "newsletter_topics";
const ERROR_PREFIX = "newsletter";
const PAGE = 100;
const MAX_PAGES = 100;

export const NEWSLETTER_TOPICS_SECTION: SectionSpec = {
  category: "marketing",
  key: "newsletter_partner_topics",
  heldBy: "newsletter",
  columns: columnsOf({
    topic: ["string", "topic"],
    topicId: ["string", "id"],
    name: "string",
    subscription: "string",
  }),
};

export type NewsletterTopicsConfig = ResendConfig & {
  /** The portal's topic keys and the Resend topic ids they are, e.g. `{ news: "b6d24b8e-…" }`. */
  topics?: Readonly<Record<string, string>>;
  retry?: Partial<RetryPolicy>;
  /** Each attempt's time limit. */
  timeoutMs?: number;
  pageSize?: number;
};

/** One topic choice as the portal keeps it. */
export type TopicChoice = { topic: string; subscribed: boolean };

type SdkAnswer<T> = { data: T | null; error: ErrorResponse | null; headers: Record<string, string> | null };

function defaults(): NewsletterTopicsConfig {
  return { apiKey: env().RESEND_API_KEY, baseUrl: env().RESEND_BASE_URL };
}

/**
 * One SDK call with retries. Answers the data, or null when the contact is not there (404); anything else
 * that is not retried, or still failing after the retries, throws a ConnectorError with a kind only.
 */
async function call<T>(
  config: NewsletterTopicsConfig,
  run: (signal: AbortSignal) => Promise<SdkAnswer<T>>,
  signal?: AbortSignal,
): Promise<T | null> {
  const policy: RetryPolicy = { ...DEFAULT_RETRY, ...config.retry };
  const timeout = config.timeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  for (let attempt = 0; ; attempt++) {
    const limit = AbortSignal.timeout(timeout);
    const answer = await run(signal ? AbortSignal.any([signal, limit]) : limit).catch((err: unknown) => {
      if (signal?.aborted)
        throw signal.reason instanceof Error ? signal.reason : new ConnectorError(`${ERROR_PREFIX}_aborted`);
      if (err instanceof ConnectorError) throw err;
      // The SDK answers a failed connection itself; anything thrown is the attempt's time limit.
      return {
        data: null,
        error: null,
        headers: null,
        failed: limit.aborted ? "timeout" : "network",
      } as const;
    });
    if (signal?.aborted)
      throw signal.reason instanceof Error ? signal.reason : new ConnectorError(`${ERROR_PREFIX}_aborted`);
    const failed = "failed" in answer ? answer.failed : null;
    if (!failed && !answer.error) return answer.data;
    const status = answer.error?.statusCode ?? null;
    if (status === 404 || answer.error?.name === "not_found") return null;
    const kind = failed ?? (status === null ? (limit.aborted ? "timeout" : "network") : statusKind(status));
    const retryAfterMs = parseRetryAfter(answer.headers?.["retry-after"] ?? null);
    const retryable = status === null || RETRY_STATUSES.includes(status);
    const tooLong = retryAfterMs !== undefined && retryAfterMs > policy.maxRetryAfterMs;
    if (!retryable || tooLong || attempt >= policy.limit) {
      throw new ConnectorError(`${ERROR_PREFIX}_${kind}`, {
        ...(status !== null ? { status } : {}),
        ...(retryAfterMs !== undefined ? { retryAfterMs } : {}),
      });
    }
    const backoff = withJitter(Math.min(backoffDelay(policy, attempt + 1), policy.backoffLimitMs));
    const wait =
      status !== null && RETRY_AFTER_STATUSES.includes(status) && retryAfterMs !== undefined
        ? retryAfterMs
        : backoff;
    await sleep(wait, signal);
  }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = () => {
      signal?.removeEventListener("abort", abort);
      resolve();
    };
    const abort = () => {
      clearTimeout(timer);
      reject(
        signal!.reason instanceof Error ? signal!.reason : new ConnectorError(`${ERROR_PREFIX}_aborted`),
      );
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", abort, { once: true });
  });
}

/** The contact's topics and choices, every page; null when the partner has no such contact. */
export async function contactTopics(
  email: string,
  config: NewsletterTopicsConfig = defaults(),
  signal?: AbortSignal,
): Promise<ContactTopic[] | null> {
  const resend = resendClient(config);
  if (!resend) throw new ConnectorError(`${ERROR_PREFIX}_not_configured`);
  const limit = Math.max(1, Math.min(config.pageSize ?? PAGE, PAGE));
  const out: ContactTopic[] = [];
  let after: string | undefined;
  for (let page = 0; page < MAX_PAGES; page++) {
    const data = await call(
      config,
      (s) =>
        resend.contacts.topics.list(
          { email: encodeURIComponent(email), limit, ...(after ? { after } : {}) },
          { signal: s },
        ),
      signal,
    );
    if (!data) return page === 0 ? null : out;
    out.push(...data.data);
    const last = data.data.at(-1);
    if (!data.has_more || !last) return out;
    after = last.id;
  }
  throw new ConnectorError(`${ERROR_PREFIX}_too_many_pages`);
}

/**
 * The portal's choices, written to the contact's topics (topics not configured are left out, and the
 * contact's other topics keep theirs). Answers "nothing_held" when the partner has no such contact.
 */
export async function updateContactTopics(
  email: string,
  choices: readonly TopicChoice[],
  config: NewsletterTopicsConfig = defaults(),
  signal?: AbortSignal,
): Promise<{ status: "done"; count: number } | { status: "nothing_held" }> {
  const resend = resendClient(config);
  if (!resend) throw new ConnectorError(`${ERROR_PREFIX}_not_configured`);
  const topics = choices.flatMap((c) => {
    const id = config.topics?.[c.topic];
    return id ? [{ id, subscription: c.subscribed ? ("opt_in" as const) : ("opt_out" as const) }] : [];
  });
  if (topics.length === 0) return { status: "done", count: 0 };
  const data = await call(
    config,
    (s) => resend.contacts.topics.update({ email: encodeURIComponent(email), topics }, { signal: s }),
    signal,
  );
  return data ? { status: "done", count: topics.length } : { status: "nothing_held" };
}

/** The copy: the contact's topic choices at the partner. */
export function newsletterTopicsConnector(config: NewsletterTopicsConfig = defaults()): Connector {
  const keyOf = new Map(Object.entries(config.topics ?? {}).map(([key, id]) => [id, key]));
  return {
    key: NEWSLETTER_TOPICS_KEY,
    recipients: async () => ["newsletter"],
    list: async (subject, ctx) => {
      if (!config.apiKey) return { status: "not_configured" };
      const topics = await contactTopics(subject.email, config, ctx.signal);
      if (!topics || topics.length === 0) return { status: "nothing_held" };
      const rows: Row[] = topics.map((t) => ({
        topic: keyOf.get(t.id) ?? null,
        topicId: t.id,
        name: t.name,
        subscription: t.subscription,
      }));
      return { status: "ok", feeds: [arrayFeed([NEWSLETTER_TOPICS_SECTION], rows)] };
    },
  };
}

// ---------------------------------------------------------------- the contact.topics.updated webhook

const topicsEvent = z.object({
  type: z.literal("contact.topics.updated"),
  created_at: z.string().max(64).optional(),
  data: z.object({
    email: z.string().trim().min(3).max(320),
    topics: z
      .array(z.object({ id: z.string().min(1).max(200), subscription: z.enum(["opt_in", "opt_out"]) }))
      .max(500),
  }),
});

export type TopicsWebhook =
  /** The person's choices at the partner, for the portal's topics (topics not configured are left out). */
  | { kind: "topics"; email: string; choices: TopicChoice[]; at: Date | null }
  /** Another event: the contact webhook handles it, or nobody does. */
  | { kind: "ignored" }
  | { kind: "invalid" }
  | { kind: "unauthorized"; reason: Exclude<VerifyResult, { ok: true }>["reason"] };

/**
 * A `contact.topics.updated` delivery, verified (Svix signature over the raw body, recent timestamp)
 * before it is read, and turned into the portal's topic choices.
 */
export function parseTopicsWebhook(input: {
  secret: string;
  headers: SvixHeaders;
  body: string;
  /** The portal's topic keys and their Resend topic ids (as in NewsletterTopicsConfig.topics). */
  topics: Readonly<Record<string, string>>;
  now?: Date;
}): TopicsWebhook {
  const verified = verifySvix(input.secret, input.headers, input.body, input.now);
  if (!verified.ok) return { kind: "unauthorized", reason: verified.reason };
  return readTopicsEvent(input.body, input.topics);
}

/**
 * A `contact.topics.updated` body whose signature has already been verified, as the portal's topic
 * choices (topics not configured are left out).
 */
export function readTopicsEvent(
  body: string,
  topics: Readonly<Record<string, string>>,
): Exclude<TopicsWebhook, { kind: "unauthorized" }> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { kind: "invalid" };
  }
  const type = (json as { type?: unknown } | null)?.type;
  if (typeof type !== "string") return { kind: "invalid" };
  if (type !== "contact.topics.updated") return { kind: "ignored" };
  const parsed = topicsEvent.safeParse(json);
  if (!parsed.success) return { kind: "invalid" };
  const keyOf = new Map(Object.entries(topics).map(([key, id]) => [id, key]));
  const choices: TopicChoice[] = [];
  const seen = new Set<string>();
  for (const t of parsed.data.data.topics) {
    const topic = keyOf.get(t.id);
    if (!topic || seen.has(topic)) continue;
    seen.add(topic);
    choices.push({ topic, subscribed: t.subscription === "opt_in" });
  }
  const at = parsed.data.created_at ? new Date(parsed.data.created_at) : null;
  return {
    kind: "topics",
    email: parsed.data.data.email,
    choices,
    at: at && !Number.isNaN(at.getTime()) ? at : null,
  };
}
