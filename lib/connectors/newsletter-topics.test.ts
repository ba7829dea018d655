// The newsletter partner's topics, through the Resend SDK against a local fake of Resend's contact-topics
// API: the API key on every call, cursor paging, opt_in/opt_out per topic id, 429 with Retry-After, 5xx,
// a refused key, errors without the partner's message; and the contact.topics.updated webhook, verified
// and turned into the portal's topic choices.
import type {
  ContactTopic,
  ContactTopicsUpdatedEvent,
  ErrorResponse,
  UpdateContactTopicsOptions,
} from "resend";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  expectNoPersonalData,
  expectNotConfigured,
  listCtx,
  rowsOf,
  subjectFor,
  thrown,
  fakeApiForFile,
} from "../../test/connector-contract";
import type { RecordedRequest, Reply } from "../../test/fake-api";
import { signSvix } from "../newsletter/webhook-signature";
import {
  contactTopics,
  newsletterTopicsConnector,
  parseTopicsWebhook,
  updateContactTopics,
  type NewsletterTopicsConfig,
} from "./newsletter-topics";

const API_KEY = "re_topics_test_key";
const EMAIL = "nils+news@example.test";
const TOPICS = "/contacts/{contact}/topics";
const NEWS = "b6d24b8e-af0b-4c3c-be0c-359bbd97381e";
const OFFERS = "07d84122-7224-4881-9c31-1c048e204602";
const SURVEYS = "5a1c9e3d-0000-4c3c-be0c-000000000003";

const subject = subjectFor(EMAIL, null);

const api = fakeApiForFile();
let config: NewsletterTopicsConfig;
/** Per contact email: topic id → choice. */
let contacts: Map<string, Map<string, "opt_in" | "opt_out">>;

// ---------------------------------------------------------------- the fake Resend

const NAMES: Record<string, string> = { [NEWS]: "News", [OFFERS]: "Offers", [SURVEYS]: "Surveys" };

/** Fixture shape: resend ErrorResponse ({ statusCode, name, message }). */
function resendError(statusCode: number, name: ErrorResponse["name"], message: string): Reply {
  const body: ErrorResponse = { statusCode, name, message };
  return { status: statusCode, json: body };
}

function authorized(req: RecordedRequest) {
  return req.headers.authorization === `Bearer ${API_KEY}`;
}

function installFakeResend() {
  api.route("GET", TOPICS, (req, { contact }) => {
    if (!authorized(req)) return resendError(401, "invalid_api_key", "API key is invalid");
    const topics = contacts.get(contact!);
    if (!topics) return resendError(404, "not_found", `Contact ${contact} not found`);
    const limit = Number(req.query.get("limit") ?? "20");
    const after = req.query.get("after");
    const all = [...topics].map(([id, subscription]) => {
      // Fixture shape: resend ContactTopic.
      const t: ContactTopic = { id, name: NAMES[id] ?? id, description: null, subscription };
      return t;
    });
    const start = after ? all.findIndex((t) => t.id === after) + 1 : 0;
    const data = all.slice(start, start + limit);
    // Fixture shape: resend ListContactTopicsResponseSuccess (PaginatedData<ContactTopic[]>).
    return { json: { object: "list", has_more: start + limit < all.length, data } };
  });
  api.route("PATCH", TOPICS, (req, { contact }) => {
    if (!authorized(req)) return resendError(401, "invalid_api_key", "API key is invalid");
    const topics = contacts.get(contact!);
    if (!topics) return resendError(404, "not_found", `Contact ${contact} not found`);
    // Fixture shape: resend UpdateContactTopicsOptions["topics"], the body the SDK sends.
    for (const t of req.body as UpdateContactTopicsOptions["topics"]) topics.set(t.id, t.subscription);
    // Fixture shape: resend UpdateContactTopicsResponseSuccess.
    return { json: { id: "c0ffee00-contact" } };
  });
}

beforeAll(() => {
  installFakeResend();
  config = {
    apiKey: API_KEY,
    baseUrl: api.url,
    topics: { news: NEWS, offers: OFFERS },
    pageSize: 2,
    retry: { backoffMs: 5, backoffLimitMs: 20 },
  };
});
beforeEach(() => {
  contacts = new Map([
    [
      EMAIL,
      new Map<string, "opt_in" | "opt_out">([
        [NEWS, "opt_in"],
        [OFFERS, "opt_out"],
        [SURVEYS, "opt_in"],
      ]),
    ],
  ]);
});

describe("newsletter partner topics (Resend)", () => {
  it("not configured: the copy says so and nothing is called", async () => {
    await expectNotConfigured(
      api,
      newsletterTopicsConnector({ baseUrl: api.url, topics: { news: NEWS } }),
      subject,
    );
  });

  it("copy: the contact's topics across cursor pages, with the API key, the portal's topic keys beside Resend's", async () => {
    const rows = await rowsOf(await newsletterTopicsConnector(config).list(subject, listCtx));
    expect(rows).toEqual([
      { topic: "news", topicId: NEWS, name: "News", subscription: "opt_in" },
      { topic: "offers", topicId: OFFERS, name: "Offers", subscription: "opt_out" },
      { topic: null, topicId: SURVEYS, name: "Surveys", subscription: "opt_in" },
    ]);
    const pages = api.requestsTo("GET", TOPICS);
    expect(pages.map((r) => [r.query.get("limit"), r.query.get("after")])).toEqual([
      ["2", null],
      ["2", OFFERS],
    ]);
    for (const r of pages) {
      expect(r.headers.authorization).toBe(`Bearer ${API_KEY}`);
      // The address is one path segment, encoded.
      expect(r.path).toBe(`/contacts/${encodeURIComponent(EMAIL)}/topics`);
    }
  });

  it("copy: nothing held when the partner has no such contact", async () => {
    contacts.clear();
    expect(await newsletterTopicsConnector(config).list(subject, listCtx)).toEqual({
      status: "nothing_held",
    });
    expect(await contactTopics(EMAIL, config)).toBeNull();
  });

  it("update: opt_in/opt_out per configured topic id; unknown topics left out; repeating it changes nothing", async () => {
    const choices = [
      { topic: "news", subscribed: false },
      { topic: "offers", subscribed: true },
      { topic: "unknown", subscribed: true },
    ];
    expect(await updateContactTopics(EMAIL, choices, config)).toEqual({ status: "done", count: 2 });
    const [patch] = api.requestsTo("PATCH", TOPICS);
    expect(patch?.headers.authorization).toBe(`Bearer ${API_KEY}`);
    expect(patch?.body).toEqual([
      { id: NEWS, subscription: "opt_out" },
      { id: OFFERS, subscription: "opt_in" },
    ]);
    const after = new Map(contacts.get(EMAIL));
    expect(after.get(NEWS)).toBe("opt_out");
    expect(after.get(SURVEYS)).toBe("opt_in");
    expect(await updateContactTopics(EMAIL, choices, config)).toEqual({ status: "done", count: 2 });
    expect(contacts.get(EMAIL)).toEqual(after);
  });

  it("update: a missing contact is nothing held; no configured topic sends nothing", async () => {
    expect(
      await updateContactTopics("nobody@example.test", [{ topic: "news", subscribed: true }], config),
    ).toEqual({
      status: "nothing_held",
    });
    api.clear();
    expect(await updateContactTopics(EMAIL, [{ topic: "surveys", subscribed: true }], config)).toEqual({
      status: "done",
      count: 0,
    });
    expect(api.requests).toHaveLength(0);
  });

  it("waits out a 429 with Retry-After and retries a 5xx, then answers", async () => {
    api.script(
      "GET",
      TOPICS,
      { ...resendError(429, "rate_limit_exceeded", "Too many requests"), headers: { "retry-after": "1" } },
      resendError(500, "internal_server_error", "oops"),
      resendError(503, "application_error", "busy"),
    );
    const started = Date.now();
    expect(await contactTopics(EMAIL, config)).toHaveLength(3);
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.requestsTo("GET", TOPICS)).toHaveLength(3 + 2);
  });

  it("a Retry-After longer than the cap is not slept on: it fails as rate_limited with the wait", async () => {
    api.script("PATCH", TOPICS, {
      ...resendError(429, "rate_limit_exceeded", "Too many requests"),
      headers: { "retry-after": "120" },
    });
    const err = await thrown(updateContactTopics(EMAIL, [{ topic: "news", subscribed: true }], config));
    expect(err.kind).toBe("newsletter_rate_limited");
    expect(err.retryAfterMs).toBe(120_000);
    expect(api.requestsTo("PATCH", TOPICS)).toHaveLength(1);
  });

  it("a refused API key fails at once as unauthorized; errors never carry Resend's message or the address", async () => {
    const err = await thrown(contactTopics(EMAIL, { ...config, apiKey: "re_wrong" }));
    expect(err.kind).toBe("newsletter_unauthorized");
    expect(api.requests).toHaveLength(1);
    api.script("GET", TOPICS, resendError(422, "validation_error", `Invalid contact ${EMAIL}`));
    const bad = await thrown(contactTopics(EMAIL, config));
    expect(bad.kind).toBe("newsletter_rejected");
    for (const e of [err, bad]) {
      expectNoPersonalData(e, /nils|re_wrong|Invalid/);
    }
  });

  it("a connection that fails every time ends as a network failure after the retries", async () => {
    const down = { ...config, baseUrl: "http://127.0.0.1:1" };
    const err = await thrown(contactTopics(EMAIL, down));
    expect(err.kind).toBe("newsletter_network");
  });
});

describe("contact.topics.updated webhook", () => {
  const secret = "whsec_" + Buffer.alloc(24, 7).toString("base64");
  const now = new Date("2026-12-04T10:00:00Z");
  const ts = String(Math.floor(now.getTime() / 1000));
  const map = { news: NEWS, offers: OFFERS };
  // Fixture shape: resend ContactTopicsUpdatedEvent.
  const event: ContactTopicsUpdatedEvent = {
    type: "contact.topics.updated",
    created_at: "2026-12-04T09:59:58.000Z",
    data: {
      email: EMAIL,
      topics: [
        { id: NEWS, subscription: "opt_out" },
        { id: OFFERS, subscription: "opt_in" },
        { id: SURVEYS, subscription: "opt_out" },
      ],
    },
  };
  const signed = (body: string, id = "msg_1", at = ts) => ({
    id,
    timestamp: at,
    signature: `v1,${signSvix(secret, id, at, body)}`,
  });

  it("a verified delivery becomes the portal's topic choices (unconfigured topics left out)", () => {
    const body = JSON.stringify(event);
    expect(parseTopicsWebhook({ secret, headers: signed(body), body, topics: map, now })).toEqual({
      kind: "topics",
      email: EMAIL,
      choices: [
        { topic: "news", subscribed: false },
        { topic: "offers", subscribed: true },
      ],
      at: new Date("2026-12-04T09:59:58.000Z"),
    });
  });

  it("a wrong, missing or old signature is refused before the body is read", () => {
    const body = JSON.stringify(event);
    const headers = signed(body);
    expect(parseTopicsWebhook({ secret, headers, body: body + " ", topics: map, now })).toEqual({
      kind: "unauthorized",
      reason: "bad_signature",
    });
    expect(
      parseTopicsWebhook({ secret, headers: { ...headers, signature: null }, body, topics: map, now }),
    ).toEqual({ kind: "unauthorized", reason: "missing_headers" });
    const old = String(Number(ts) - 600);
    expect(
      parseTopicsWebhook({ secret, headers: signed(body, "msg_1", old), body, topics: map, now }),
    ).toEqual({
      kind: "unauthorized",
      reason: "stale",
    });
    // Not even a JSON body is looked at without a signature.
    expect(
      parseTopicsWebhook({
        secret,
        headers: { id: null, timestamp: null, signature: null },
        body: "{",
        topics: map,
        now,
      }).kind,
    ).toBe("unauthorized");
  });

  it("other events are ignored; a malformed topics event is invalid", () => {
    const other = JSON.stringify({ type: "contact.updated", data: { email: EMAIL, unsubscribed: true } });
    expect(parseTopicsWebhook({ secret, headers: signed(other), body: other, topics: map, now })).toEqual({
      kind: "ignored",
    });
    const bad = JSON.stringify({
      ...event,
      data: { email: EMAIL, topics: [{ id: NEWS, subscription: "maybe" }] },
    });
    expect(parseTopicsWebhook({ secret, headers: signed(bad), body: bad, topics: map, now })).toEqual({
      kind: "invalid",
    });
    expect(
      parseTopicsWebhook({ secret, headers: signed("not json"), body: "not json", topics: map, now }),
    ).toEqual({
      kind: "invalid",
    });
  });
});
