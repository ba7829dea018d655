// A stateful stand-in for the four partner APIs the configured connectors call (WIX, Microsoft 365
// through Graph, PayPal invoicing, Google Analytics 4), for end-to-end tests: one node:http server, each
// API under a prefix of its own, holding people's records that the tests seed and inspect over HTTP.
// The shapes are the ones the connectors' contract tests use (lib/connectors/*.test.ts, from the
// vendors' npm types); credentials and tokens are checked as the real APIs check them.
//
//   WIX              {url}/wix           `Authorization: <api key>` and `wix-site-id`
//   Microsoft 365    {url}/microsoft/{tenant}/oauth2/v2.0/token, then {url}/graph/v1.0 (bearer)
//   PayPal           {url}/paypal        /v1/oauth2/token (HTTP Basic), then bearer
//   Google Analytics {url}/google/token  (a JWT assertion), then {url}/ga (bearer)
//
// The tests' control API, on the same server (JSON in and out):
//   POST /__seed     { wixContacts?, wixSubmissions?, graphItems?, graphMessages?, paypalInvoices? }
//                    adds records (see Seed); answers the ids given
//   GET  /__state    every record held now, and what was deleted (see State)
//   GET  /__requests every request to the APIs so far (`?since=<n>` from the n-th; `?path=<part>`)
//   POST /__script   { method?, path, status, json?, headers?, times? }: the next `times` (default 1)
//                    requests whose path contains `path` get this answer instead (a 429, a 500)
//   POST /__reset    forgets records, requests, scripts and tokens
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { randomUUID } from "node:crypto";

/** The credentials the fake accepts; the connectors' configuration uses the same (e2e/connectors-fixture.ts). */
export const PARTNER_CREDENTIALS = {
  wix: { apiKey: "wix-e2e-api-key", siteId: "5e2e0000-0000-4000-8000-00000000a11e" },
  microsoft: { tenantId: "e2e-tenant", clientId: "e2e-graph-client", clientSecret: "e2e-graph-secret" },
  paypal: { clientId: "e2e-paypal-client", clientSecret: "e2e-paypal-secret" },
  google: { propertyId: "123456789", clientEmail: "portal-e2e@e2e-project.iam.gserviceaccount.com" },
} as const;

const GRAPH_SCOPE = "https://graph.microsoft.com/.default";
const GA_SCOPE = "https://www.googleapis.com/auth/analytics.edit";
const WIX_FORMS_NAMESPACE = "wix.form_app.form";

type Json = Record<string, unknown>;

export type WixContact = {
  id: string;
  revision: number;
  createdDate: string;
  updatedDate: string;
  primaryInfo: { email?: string | null; phone?: string | null };
  info: Json;
  /** A site member: Wix refuses to delete the contact (428 CANNOT_DELETE_SITE_MEMBERS). */
  member?: boolean;
};
export type WixSubmission = {
  id: string;
  formId: string;
  namespace: string;
  status: string;
  submissions: Json;
  createdDate: string;
  contactId: string;
};
export type GraphItem = {
  site: string;
  list: string;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  fields: Json;
};
export type GraphMessage = {
  mailbox: string;
  id: string;
  subject: string;
  receivedDateTime: string;
  sentDateTime: string;
  from: { emailAddress: { address: string; name?: string } };
  toRecipients?: { emailAddress: { address: string; name?: string } }[];
  bodyPreview?: string;
};
/** An invoice as PayPal answers it whole, with the recipient's address the search matches. */
export type PayPalInvoice = Json & { id: string; recipient: string };
export type GaDeletion = { propertyId: string; clientId?: string; identifier: Json; at: string };

/** What a test seeds: records without the ids, dates and revisions the fake fills in when missing. */
export type Seed = {
  wixContacts?: (Partial<WixContact> & { email: string })[];
  wixSubmissions?: (Partial<WixSubmission> & { contactId: string })[];
  graphItems?: (Partial<GraphItem> & { site: string; list: string; fields: Json })[];
  graphMessages?: (Omit<Partial<GraphMessage>, "from"> & {
    mailbox: string;
    subject: string;
    from: string;
  })[];
  paypalInvoices?: (Partial<PayPalInvoice> & { recipient: string })[];
};
export type Seeded = {
  wixContacts: string[];
  wixSubmissions: string[];
  graphItems: string[];
  graphMessages: string[];
  paypalInvoices: string[];
};

export type State = {
  wix: {
    contacts: WixContact[];
    submissions: WixSubmission[];
    deletedContacts: WixContact[];
    deletedSubmissions: (WixSubmission & { permanent: boolean })[];
  };
  graph: {
    items: GraphItem[];
    messages: GraphMessage[];
    deletedItems: GraphItem[];
    deletedMessages: GraphMessage[];
  };
  paypal: { invoices: PayPalInvoice[] };
  ga: { deletions: GaDeletion[] };
  tokens: { microsoft: number; paypal: number; google: number };
};

export type PartnerRequest = {
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string>;
  body: unknown;
  status: number;
};

type Script = {
  method?: string;
  path: string;
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  times: number;
};

type Reply = { status?: number; json?: unknown; headers?: Record<string, string> };

export type FakePartners = {
  url: string;
  state(): State;
  requests: PartnerRequest[];
  close(): Promise<void>;
};

const now = () => new Date().toISOString();
const lower = (s: unknown) => String(s ?? "").toLowerCase();

function emptyState(): State {
  return {
    wix: { contacts: [], submissions: [], deletedContacts: [], deletedSubmissions: [] },
    graph: { items: [], messages: [], deletedItems: [], deletedMessages: [] },
    paypal: { invoices: [] },
    ga: { deletions: [] },
    tokens: { microsoft: 0, paypal: 0, google: 0 },
  };
}

function parseBody(raw: string, contentType: string | undefined): unknown {
  if (!raw) return null;
  if (contentType?.includes("application/x-www-form-urlencoded")) {
    return Object.fromEntries(new URLSearchParams(raw));
  }
  try {
    return JSON.parse(raw) as unknown;
  } catch {
    return raw;
  }
}

// Error bodies as each API gives them.
const wixError = (status: number, message: string, code?: string): Reply => ({
  status,
  json: { message, details: code ? { applicationError: { code, description: message } } : {} },
});
const graphError = (status: number, code: string, message: string): Reply => ({
  status,
  json: { error: { code, message, innerError: { "request-id": randomUUID(), date: now() } } },
});
const paypalError = (status: number, name: string, message: string): Reply => ({
  status,
  json: { name, message, debug_id: randomUUID().slice(0, 13), details: [], links: [] },
});
const googleError = (status: number, reason: string, message: string): Reply => ({
  status,
  json: { error: { code: status, message, status: reason } },
});

/** A JWT's three parts, the header and claims decoded, or null when it is not a well-formed JWS. */
function decodeJwt(token: string): { header: Json; claims: Json } | null {
  const parts = token.split(".");
  if (parts.length !== 3 || parts.some((p) => !/^[A-Za-z0-9_-]+$/.test(p))) return null;
  try {
    const header = JSON.parse(Buffer.from(parts[0]!, "base64url").toString("utf8")) as Json;
    const claims = JSON.parse(Buffer.from(parts[1]!, "base64url").toString("utf8")) as Json;
    return { header, claims };
  } catch {
    return null;
  }
}

export async function startFakePartners(port = 0): Promise<FakePartners> {
  let state = emptyState();
  const requests: PartnerRequest[] = [];
  let scripts: Script[] = [];
  const tokens = { microsoft: new Set<string>(), paypal: new Set<string>(), google: new Set<string>() };

  const issue = (kind: keyof typeof tokens): string => {
    state.tokens[kind] += 1;
    const token = `${kind}-${randomUUID()}`;
    tokens[kind].add(token);
    return token;
  };
  const bearer = (req: IncomingMessage, kind: keyof typeof tokens): boolean => {
    const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ""));
    return Boolean(m && tokens[kind].has(m[1]!));
  };

  function seed(s: Seed): Seeded {
    const out: Seeded = {
      wixContacts: [],
      wixSubmissions: [],
      graphItems: [],
      graphMessages: [],
      paypalInvoices: [],
    };
    for (const c of s.wixContacts ?? []) {
      const { email, ...rest } = c;
      const contact: WixContact = {
        id: rest.id ?? randomUUID(),
        revision: rest.revision ?? 1,
        createdDate: rest.createdDate ?? now(),
        updatedDate: rest.updatedDate ?? now(),
        primaryInfo: rest.primaryInfo ?? { email },
        info: rest.info ?? { emails: { items: [{ id: randomUUID(), tag: "MAIN", email, primary: true }] } },
        ...(rest.member ? { member: true } : {}),
      };
      state.wix.contacts.push(contact);
      out.wixContacts.push(contact.id);
    }
    for (const sub of s.wixSubmissions ?? []) {
      const submission: WixSubmission = {
        id: sub.id ?? randomUUID(),
        formId: sub.formId ?? randomUUID(),
        namespace: sub.namespace ?? WIX_FORMS_NAMESPACE,
        status: sub.status ?? "CONFIRMED",
        submissions: sub.submissions ?? {},
        createdDate: sub.createdDate ?? now(),
        contactId: sub.contactId,
      };
      state.wix.submissions.push(submission);
      out.wixSubmissions.push(submission.id);
    }
    for (const i of s.graphItems ?? []) {
      const item: GraphItem = {
        site: i.site,
        list: i.list,
        id: i.id ?? String(100 + state.graph.items.length + state.graph.deletedItems.length),
        createdDateTime: i.createdDateTime ?? now(),
        lastModifiedDateTime: i.lastModifiedDateTime ?? now(),
        fields: i.fields,
      };
      state.graph.items.push(item);
      out.graphItems.push(item.id);
    }
    for (const m of s.graphMessages ?? []) {
      const message: GraphMessage = {
        mailbox: m.mailbox,
        id: m.id ?? `AAMk${randomUUID().replace(/-/g, "")}`,
        subject: m.subject,
        receivedDateTime: m.receivedDateTime ?? now(),
        sentDateTime: m.sentDateTime ?? m.receivedDateTime ?? now(),
        from: { emailAddress: { address: m.from } },
        toRecipients: m.toRecipients ?? [{ emailAddress: { address: m.mailbox } }],
        bodyPreview: m.bodyPreview ?? "",
      };
      state.graph.messages.push(message);
      out.graphMessages.push(message.id);
    }
    for (const inv of s.paypalInvoices ?? []) {
      const number = randomUUID().replace(/-/g, "").slice(0, 16).toUpperCase();
      const invoice = { ...inv, id: inv.id ?? `INV2-${number.match(/.{4}/g)!.join("-")}` };
      state.paypal.invoices.push(invoice as PayPalInvoice);
      out.paypalInvoices.push(invoice.id);
    }
    return out;
  }

  // ---- WIX (Contacts v4, Wix Forms submissions) ----
  function wix(method: string, path: string, req: IncomingMessage, body: Json | null): Reply {
    if (
      req.headers.authorization !== PARTNER_CREDENTIALS.wix.apiKey ||
      req.headers["wix-site-id"] !== PARTNER_CREDENTIALS.wix.siteId
    ) {
      return { status: 401, json: { message: "Unauthorized", details: {} } };
    }
    const contactJson = ({ member: _m, ...c }: WixContact) => c;
    if (method === "POST" && path === "/contacts/v4/contacts/query") {
      const query = (body?.query ?? {}) as Json;
      const filter = (query.filter ?? {}) as Record<string, { $eq?: string }>;
      const wanted = filter["primaryInfo.email"]?.$eq;
      const paging = (query.paging ?? {}) as { limit?: number; offset?: number };
      const limit = Math.min(paging.limit ?? 50, 1000);
      const offset = paging.offset ?? 0;
      const all = state.wix.contacts.filter(
        (c) => wanted === undefined || lower(c.primaryInfo.email) === lower(wanted),
      );
      const page = all.slice(offset, offset + limit);
      return {
        json: {
          contacts: page.map(contactJson),
          pagingMetadata: { count: page.length, offset, total: all.length, tooManyToCount: false },
        },
      };
    }
    const contact = /^\/contacts\/v4\/contacts\/([^/]+)$/.exec(path);
    if (contact) {
      const id = decodeURIComponent(contact[1]!);
      const c = state.wix.contacts.find((x) => x.id === id);
      if (!c) return wixError(404, "Contact not found", "CONTACT_NOT_FOUND");
      if (method === "GET") return { json: { contact: contactJson(c) } };
      if (method === "PATCH") {
        const revision = Number(body?.revision);
        if (revision !== c.revision) return wixError(409, "revision mismatch", "REVISION_MISMATCH");
        const info = (body?.info ?? {}) as Json;
        // Wix replaces each part it is sent (a list whole).
        c.info = { ...c.info, ...info };
        const emails = (c.info.emails as { items?: { email?: string; primary?: boolean | null }[] })?.items;
        const primaryEmail = emails?.find((e) => e.primary) ?? emails?.[0];
        if (primaryEmail?.email) c.primaryInfo.email = primaryEmail.email;
        const phones = (c.info.phones as { items?: { phone?: string; primary?: boolean | null }[] })?.items;
        if (info.phones) c.primaryInfo.phone = (phones?.find((p) => p.primary) ?? phones?.[0])?.phone ?? null;
        c.revision += 1;
        c.updatedDate = now();
        return { json: { contact: contactJson(c) } };
      }
      if (method === "DELETE") {
        if (c.member) {
          return wixError(428, "Delete the member first", "CANNOT_DELETE_SITE_MEMBERS");
        }
        state.wix.contacts = state.wix.contacts.filter((x) => x !== c);
        state.wix.deletedContacts.push(c);
        return { json: {} };
      }
    }
    if (method === "POST" && path === "/form-submission-service/v4/submissions/namespace/query") {
      const query = (body?.query ?? {}) as Json;
      const paging = (query.cursorPaging ?? {}) as { limit?: number; cursor?: string };
      const limit = Math.min(paging.limit ?? 50, 100);
      let filter = query.filter as Record<string, { $eq?: string }> | undefined;
      let offset = 0;
      if (paging.cursor) {
        if (filter) return wixError(400, "a cursor request takes no filter");
        // The cursor carries the filter and the position, as Wix's opaque cursors do.
        try {
          const c = JSON.parse(Buffer.from(paging.cursor, "base64url").toString("utf8")) as {
            filter: Record<string, { $eq?: string }>;
            offset: number;
          };
          filter = c.filter;
          offset = c.offset;
        } catch {
          return wixError(400, "invalid cursor");
        }
      }
      if (filter?.namespace?.$eq !== WIX_FORMS_NAMESPACE) return wixError(400, "namespace required");
      const contactId = filter.contactId?.$eq;
      const all = state.wix.submissions.filter(
        (s) => s.namespace === WIX_FORMS_NAMESPACE && (contactId === undefined || s.contactId === contactId),
      );
      const page = all.slice(offset, offset + limit);
      const hasNext = offset + limit < all.length;
      const next = hasNext
        ? Buffer.from(JSON.stringify({ filter, offset: offset + limit })).toString("base64url")
        : null;
      return {
        json: {
          submissions: page,
          metadata: { count: page.length, cursors: { next, prev: null }, hasNext },
        },
      };
    }
    const submission = /^\/form-submission-service\/v4\/submissions\/([^/]+)$/.exec(path);
    if (submission && method === "DELETE") {
      const id = decodeURIComponent(submission[1]!);
      const s = state.wix.submissions.find((x) => x.id === id);
      if (!s) return wixError(404, "Submission not found", "SUBMISSION_NOT_FOUND");
      state.wix.submissions = state.wix.submissions.filter((x) => x !== s);
      state.wix.deletedSubmissions.push({
        ...s,
        permanent: new URL(req.url!, "http://x").searchParams.get("permanent") === "true",
      });
      return { json: {} };
    }
    return wixError(404, "no such method");
  }

  // ---- Microsoft identity platform and Graph ----
  function microsoftToken(tenant: string, form: Json | null): Reply {
    const m = PARTNER_CREDENTIALS.microsoft;
    if (tenant !== m.tenantId) {
      return {
        status: 400,
        json: { error: "invalid_request", error_description: "AADSTS90002: Tenant not found" },
      };
    }
    if (form?.client_id !== m.clientId || form?.client_secret !== m.clientSecret) {
      return { status: 401, json: { error: "invalid_client", error_description: "AADSTS7000215" } };
    }
    if (form.grant_type !== "client_credentials" || form.scope !== GRAPH_SCOPE) {
      return { status: 400, json: { error: "invalid_scope", error_description: "AADSTS70011" } };
    }
    return {
      json: {
        token_type: "Bearer",
        expires_in: 3599,
        ext_expires_in: 3599,
        access_token: issue("microsoft"),
      },
    };
  }

  function graph(method: string, path: string, req: IncomingMessage, url: URL, body: Json | null): Reply {
    if (!bearer(req, "microsoft")) {
      return graphError(401, "InvalidAuthenticationToken", "Access token has expired or is not yet valid.");
    }
    const paged = <T>(all: T[]) => {
      const top = Number(url.searchParams.get("$top") ?? "100");
      const skip = Number(url.searchParams.get("$skiptoken") ?? "0");
      const value = all.slice(skip, skip + top);
      if (skip + top >= all.length) return { value };
      const next = new URLSearchParams(url.searchParams);
      next.set("$skiptoken", String(skip + top));
      return { value, "@odata.nextLink": `http://${req.headers.host}${url.pathname}?${next.toString()}` };
    };
    const items = /^\/sites\/([^/]+)\/lists\/([^/]+)\/items(?:\/([^/]+)(\/fields)?)?$/.exec(path);
    if (items) {
      const [site, list] = [decodeURIComponent(items[1]!), decodeURIComponent(items[2]!)];
      const id = items[3] ? decodeURIComponent(items[3]) : null;
      if (!id && method === "GET") {
        if (url.searchParams.get("expand") !== "fields")
          return graphError(400, "invalidRequest", "expand fields");
        const filter = /^fields\/(\w+) eq '((?:[^']|'')*)'$/.exec(url.searchParams.get("$filter") ?? "");
        if (!filter) return graphError(400, "invalidRequest", "Invalid filter clause");
        const [, column, literal] = filter;
        // The fake's lists have no indexed columns: a filter needs the header, as on a list without an index.
        if (req.headers.prefer !== "HonorNonIndexedQueriesWarningMayFailRandomly") {
          return graphError(
            400,
            "invalidRequest",
            `Field '${column}' cannot be referenced in filter or orderby as it is not indexed. Provide the 'Prefer: HonorNonIndexedQueriesWarningMayFailRandomly' header to allow this, but be warned that such queries may fail on large lists.`,
          );
        }
        const wanted = literal!.replace(/''/g, "'");
        const all = state.graph.items.filter(
          (i) => i.site === site && i.list === list && lower(i.fields[column!]) === lower(wanted),
        );
        return {
          json: paged(
            all.map(({ site: _s, list: _l, ...i }) => ({
              ...i,
              fields: { "@odata.etag": `"${i.id},1"`, id: i.id, ...i.fields },
            })),
          ),
        };
      }
      const item = state.graph.items.find((i) => i.site === site && i.list === list && i.id === id);
      if (!item) return graphError(404, "itemNotFound", "The specified list item was not found.");
      if (items[4] && method === "PATCH") {
        item.fields = { ...item.fields, ...body };
        item.lastModifiedDateTime = now();
        return { json: { "@odata.etag": `"${item.id},2"`, id: item.id, ...item.fields } };
      }
      if (!items[4] && method === "DELETE") {
        state.graph.items = state.graph.items.filter((i) => i !== item);
        state.graph.deletedItems.push(item);
        return { status: 204 };
      }
      if (!items[4] && method === "GET") {
        const { site: _s, list: _l, ...rest } = item;
        return { json: rest };
      }
    }
    // What a "test connection" reads: the site, the list and the mailbox's inbox (any name is known here).
    const site = /^\/sites\/([^/]+)(?:\/lists\/([^/]+))?$/.exec(path);
    if (site && method === "GET") {
      const siteId = decodeURIComponent(site[1]!);
      if (!site[2]) return { json: { id: siteId, displayName: "E2E", webUrl: "https://e2e.sharepoint.com" } };
      const list = decodeURIComponent(site[2]);
      return { json: { id: list, name: list, displayName: list, list: { template: "genericList" } } };
    }
    const inbox = /^\/users\/([^/]+)\/mailFolders\/inbox$/.exec(path);
    if (inbox && method === "GET") {
      const mailbox = decodeURIComponent(inbox[1]!);
      const count = state.graph.messages.filter((m) => lower(m.mailbox) === lower(mailbox)).length;
      return { json: { id: "inbox", displayName: "Inbox", totalItemCount: count, unreadItemCount: 0 } };
    }
    const messages = /^\/users\/([^/]+)\/messages(?:\/([^/]+))?$/.exec(path);
    if (messages) {
      const mailbox = decodeURIComponent(messages[1]!);
      const id = messages[2] ? decodeURIComponent(messages[2]) : null;
      if (!id && method === "GET") {
        const search = url.searchParams.get("$search");
        const phrase = search === null ? null : /^"((?:[^"\\]|\\.)*)"$/.exec(search);
        if (search !== null && !phrase) return graphError(400, "BadRequest", "Syntax error in $search");
        const words = phrase ? phrase[1]!.replace(/\\(.)/g, "$1").toLowerCase() : null;
        const select = (url.searchParams.get("$select") ?? "").split(",").filter(Boolean);
        const all = state.graph.messages
          .filter((m) => lower(m.mailbox) === lower(mailbox))
          .filter(
            (m) =>
              words === null ||
              [
                m.subject,
                m.bodyPreview,
                m.from.emailAddress.address,
                ...(m.toRecipients ?? []).map((r) => r.emailAddress.address),
              ].some((v) => lower(v).includes(words)),
          )
          .map(({ mailbox: _m, ...m }) =>
            select.length ? Object.fromEntries(Object.entries(m).filter(([k]) => select.includes(k))) : m,
          );
        return { json: paged(all) };
      }
      const message = state.graph.messages.find((m) => lower(m.mailbox) === lower(mailbox) && m.id === id);
      if (!message)
        return graphError(404, "ErrorItemNotFound", "The specified object was not found in the store.");
      if (method === "DELETE") {
        state.graph.messages = state.graph.messages.filter((m) => m !== message);
        state.graph.deletedMessages.push(message);
        return { status: 204 };
      }
      if (method === "GET") return { json: message };
    }
    return graphError(400, "BadRequest", `Resource not found for the segment '${path}'.`);
  }

  // ---- PayPal ----
  function paypal(method: string, path: string, req: IncomingMessage, url: URL, body: Json | null): Reply {
    if (method === "POST" && path === "/v1/oauth2/token") {
      const p = PARTNER_CREDENTIALS.paypal;
      const basic = Buffer.from(`${p.clientId}:${p.clientSecret}`).toString("base64");
      if (req.headers.authorization !== `Basic ${basic}`) {
        return {
          status: 401,
          json: { error: "invalid_client", error_description: "Client Authentication failed" },
        };
      }
      if (body?.grant_type !== "client_credentials")
        return { status: 400, json: { error: "unsupported_grant_type" } };
      return {
        json: {
          scope: "https://uri.paypal.com/services/invoicing",
          access_token: issue("paypal"),
          token_type: "Bearer",
          app_id: "APP-80W284485P519543T",
          expires_in: 32400,
          nonce: `${now()}e2e`,
        },
      };
    }
    if (!bearer(req, "paypal")) {
      return {
        status: 401,
        json: { error: "invalid_token", error_description: "Token signature verification failed" },
      };
    }
    if (method === "POST" && path === "/v2/invoicing/search-invoices") {
      const page = Number(url.searchParams.get("page") ?? "1");
      const size = Math.min(Number(url.searchParams.get("page_size") ?? "20"), 100);
      const wanted = body?.recipient_email;
      const all = state.paypal.invoices.filter(
        (i) => wanted === undefined || lower(i.recipient) === lower(wanted),
      );
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
    }
    const invoice = /^\/v2\/invoicing\/invoices\/([^/]+)$/.exec(path);
    if (invoice && method === "GET") {
      const id = decodeURIComponent(invoice[1]!);
      const inv = state.paypal.invoices.find((i) => i.id === id);
      if (!inv) return paypalError(404, "RESOURCE_NOT_FOUND", `Invoice ${id} not found`);
      const { recipient, ...rest } = inv;
      return {
        json: {
          ...rest,
          primary_recipients: [{ billing_info: { email_address: recipient } }],
        },
      };
    }
    return paypalError(404, "RESOURCE_NOT_FOUND", "The specified resource does not exist.");
  }

  // ---- Google token endpoint and the Analytics Admin API ----
  function googleToken(form: Json | null, tokenUrl: string): Reply {
    if (form?.grant_type !== "urn:ietf:params:oauth:grant-type:jwt-bearer") {
      return {
        status: 400,
        json: { error: "unsupported_grant_type", error_description: "Invalid grant_type" },
      };
    }
    // Any well-formed assertion: its signature is checked by the connector's unit tests.
    const jwt = decodeJwt(String(form.assertion ?? ""));
    const claims = jwt?.claims;
    const seconds = Math.floor(Date.now() / 1000);
    if (
      !jwt ||
      jwt.header.alg !== "RS256" ||
      typeof claims?.iss !== "string" ||
      claims.aud !== tokenUrl ||
      typeof claims.exp !== "number" ||
      claims.exp < seconds ||
      !String(claims.scope ?? "")
        .split(" ")
        .includes(GA_SCOPE)
    ) {
      return { status: 400, json: { error: "invalid_grant", error_description: "Invalid JWT Signature." } };
    }
    return { json: { access_token: issue("google"), expires_in: 3599, token_type: "Bearer" } };
  }

  function ga(method: string, path: string, req: IncomingMessage, body: Json | null): Reply {
    if (!bearer(req, "google")) {
      return googleError(401, "UNAUTHENTICATED", "Request had invalid authentication credentials.");
    }
    const m = /^\/(v1alpha|v1beta)\/properties\/([^/:]+)(:submitUserDeletion)?$/.exec(path);
    if (!m) return googleError(404, "NOT_FOUND", "Method not found.");
    const propertyId = m[2]!;
    if (propertyId !== PARTNER_CREDENTIALS.google.propertyId) {
      return googleError(403, "PERMISSION_DENIED", "The caller does not have permission");
    }
    if (m[3] && method === "POST" && m[1] === "v1alpha") {
      const identifier = body ?? {};
      const keys = Object.keys(identifier);
      if (
        keys.length !== 1 ||
        !["clientId", "userId", "appInstanceId", "userProvidedData"].includes(keys[0]!)
      ) {
        return googleError(400, "INVALID_ARGUMENT", "Exactly one user identifier is required.");
      }
      const at = now();
      state.ga.deletions.push({
        propertyId,
        ...(typeof identifier.clientId === "string" ? { clientId: identifier.clientId } : {}),
        identifier,
        at,
      });
      return { json: { deletionRequestTime: at } };
    }
    if (!m[3] && method === "GET") {
      return {
        json: {
          name: `properties/${propertyId}`,
          propertyType: "PROPERTY_TYPE_ORDINARY",
          createTime: "2024-01-01T00:00:00Z",
          updateTime: "2024-01-01T00:00:00Z",
          parent: "accounts/100",
          displayName: "E2E shop",
          industryCategory: "SHOPPING",
          timeZone: "Europe/Stockholm",
          currencyCode: "SEK",
          serviceLevel: "GOOGLE_ANALYTICS_STANDARD",
          account: "accounts/100",
        },
      };
    }
    return googleError(404, "NOT_FOUND", "Method not found.");
  }

  function route(method: string, url: URL, req: IncomingMessage, body: unknown): Reply {
    const path = url.pathname;
    const json = body && typeof body === "object" && !Array.isArray(body) ? (body as Json) : null;
    let m: RegExpExecArray | null;
    if ((m = /^\/wix(\/.*)$/.exec(path))) return wix(method, m[1]!, req, json);
    if ((m = /^\/microsoft\/([^/]+)\/oauth2\/v2\.0\/token$/.exec(path)) && method === "POST") {
      return microsoftToken(decodeURIComponent(m[1]!), json);
    }
    if ((m = /^\/graph\/v1\.0(\/.*)$/.exec(path))) return graph(method, m[1]!, req, url, json);
    if ((m = /^\/paypal(\/.*)$/.exec(path))) return paypal(method, m[1]!, req, url, json);
    if (path === "/google/token" && method === "POST") {
      return googleToken(json, `http://${req.headers.host}${path}`);
    }
    if ((m = /^\/ga(\/.*)$/.exec(path))) return ga(method, m[1]!, req, json);
    return { status: 404, json: { message: "no such API in the fake" } };
  }

  function control(method: string, url: URL, body: unknown): Reply | null {
    switch (`${method} ${url.pathname}`) {
      case "POST /__seed":
        return { json: seed((body ?? {}) as Seed) };
      case "GET /__state":
        return { json: state };
      case "GET /__requests": {
        const since = Number(url.searchParams.get("since") ?? "0");
        const part = url.searchParams.get("path");
        return {
          json: requests.slice(since).filter((r) => part === null || r.path.includes(part)),
        };
      }
      case "POST /__script": {
        const s = (body ?? {}) as Partial<Script>;
        if (typeof s.path !== "string" || typeof s.status !== "number") {
          return { status: 400, json: { message: "path and status are required" } };
        }
        scripts.push({
          path: s.path,
          status: s.status,
          times: s.times ?? 1,
          ...(s.method ? { method: s.method.toUpperCase() } : {}),
          ...(s.json !== undefined ? { json: s.json } : {}),
          ...(s.headers ? { headers: s.headers } : {}),
        });
        return { json: { scripts: scripts.length } };
      }
      case "POST /__reset":
        state = emptyState();
        requests.length = 0;
        scripts = [];
        for (const set of Object.values(tokens)) set.clear();
        return { json: {} };
      default:
        return null;
    }
  }

  async function handle(req: IncomingMessage, res: ServerResponse) {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const raw = Buffer.concat(chunks).toString("utf8");
    const url = new URL(req.url ?? "/", "http://fake.invalid");
    const method = req.method ?? "GET";
    const body = parseBody(raw, req.headers["content-type"]);

    let reply = url.pathname.startsWith("/__") ? control(method, url, body) : null;
    if (!reply) {
      const script = scripts.find((s) => (!s.method || s.method === method) && url.pathname.includes(s.path));
      if (script) {
        script.times -= 1;
        if (script.times <= 0) scripts = scripts.filter((s) => s !== script);
        reply = { status: script.status, json: script.json ?? {}, headers: script.headers ?? {} };
      } else {
        reply = route(method, url, req, body);
      }
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) {
        if (v !== undefined) headers[k] = Array.isArray(v) ? v.join(", ") : v;
      }
      requests.push({
        at: now(),
        method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers,
        body,
        status: reply.status ?? 200,
      });
    }
    const status = reply.status ?? 200;
    const text = status === 204 || reply.json === undefined ? "" : JSON.stringify(reply.json);
    res.writeHead(status, {
      ...(text ? { "content-type": "application/json" } : {}),
      ...reply.headers,
    });
    res.end(text);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", resolve);
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    state: () => state,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
