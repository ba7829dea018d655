// The Microsoft 365 (Graph) connector's contract, against a local fake of Microsoft Graph v1.0 and of the
// Microsoft identity platform's token endpoint: client credentials, SharePoint list items filtered on
// the email column (with and without an index), mailbox search with ConsistencyLevel, @odata.nextLink
// paging, 429 with Retry-After, 5xx, an expired token, and erasure that never deletes a message.
import type { EmailAddress, ListItem, Message, Recipient } from "@microsoft/microsoft-graph-types";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  bearerOf,
  ctx,
  expectNoPersonalData,
  expectNotConfigured,
  listCtx,
  rowsBySection as rowsOf,
  subjectFor,
  thrown,
  fakeApiForFile,
} from "../../test/connector-contract";
import type { RecordedRequest, Reply } from "../../test/fake-api";
import { GRAPH_SCOPE, microsoftGraphConnector, type MicrosoftGraphConfig } from "./microsoft-graph";

const EMAIL = "nils.svensson@example.test";
const SITE = "contoso.sharepoint.com,11111111-aaaa,22222222-bbbb";
const CLIENT_ID = "00000000-client";
const CLIENT_SECRET = "graph-secret-value";
const ITEMS = "/sites/{site}/lists/{list}/items";
const ITEM = "/sites/{site}/lists/{list}/items/{id}";
const MESSAGES = "/users/{user}/messages";

const subject = subjectFor(EMAIL);

type StoredItem = ListItem & { list: string };
type StoredMessage = Message & { mailbox: string };

const api = fakeApiForFile();
let config: MicrosoftGraphConfig;
let items: Map<string, StoredItem>;
let messages: Map<string, StoredMessage>;
let tokensIssued = 0;
let validTokens: Set<string>;

// ---------------------------------------------------------------- the fake Graph

function itemFixture(id: string, list: string, email: string): StoredItem {
  // Fixture shape: @microsoft/microsoft-graph-types ListItem (fields: FieldValueSet, the list's columns
  // by internal name, plus the columns SharePoint adds itself).
  return {
    list,
    id,
    createdDateTime: "2026-02-01T09:00:00Z",
    lastModifiedDateTime: "2026-02-02T09:00:00Z",
    eTag: `"${id},1"`,
    fields: {
      "@odata.etag": `"${id},1"`,
      id,
      Title: `Enquiry ${id}`,
      Email: email,
      FirstName: "Nils",
      Phone: "+46701234567",
      ContentType: "Item",
      Modified: "2026-02-02T09:00:00Z",
      Created: "2026-02-01T09:00:00Z",
      AuthorLookupId: "7",
      _UIVersionString: "1.0",
    } as ListItem["fields"],
  };
}

function messageFixture(id: string, mailbox: string, about: string, day: number): StoredMessage {
  // Fixture shape: @microsoft/microsoft-graph-types Message, Recipient, EmailAddress.
  const address: EmailAddress = { address: about, name: "Nils Svensson" };
  const from: Recipient = { emailAddress: address };
  return {
    mailbox,
    id,
    receivedDateTime: `2026-03-0${day}T10:00:00Z`,
    sentDateTime: `2026-03-0${day}T09:59:00Z`,
    subject: `Order question ${id}`,
    from,
    body: { contentType: "text", content: `Hello, this is ${about}, my personnummer is 19800101-1234` },
    bodyPreview: "Hello, this is",
  };
}

const graphError = (status: number, code: string, message: string): Reply => ({
  status,
  // Graph's error body (ODataError): { error: { code, message, innerError } }.
  json: { error: { code, message, innerError: { "request-id": "r-1", date: "2026-03-01T10:00:00" } } },
});

function authorized(req: RecordedRequest): boolean {
  const token = bearerOf(req);
  return token !== null && validTokens.has(token);
}
const unauthorized = graphError(
  401,
  "InvalidAuthenticationToken",
  "Access token has expired or is not yet valid.",
);

/** Pages of `all` by $top and a numeric $skiptoken, with an absolute next link as Graph gives it. */
function paged<T>(req: RecordedRequest, all: T[]): { value: T[]; "@odata.nextLink"?: string } {
  const top = Number(req.query.get("$top") ?? "100");
  const skip = Number(req.query.get("$skiptoken") ?? "0");
  const value = all.slice(skip, skip + top);
  if (skip + top >= all.length) return { value };
  const next = new URLSearchParams(req.query);
  next.set("$skiptoken", String(skip + top));
  return { value, "@odata.nextLink": `${api.url}${req.path}?${next.toString()}` };
}

function installFakeGraph() {
  // The Microsoft identity platform's token endpoint (client secret in the form body).
  api.route("POST", "/token", (req) => {
    const form = req.body as Record<string, string>;
    if (form.client_id !== CLIENT_ID || form.client_secret !== CLIENT_SECRET) {
      return { status: 401, json: { error: "invalid_client", error_description: "AADSTS7000215" } };
    }
    if (form.grant_type !== "client_credentials" || form.scope !== GRAPH_SCOPE) {
      return { status: 400, json: { error: "invalid_scope" } };
    }
    tokensIssued += 1;
    const token = `graph-token-${tokensIssued}`;
    validTokens.add(token);
    return { json: { token_type: "Bearer", expires_in: 3599, access_token: token } };
  });

  api.route("GET", ITEMS, (req, { list }) => {
    if (!authorized(req)) return unauthorized;
    if (req.query.get("expand") !== "fields") return graphError(400, "invalidRequest", "expand fields");
    const filter = /^fields\/(\w+) eq '((?:[^']|'')*)'$/.exec(req.query.get("$filter") ?? "");
    if (!filter) return graphError(400, "invalidRequest", "Invalid filter clause");
    const [, column, literal] = filter;
    // The "Contacts" list's email column is indexed; any other list's is not.
    if (list !== "Contacts" && req.headers.prefer !== "HonorNonIndexedQueriesWarningMayFailRandomly") {
      return graphError(
        400,
        "invalidRequest",
        `Field '${column}' cannot be referenced in filter or orderby as it is not indexed.`,
      );
    }
    const wanted = literal!.replace(/''/g, "'");
    const all = [...items.values()].filter(
      (i) => i.list === list && (i.fields as Record<string, unknown>)[column!] === wanted,
    );
    return {
      json: paged(
        req,
        all.map(({ list: _l, ...i }) => i),
      ),
    };
  });
  api.route("PATCH", `${ITEM}/fields`, (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const item = items.get(id!);
    if (!item) return graphError(404, "itemNotFound", "Item not found");
    // Fixture shape: FieldValueSet (the changed columns only); the answer is the whole set.
    item.fields = { ...item.fields, ...(req.body as Record<string, unknown>) } as ListItem["fields"];
    return { json: item.fields };
  });
  api.route("DELETE", ITEM, (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    if (!items.delete(id!)) return graphError(404, "itemNotFound", "Item not found");
    return { status: 204 };
  });

  api.route("GET", MESSAGES, (req, { user }) => {
    if (!authorized(req)) return unauthorized;
    if (req.headers.consistencylevel !== "eventual") {
      return graphError(400, "BadRequest", "$search requires ConsistencyLevel eventual");
    }
    const phrase = /^"(.*)"$/.exec(req.query.get("$search") ?? "");
    if (!phrase) return graphError(400, "BadRequest", "Syntax error in $search");
    const select = (req.query.get("$select") ?? "").split(",");
    const all = [...messages.values()]
      .filter((m) => m.mailbox === user && JSON.stringify(m).includes(phrase[1]!))
      .map((m) => Object.fromEntries(Object.entries(m).filter(([k]) => select.includes(k))) as Message);
    return { json: paged(req, all) };
  });
  api.route("DELETE", `${MESSAGES}/{id}`, (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    messages.delete(id!);
    return { status: 204 };
  });
}

beforeAll(() => {
  installFakeGraph();
  config = {
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    tokenUrl: `${api.url}/token`,
    baseUrl: api.url,
    lists: [
      {
        site: SITE,
        list: "Contacts",
        emailColumn: "Email",
        indexed: true,
        columns: { firstName: "FirstName" },
      },
      { site: SITE, list: "Enquiries", emailColumn: "Email", category: "support" },
    ],
    mailboxes: ["info@company.test", "orders@company.test"],
    pageSize: 2,
    http: { retry: { backoffMs: 5, backoffLimitMs: 20 } },
    personValue: async () => "+46709999999",
  };
});
beforeEach(() => {
  items = new Map();
  messages = new Map();
  validTokens = new Set();
});

function seed() {
  for (const id of ["1", "2", "3"]) items.set(id, itemFixture(id, "Contacts", EMAIL));
  items.set("9", itemFixture("9", "Enquiries", EMAIL));
  items.set("8", itemFixture("8", "Contacts", "someone.else@example.test"));
  messages.set("m1", messageFixture("m1", "info@company.test", EMAIL, 1));
  messages.set("m2", messageFixture("m2", "info@company.test", EMAIL, 2));
  messages.set("m3", messageFixture("m3", "info@company.test", EMAIL, 3));
  messages.set("m4", messageFixture("m4", "orders@company.test", EMAIL, 4));
  messages.set("m5", messageFixture("m5", "orders@company.test", "someone.else@example.test", 5));
}

const messageDeletes = () =>
  api.requests.filter((r) => r.method === "DELETE" && r.path.startsWith("/users/"));

// ---------------------------------------------------------------- the contract

describe("Microsoft 365 (Graph) connector", () => {
  it("not configured: without a secret, or with nothing named to search, it says so and calls nothing", async () => {
    await expectNotConfigured(
      api,
      [
        microsoftGraphConnector({ ...config, clientSecret: undefined }),
        microsoftGraphConnector({ ...config, lists: [], mailboxes: [] }),
      ],
      subject,
      { correction: { category: "identity", field: "firstName" }, erase: true },
    );
  });

  it("copy: list items and messages across @odata.nextLink pages, with the app-only token on every call", async () => {
    seed();
    const listing = await microsoftGraphConnector(config).list(subject, listCtx);
    expect(listing.status).toBe("ok");
    const rows = await rowsOf(listing);

    const contacts = rows["contact/microsoft_365_list_items"]!;
    expect(contacts.map((r) => r.itemId)).toEqual(["1", "2", "3"]);
    // The list's own columns; SharePoint's system columns are left out.
    expect(contacts[0]).toEqual({
      list: "Contacts",
      itemId: "1",
      fields: { Title: "Enquiry 1", Email: EMAIL, FirstName: "Nils", Phone: "+46701234567" },
      createdAt: "2026-02-01T09:00:00Z",
      updatedAt: "2026-02-02T09:00:00Z",
    });
    expect(rows["support/microsoft_365_list_items"]!.map((r) => r.itemId)).toEqual(["9"]);

    const mail = rows["support/microsoft_365_messages"]!;
    expect(mail.map((r) => [r.mailbox, r.messageId])).toEqual([
      ["orders@company.test", "m4"],
      ["info@company.test", "m3"],
      ["info@company.test", "m2"],
      ["info@company.test", "m1"],
    ]);
    // Date, subject and sender only: never the body.
    expect(mail[0]).toEqual({
      mailbox: "orders@company.test",
      messageId: "m4",
      receivedAt: "2026-03-04T10:00:00Z",
      sentAt: "2026-03-04T09:59:00Z",
      subject: "Order question m4",
      from: EMAIL,
      fromName: "Nils Svensson",
    });
    expect(JSON.stringify(rows)).not.toContain("personnummer");

    // Client credentials once, in the form body, for Graph's .default scope.
    const [tokenRequest, ...more] = api.requestsTo("POST", "/token");
    expect(more).toHaveLength(0);
    expect(tokenRequest?.body).toEqual({
      grant_type: "client_credentials",
      scope: GRAPH_SCOPE,
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
    });
    const calls = api.requests.filter((r) => r.path !== "/token");
    for (const r of calls) expect(r.headers.authorization).toBe("Bearer graph-token-1");

    // Contacts: 3 items in pages of 2; the second page is the next link as given.
    const contactPages = api.requests.filter((r) => r.path.endsWith("/lists/Contacts/items"));
    expect(contactPages.map((r) => r.query.get("$skiptoken"))).toEqual([null, "2"]);
    expect(contactPages[0]!.path).toBe(`/sites/${encodeURIComponent(SITE)}/lists/Contacts/items`);
    expect(contactPages[0]!.query.get("$filter")).toBe(`fields/Email eq '${EMAIL}'`);
    // The indexed column needs no Prefer header; the other list's does.
    expect(contactPages[0]!.headers.prefer).toBeUndefined();
    const enquiries = api.requests.find((r) => r.path.endsWith("/lists/Enquiries/items"));
    expect(enquiries?.headers.prefer).toBe("HonorNonIndexedQueriesWarningMayFailRandomly");

    const searches = api.requestsTo("GET", MESSAGES);
    expect(searches.map((r) => [r.path, r.query.get("$skiptoken")])).toEqual([
      ["/users/info%40company.test/messages", null],
      ["/users/info%40company.test/messages", "2"],
      ["/users/orders%40company.test/messages", null],
    ]);
    for (const r of searches) {
      expect(r.headers.consistencylevel).toBe("eventual");
      expect(r.query.get("$search")).toBe(`"${EMAIL}"`);
      expect(r.query.get("$select")).not.toContain("body");
    }
  });

  it("copy: nothing held when no item or message has the address", async () => {
    expect(await microsoftGraphConnector(config).list(subject, listCtx)).toEqual({ status: "nothing_held" });
  });

  it("an address with a quote is escaped in the filter and the search", async () => {
    const odd = { ...subject, email: `o'neil"x@example.test` };
    items.set("5", itemFixture("5", "Contacts", odd.email));
    const rows = await rowsOf(await microsoftGraphConnector(config).list(odd, listCtx));
    expect(rows["contact/microsoft_365_list_items"]!.map((r) => r.itemId)).toEqual(["5"]);
    const [first] = api.requests.filter((r) => r.path.endsWith("/lists/Contacts/items"));
    expect(first!.query.get("$filter")).toBe(`fields/Email eq 'o''neil"x@example.test'`);
    expect(api.requestsTo("GET", MESSAGES)[0]!.query.get("$search")).toBe(`"o'neil\\"x@example.test"`);
  });

  it("waits out a 429 with Retry-After and retries a 5xx, then reads", async () => {
    seed();
    api.script("GET", ITEMS, graphError(429, "TooManyRequests", "Too many requests"), {
      ...graphError(429, "TooManyRequests", "Too many requests"),
      headers: { "retry-after": "1" },
    });
    api.script(
      "GET",
      MESSAGES,
      graphError(503, "serviceNotAvailable", "down"),
      graphError(500, "generalException", "x"),
    );
    const started = Date.now();
    const listing = await microsoftGraphConnector(config).list(subject, listCtx);
    expect(listing.status).toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.requestsTo("GET", MESSAGES).length).toBe(3 + 2);
  });

  it("an expired token (401) is renewed once at the token endpoint", async () => {
    seed();
    const graph = microsoftGraphConnector(config);
    await graph.list(subject, listCtx);
    expect(tokensIssued).toBeGreaterThan(0);
    const before = tokensIssued;
    // The token expires at Microsoft before its stated lifetime.
    validTokens.clear();
    api.clear();
    expect((await graph.list(subject, listCtx)).status).toBe("ok");
    expect(tokensIssued).toBe(before + 1);
    const [first, second] = api.requests.filter((r) => r.path !== "/token");
    expect(first?.headers.authorization).not.toBe(second?.headers.authorization);
    expect(second?.headers.authorization).toBe(`Bearer graph-token-${tokensIssued}`);
  });

  it("a wrong client secret fails as auth_failed, without the secret or the address", async () => {
    seed();
    const err = await thrown(
      microsoftGraphConnector({ ...config, clientSecret: "wrong-secret" }).list(subject, listCtx),
    );
    expect(err.kind).toBe("microsoft_365_auth_failed");
    expectNoPersonalData(err, /wrong-secret|nils/);
  });

  it("an API error never carries Graph's message or the person's data", async () => {
    api.script("GET", ITEMS, graphError(403, "accessDenied", `Access denied to ${EMAIL} on site ${SITE}`));
    const err = await thrown(microsoftGraphConnector(config).list(subject, listCtx));
    expect(err.kind).toBe("microsoft_365_forbidden");
    expect(err.status).toBe(403);
    expectNoPersonalData(err, /nils|contoso/);
  });

  it("a next link to another host is not followed (the token would go with it)", async () => {
    seed();
    api.script("GET", ITEMS, {
      json: { value: [], "@odata.nextLink": "https://elsewhere.example/steal?x=1" },
    });
    const err = await thrown(microsoftGraphConnector(config).list(subject, listCtx));
    expect(err.kind).toBe("microsoft_365_bad_response");
  });

  it("correct: the first name goes to each matching item of a list that maps it", async () => {
    seed();
    const renamed = { ...subject, firstName: "Nisse" };
    const outcome = await microsoftGraphConnector(config).correct!(
      renamed,
      { category: "identity", field: "firstName" },
      ctx,
    );
    expect(outcome).toEqual({ status: "done", count: 3 });
    const patches = api.requestsTo("PATCH", `${ITEM}/fields`);
    expect(patches.map((r) => r.body)).toEqual([
      { FirstName: "Nisse" },
      { FirstName: "Nisse" },
      { FirstName: "Nisse" },
    ]);
    expect((items.get("1")!.fields as Record<string, unknown>).FirstName).toBe("Nisse");
    // The Enquiries list maps no first name: it is not searched.
    expect(api.requests.some((r) => r.path.endsWith("/lists/Enquiries/items"))).toBe(false);
  });

  it("correct: a new email finds the items by the old one and writes the new one to the email column", async () => {
    seed();
    const moved = { ...subject, email: "nils.new@example.test" };
    const outcome = await microsoftGraphConnector(config).correct!(
      moved,
      { category: "addresses", field: "email", previous: EMAIL },
      ctx,
    );
    expect(outcome).toEqual({ status: "done", count: 4 });
    expect(
      [...items.values()].filter((i) => (i.fields as { Email: string }).Email === moved.email),
    ).toHaveLength(4);
  });

  it("correct: a field no list maps, or no item, is nothing held", async () => {
    const graph = microsoftGraphConnector(config);
    expect(await graph.correct!(subject, { category: "identity", field: "personnummer" }, ctx)).toEqual({
      status: "nothing_held",
    });
    expect(await graph.correct!(subject, { category: "identity", field: "firstName" }, ctx)).toEqual({
      status: "nothing_held",
    });
    expect(api.requestsTo("PATCH", `${ITEM}/fields`)).toHaveLength(0);
  });

  it("erase: list items are deleted; messages are counted for staff to confirm, never deleted", async () => {
    seed();
    // One item was removed by hand between the search and the delete: its 404 counts as done.
    api.script("DELETE", ITEM, graphError(404, "itemNotFound", "Item not found"));
    const graph = microsoftGraphConnector(config);
    expect(await graph.erase!(subject, ctx)).toEqual({
      status: "needs_confirmation",
      what: "messages",
      count: 4,
      erased: 4,
    });
    expect([...items.keys()].sort()).toEqual(["1", "8"]);
    expect(messages.size).toBe(5);

    // A retry deletes what is left and still leaves the messages to staff.
    expect(await graph.erase!(subject, ctx)).toEqual({
      status: "needs_confirmation",
      what: "messages",
      count: 4,
      erased: 1,
    });
    expect([...items.keys()]).toEqual(["8"]);
    expect(messageDeletes()).toHaveLength(0);
    expect(messages.size).toBe(5);
  });

  it("erase: without matching messages it is done, and a retry afterwards is nothing held", async () => {
    seed();
    messages.clear();
    const graph = microsoftGraphConnector(config);
    expect(await graph.erase!(subject, ctx)).toEqual({ status: "done", count: 4 });
    expect(await graph.erase!(subject, ctx)).toEqual({ status: "nothing_held" });
    expect(messageDeletes()).toHaveLength(0);
  });
});
