// Helpers for specs that run the configured connectors against the fake partner APIs
// (e2e/fake-partners.ts, started by scripts/e2e-server.ts): the connectors' configuration written as an
// admin's would be (ConnectorConfig rows, the secrets sealed), a person's records at each partner, and
// the fake's state. The configuration is global: a spec that uses it runs in the "serial" project.
import { generateKeyPairSync, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { getDb, PORT } from "./fixtures";
import {
  PARTNER_CREDENTIALS,
  type Seed,
  type Seeded,
  type State,
  type PartnerRequest,
} from "./fake-partners";

/** The fake partner APIs' address, as scripts/e2e-server.ts wrote it down. */
export function partnersUrl(): string {
  const env = JSON.parse(readFileSync(`.e2e/env-${PORT}.json`, "utf8")) as { partnersUrl?: string };
  if (!env.partnersUrl) throw new Error("the e2e server did not start the fake partner APIs");
  return env.partnersUrl;
}

/** Where the configured Microsoft 365 connector looks: one SharePoint list and one mailbox. */
export const GRAPH_SITE =
  "e2e.sharepoint.com,0a1b2c3d-0000-4000-8000-000000000001,0a1b2c3d-0000-4000-8000-000000000002";
export const GRAPH_LIST = "Customers";
export const GRAPH_MAILBOX = "support@shop.example";

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${partnersUrl()}${path}`, {
    method,
    ...(body !== undefined
      ? { headers: { "content-type": "application/json" }, body: JSON.stringify(body) }
      : {}),
  });
  if (!res.ok) throw new Error(`fake partners ${method} ${path}: ${res.status}`);
  return (await res.json()) as T;
}

export const partnerState = () => call<State>("GET", "/__state");
export const partnerRequests = (opts: { since?: number; path?: string } = {}) =>
  call<PartnerRequest[]>(
    "GET",
    `/__requests?${new URLSearchParams({
      since: String(opts.since ?? 0),
      ...(opts.path ? { path: opts.path } : {}),
    }).toString()}`,
  );
export const seedPartners = (seed: Seed) => call<Seeded>("POST", "/__seed", seed);
/** The next `times` requests whose path contains `path` get this answer (a 429, a 500). */
export const scriptPartners = (script: {
  method?: string;
  path: string;
  status: number;
  json?: unknown;
  headers?: Record<string, string>;
  times?: number;
}) => call<{ scripts: number }>("POST", "/__script", script);
export const resetPartners = () => call<object>("POST", "/__reset", {});

let gaKey: string | undefined;
/** A service account's private key (PKCS #8 PEM), made once per test process. */
function serviceAccountKey(): string {
  gaKey ??= generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  }).privateKey;
  return gaKey;
}

/** The four configurable connectors' settings and secrets, every address the fake's. */
export function connectorConfigs(url = partnersUrl()) {
  const c = PARTNER_CREDENTIALS;
  return {
    wix: {
      settings: { siteId: c.wix.siteId, baseUrl: `${url}/wix` },
      secret: { apiKey: c.wix.apiKey },
    },
    microsoft_365: {
      settings: {
        tenantId: c.microsoft.tenantId,
        clientId: c.microsoft.clientId,
        tokenUrl: `${url}/microsoft/${c.microsoft.tenantId}/oauth2/v2.0/token`,
        baseUrl: `${url}/graph/v1.0`,
        lists: [
          {
            site: GRAPH_SITE,
            list: GRAPH_LIST,
            emailColumn: "Email",
            indexed: false,
            category: "contact",
            columns: { firstName: "FirstName", lastName: "LastName", email: "Email" },
          },
        ],
        mailboxes: [GRAPH_MAILBOX],
      },
      secret: { clientSecret: c.microsoft.clientSecret },
    },
    paypal: {
      settings: { clientId: c.paypal.clientId, baseUrl: `${url}/paypal` },
      secret: { clientSecret: c.paypal.clientSecret },
    },
    google_analytics: {
      settings: { propertyId: c.google.propertyId, tokenUrl: `${url}/google/token`, baseUrl: `${url}/ga` },
      secret: {
        key: {
          client_email: c.google.clientEmail,
          private_key: serviceAccountKey(),
          private_key_id: "e2e-key-1",
          token_uri: `${url}/google/token`,
        },
      },
    },
  } as const;
}

/** Writes the ConnectorConfig rows for WIX, Microsoft 365, PayPal and Google Analytics, enabled. */
export async function configureAllConnectors(): Promise<void> {
  const db = await getDb();
  const { sealSecret, SETTINGS_SCHEMAS, SECRET_SCHEMAS } = await import("../lib/connectors/config");
  for (const [key, { settings, secret }] of Object.entries(connectorConfigs())) {
    const k = key as keyof typeof SETTINGS_SCHEMAS;
    // As the settings page would store them: what its schemas accept.
    const parsed = SETTINGS_SCHEMAS[k].parse(settings) as object;
    const sealed = sealSecret(SECRET_SCHEMAS[k].parse(secret));
    await db.connectorConfig.upsert({
      where: { key },
      create: { key, enabled: true, settings: parsed, secretSealed: sealed },
      update: { enabled: true, settings: parsed, secretSealed: sealed },
    });
  }
}

/** Removes the four connectors' configuration: the portal works as without them. */
export async function removeAllConnectors(): Promise<void> {
  const db = await getDb();
  const { CONFIGURABLE } = await import("../lib/connectors/config");
  await db.connectorConfig.deleteMany({ where: { key: { in: [...CONFIGURABLE] } } });
}

export type PartnerRecords = {
  seeded: Seeded;
  wixContactId: string;
  submissionValues: string[];
  graphItemId: string;
  messageSubjects: string[];
  invoiceNumbers: string[];
  gaClientId: string;
};

/**
 * The person's records at every partner: a WIX contact with two form submissions, a Microsoft 365 list
 * item and two messages from them, two PayPal invoices to them, and a web event in the portal's database
 * with a Google Analytics client id.
 */
export async function seedPartnersFor(person: {
  id: string;
  email: string;
  firstName: string | null;
  lastName: string | null;
}): Promise<PartnerRecords> {
  const tag = randomUUID().slice(0, 8);
  const first = person.firstName ?? "Testa";
  const last = person.lastName ?? "Testsson";
  const submissionValues = [`Hur lång är leveranstiden? ${tag}`, `Jag vill byta storlek ${tag}`];
  const messageSubjects = [`Fråga om order ${tag}`, `Reklamation ${tag}`];
  const invoiceNumbers = [`E2E-${tag}-1`, `E2E-${tag}-2`];
  const wixContactId = randomUUID();
  const seeded = await seedPartners({
    wixContacts: [
      {
        id: wixContactId,
        email: person.email,
        info: {
          name: { first, last },
          emails: { items: [{ id: randomUUID(), tag: "MAIN", email: person.email, primary: true }] },
          phones: { items: [{ id: randomUUID(), tag: "MOBILE", phone: "+46701234567", primary: true }] },
          addresses: {
            items: [
              {
                id: randomUUID(),
                tag: "BILLING",
                address: {
                  addressLine: "Testgatan 1",
                  postalCode: "11122",
                  city: "Stockholm",
                  country: "SE",
                },
              },
            ],
          },
        },
      },
    ],
    wixSubmissions: submissionValues.map((message, i) => ({
      contactId: wixContactId,
      formId: "c0ffee00-0000-4000-8000-00000000f0a1",
      createdDate: `2025-0${i + 3}-10T09:00:00.000Z`,
      submissions: { first_name: first, last_name: last, email: person.email, message },
    })),
    graphItems: [
      {
        site: GRAPH_SITE,
        list: GRAPH_LIST,
        fields: {
          Title: `${first} ${last}`,
          FirstName: first,
          LastName: last,
          Email: person.email,
          CustomerTag: tag,
        },
      },
    ],
    graphMessages: messageSubjects.map((subject, i) => ({
      mailbox: GRAPH_MAILBOX,
      subject,
      from: person.email,
      receivedDateTime: `2025-0${i + 4}-02T08:30:00Z`,
      bodyPreview: "Hej! ...",
    })),
    paypalInvoices: invoiceNumbers.map((number, i) => ({
      recipient: person.email,
      status: i === 0 ? "PAID" : "SENT",
      detail: {
        invoice_number: number,
        invoice_date: `2025-0${i + 5}-01`,
        currency_code: "SEK",
        payment_term: { term_type: "NET_30", due_date: `2025-0${i + 5}-31` },
        metadata: { create_time: `2025-0${i + 5}-01T10:00:00Z` },
      },
      items: [
        {
          name: "Tröja",
          description: `Tröja ${tag}`,
          quantity: "1",
          unit_amount: { currency_code: "SEK", value: "499.00" },
        },
      ],
      amount: { currency_code: "SEK", value: "499.00" },
      due_amount: { currency_code: "SEK", value: i === 0 ? "0.00" : "499.00" },
      ...(i === 0 ? { payments: { paid_amount: { currency_code: "SEK", value: "499.00" } } } : {}),
    })),
  });

  const gaClientId = `${Math.floor(Math.random() * 1e9)}.${Math.floor(Date.now() / 1000)}`;
  const db = await getDb();
  await db.webEvent.create({
    data: { personId: person.id, occurredAt: new Date(), kind: "page_view", path: "/", gaClientId },
  });
  return {
    seeded,
    wixContactId,
    submissionValues,
    graphItemId: seeded.graphItems[0]!,
    messageSubjects,
    invoiceNumbers,
    gaClientId,
  };
}
