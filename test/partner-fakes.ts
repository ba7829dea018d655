// The configured connectors (WIX, Microsoft 365, PayPal, Google Analytics) against one local fake API,
// for the copy's and the correction's tests: each partner's routes (shapes as in the connectors' contract
// tests, lib/connectors/*.test.ts), records the test seeds and inspects, and ConnectorConfig rows that
// point the real configuration (lib/connectors/config.ts) at the fake. A connector's configuration is
// one row for every process, so files that use this are *.sequential.test.ts.
import { db } from "../lib/db";
import { sealSecret, type ConfigurableKey } from "../lib/connectors/config";
import { startFakeApi, type FakeApi, type RecordedRequest } from "./fake-api";

export const SITE = "contoso.sharepoint.com,11111111-aaaa,22222222-bbbb";
export const MAILBOX = "info@company.test";
const WIX_API_KEY = "IST.wix-test-key";
const WIX_SITE_ID = "0b9a7d5e-site";

export type FakeWixContact = {
  id: string;
  revision: number;
  primaryInfo: { email?: string | null; phone?: string | null };
  info: Record<string, unknown>;
  createdDate?: string;
  updatedDate?: string;
};
export type FakeWixSubmission = {
  id: string;
  formId: string;
  namespace: string;
  status: string;
  submissions: Record<string, unknown>;
  createdDate: string;
  contactId: string;
};
export type FakeGraphItem = {
  list: string;
  id: string;
  createdDateTime: string;
  lastModifiedDateTime: string;
  fields: Record<string, unknown>;
};
export type FakeGraphMessage = {
  mailbox: string;
  id: string;
  receivedDateTime: string;
  sentDateTime: string;
  subject: string;
  from: { emailAddress: { address: string; name?: string } };
};
export type FakePayPalInvoice = Record<string, unknown> & { id: string; recipient: string };

export type PartnerFakes = {
  api: FakeApi;
  wixContacts: Map<string, FakeWixContact>;
  wixSubmissions: Map<string, FakeWixSubmission>;
  graphItems: Map<string, FakeGraphItem>;
  graphMessages: Map<string, FakeGraphMessage>;
  paypalInvoices: Map<string, FakePayPalInvoice>;
  /** Forget records and requests (routes stay). */
  reset(): void;
};

export async function startPartnerFakes(): Promise<PartnerFakes> {
  const api = await startFakeApi();
  const fakes: PartnerFakes = {
    api,
    wixContacts: new Map(),
    wixSubmissions: new Map(),
    graphItems: new Map(),
    graphMessages: new Map(),
    paypalInvoices: new Map(),
    reset() {
      for (const m of [
        fakes.wixContacts,
        fakes.wixSubmissions,
        fakes.graphItems,
        fakes.graphMessages,
        fakes.paypalInvoices,
      ])
        m.clear();
      api.clear();
    },
  };
  installWix(fakes);
  installGraph(fakes);
  installPayPal(fakes);
  return fakes;
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;
const bearer = (req: RecordedRequest) => /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1] ?? null;

function installWix(f: PartnerFakes) {
  const { api } = f;
  const authorized = (req: RecordedRequest) =>
    req.headers.authorization === WIX_API_KEY && req.headers["wix-site-id"] === WIX_SITE_ID;
  const unauthorized = { status: 401, json: { message: "Unauthorized", details: {} } };
  api.route("POST", "/contacts/v4/contacts/query", (req) => {
    if (!authorized(req)) return unauthorized;
    const q = (
      req.body as {
        query: { filter: Record<string, { $eq: string }>; paging: { limit: number; offset: number } };
      }
    ).query;
    const wanted = q.filter["primaryInfo.email"]?.$eq;
    const all = [...f.wixContacts.values()].filter((c) => c.primaryInfo.email === wanted);
    const page = all.slice(q.paging.offset, q.paging.offset + q.paging.limit);
    // Fixture shape: @wix/contacts QueryContactsResponse.
    return {
      json: json({
        contacts: page,
        pagingMetadata: { count: page.length, offset: q.paging.offset, total: all.length },
      }),
    };
  });
  api.route("GET", "/contacts/v4/contacts/{id}", (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const c = f.wixContacts.get(id!);
    return c ? { json: { contact: json(c) } } : { status: 404, json: { message: "Contact not found" } };
  });
  api.route("PATCH", "/contacts/v4/contacts/{id}", (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const c = f.wixContacts.get(id!);
    if (!c) return { status: 404, json: { message: "Contact not found" } };
    // Fixture shape: @wix/contacts UpdateContactRequest (contactId in the path).
    const body = req.body as { revision: number; info: Record<string, unknown> };
    if (body.revision !== c.revision) {
      return {
        status: 409,
        json: { message: "revision mismatch", details: { applicationError: { code: "REVISION_MISMATCH" } } },
      };
    }
    const updated: FakeWixContact = { ...c, revision: c.revision + 1, info: { ...c.info, ...body.info } };
    const emails = (body.info.emails as { items?: { email?: string; primary?: boolean }[] } | undefined)
      ?.items;
    const primary = emails?.find((e) => e.primary)?.email;
    if (primary) updated.primaryInfo = { ...updated.primaryInfo, email: primary };
    f.wixContacts.set(id!, updated);
    return { json: { contact: json(updated) } };
  });
  api.route("POST", "/form-submission-service/v4/submissions/namespace/query", (req) => {
    if (!authorized(req)) return unauthorized;
    const { query } = req.body as { query: { filter?: Record<string, { $eq: string }> } };
    const contactId = query.filter?.contactId?.$eq;
    const page = [...f.wixSubmissions.values()].filter((s) => s.contactId === contactId);
    // Fixture shape: @wix/forms QuerySubmissionsByNamespaceResponse (CursorPagingMetadata).
    return {
      json: json({
        submissions: page,
        metadata: { count: page.length, cursors: { next: null }, hasNext: false },
      }),
    };
  });
}

const GRAPH_TOKEN = "graph-token";
function installGraph(f: PartnerFakes) {
  const { api } = f;
  const unauthorized = {
    status: 401,
    json: { error: { code: "InvalidAuthenticationToken", message: "expired" } },
  };
  api.route("POST", "/graph-token", () => ({
    json: { token_type: "Bearer", expires_in: 3599, access_token: GRAPH_TOKEN },
  }));
  api.route("GET", "/sites/{site}/lists/{list}/items", (req, { list }) => {
    if (bearer(req) !== GRAPH_TOKEN) return unauthorized;
    const filter = /^fields\/(\w+) eq '((?:[^']|'')*)'$/.exec(req.query.get("$filter") ?? "");
    if (!filter) return { status: 400, json: { error: { code: "invalidRequest", message: "filter" } } };
    const [, column, literal] = filter;
    const wanted = literal!.replace(/''/g, "'");
    const value = [...f.graphItems.values()]
      .filter((i) => i.list === list && i.fields[column!] === wanted)
      .map(({ list: _l, ...i }) => i);
    return { json: json({ value }) };
  });
  api.route("PATCH", "/sites/{site}/lists/{list}/items/{id}/fields", (req, { id }) => {
    if (bearer(req) !== GRAPH_TOKEN) return unauthorized;
    const item = f.graphItems.get(id!);
    if (!item) return { status: 404, json: { error: { code: "itemNotFound", message: "Item not found" } } };
    // Fixture shape: FieldValueSet (the changed columns only); the answer is the whole set.
    item.fields = { ...item.fields, ...(req.body as Record<string, unknown>) };
    return { json: json(item.fields) };
  });
  api.route("GET", "/users/{user}/messages", (req, { user }) => {
    if (bearer(req) !== GRAPH_TOKEN) return unauthorized;
    const phrase = /^"(.*)"$/.exec(req.query.get("$search") ?? "")?.[1] ?? "";
    const value = [...f.graphMessages.values()]
      .filter((m) => m.mailbox === decodeURIComponent(user!) && JSON.stringify(m).includes(phrase))
      .map(({ mailbox: _m, ...m }) => m);
    return { json: json({ value }) };
  });
}

const PAYPAL_TOKEN = "A21-paypal-token";
function installPayPal(f: PartnerFakes) {
  const { api } = f;
  const unauthorized = { status: 401, json: { error: "invalid_token" } };
  api.route("POST", "/v1/oauth2/token", () => ({
    json: { access_token: PAYPAL_TOKEN, token_type: "Bearer", expires_in: 32400 },
  }));
  api.route("POST", "/v2/invoicing/search-invoices", (req) => {
    if (bearer(req) !== PAYPAL_TOKEN) return unauthorized;
    const wanted = (req.body as { recipient_email?: string }).recipient_email;
    const all = [...f.paypalInvoices.values()].filter((i) => i.recipient === wanted);
    return {
      json: json({
        items: all.map(({ id, status, detail, amount }) => ({ id, status, detail, amount })),
        total_items: all.length,
        total_pages: 1,
        links: [],
      }),
    };
  });
  api.route("GET", "/v2/invoicing/invoices/{id}", (req, { id }) => {
    if (bearer(req) !== PAYPAL_TOKEN) return unauthorized;
    const inv = f.paypalInvoices.get(id!);
    if (!inv) return { status: 404, json: { name: "RESOURCE_NOT_FOUND" } };
    const { recipient, ...rest } = inv;
    return {
      json: json({ ...rest, primary_recipients: [{ billing_info: { email_address: recipient } }] }),
    };
  });
}

// ---------------------------------------------------------------- fixtures

export function wixContactFixture(id: string, email: string): FakeWixContact {
  // Fixture shape: @wix/contacts Contact.
  return {
    id,
    revision: 3,
    createdDate: "2026-01-02T09:00:00.000Z",
    updatedDate: "2026-01-03T09:00:00.000Z",
    primaryInfo: { email, phone: "+46701234567" },
    info: {
      name: { first: "Nils", last: "Svensson" },
      emails: { items: [{ id: `${id}-e1`, tag: "MAIN", email, primary: true }] },
      phones: { items: [{ id: `${id}-p1`, tag: "MOBILE", phone: "+46701234567", primary: true }] },
      addresses: {
        items: [
          {
            id: `${id}-a1`,
            tag: "BILLING",
            address: { addressLine: "Storgatan 1", postalCode: "11122", city: "Stockholm", country: "SE" },
          },
        ],
      },
      company: "Svensson AB",
    },
  };
}

export function wixSubmissionFixture(id: string, contactId: string, message: string): FakeWixSubmission {
  // Fixture shape: @wix/forms FormSubmission.
  return {
    id,
    formId: "f0000000-0000-0000-0000-000000000001",
    namespace: "wix.form_app.form",
    status: "CONFIRMED",
    submissions: { message },
    createdDate: "2026-01-05T10:00:00.000Z",
    contactId,
  };
}

export function graphItemFixture(id: string, email: string, firstName = "Nils"): FakeGraphItem {
  // Fixture shape: @microsoft/microsoft-graph-types ListItem with its FieldValueSet.
  return {
    list: "Contacts",
    id,
    createdDateTime: "2026-02-01T09:00:00Z",
    lastModifiedDateTime: "2026-02-02T09:00:00Z",
    fields: { "@odata.etag": `"${id},1"`, id, Title: `Customer ${id}`, Email: email, FirstName: firstName },
  };
}

export function graphMessageFixture(id: string, from: string, subject: string): FakeGraphMessage {
  // Fixture shape: @microsoft/microsoft-graph-types Message (metadata only).
  return {
    mailbox: MAILBOX,
    id,
    receivedDateTime: "2026-03-01T10:00:00Z",
    sentDateTime: "2026-03-01T09:59:00Z",
    subject,
    from: { emailAddress: { address: from, name: "Nils Svensson" } },
  };
}

export function paypalInvoiceFixture(id: string, number: string, recipient: string): FakePayPalInvoice {
  // Fixture shape: PayPal Invoicing v2 Invoice (snake_case on the wire).
  const money = (value: string) => ({ currency_code: "SEK", value });
  return {
    id,
    recipient,
    status: "PAID",
    detail: {
      invoice_number: number,
      invoice_date: "2026-01-04",
      currency_code: "SEK",
      payment_term: { term_type: "NET_30", due_date: "2026-02-03" },
      metadata: { create_time: "2026-01-04T08:00:00Z" },
    },
    items: [{ name: "Garden chair", quantity: "1", unit_amount: money("999.00") }],
    amount: money("999.00"),
    due_amount: money("0.00"),
    payments: { paid_amount: money("999.00") },
  };
}

// ---------------------------------------------------------------- configuration

/** The four connectors' settings and secrets, pointing at the fake. */
function configs(url: string): Record<ConfigurableKey, { settings: object; secret: object }> {
  return {
    wix: { settings: { siteId: WIX_SITE_ID, baseUrl: url }, secret: { apiKey: WIX_API_KEY } },
    microsoft_365: {
      settings: {
        tenantId: "test-tenant",
        clientId: "graph-client",
        tokenUrl: `${url}/graph-token`,
        baseUrl: url,
        lists: [
          {
            site: SITE,
            list: "Contacts",
            emailColumn: "Email",
            indexed: true,
            columns: { firstName: "FirstName" },
          },
        ],
        mailboxes: [MAILBOX],
      },
      secret: { clientSecret: "graph-secret" },
    },
    paypal: {
      settings: { clientId: "paypal-client", baseUrl: url },
      secret: { clientSecret: "paypal-secret" },
    },
    google_analytics: {
      settings: { propertyId: "123456", tokenUrl: `${url}/ga-token`, baseUrl: url },
      secret: {
        key: {
          client_email: "portal@p.iam.gserviceaccount.com",
          private_key: `-----BEGIN PRIVATE KEY-----\n${"A".repeat(120)}\n-----END PRIVATE KEY-----\n`,
        },
      },
    },
  };
}

/** Configures exactly these connectors (enabled, against the fake); every other one is removed. */
export async function configureConnectors(keys: readonly ConfigurableKey[], url: string): Promise<void> {
  const all = configs(url);
  await db.connectorConfig.deleteMany({ where: { key: { notIn: [...keys] } } });
  for (const key of keys) {
    const { settings, secret } = all[key];
    const data = { enabled: true, settings, secretSealed: sealSecret(secret) };
    await db.connectorConfig.upsert({ where: { key }, create: { key, ...data }, update: data });
  }
}
