// The portal's own database: every category of the data map with the person's actual values.
// Identity numbers (personnummer, a sole trader's organisation number) are decrypted with the
// person's key; on pages they are only ever shown masked, in the copy (for the person) in full.
import { decryptReadable, unwrapDataKey } from "../crypto/keys";
import { maskPersonnummer, normalisePersonnummer, parseOrgNumber } from "../validation/personnummer";
import { query } from "../db/read-pool";
import {
  arrayFeed,
  columnsOf,
  int,
  iso,
  isoDate,
  isoSql,
  sqlFeed,
  str,
  type ColumnSpec,
  type SqlFeedSpec,
} from "./feeds";
import type { ColumnType, Connector, Feed, JsonValue, ListContext, Row, SectionSpec, Subject } from "./types";

const HELD_BY = "portal";
const ts = isoSql;

function section(
  category: string,
  key: string,
  columns: Record<string, ColumnSpec>,
  single = false,
): SectionSpec {
  return { category, key, columns: columnsOf(columns), heldBy: HELD_BY, single };
}

// Every section the portal's database can fill, in one place: the copy's README documents these keys.
export const PORTAL_SECTIONS = {
  contact: section(
    "contact",
    "contact_details",
    {
      email: "string",
      phone: "string",
      language: ["string", "language"],
      customerNumber: "string",
      registeredAt: "datetime",
    },
    true,
  ),
  company: section(
    "company",
    "company",
    {
      name: "string",
      orgNumber: "string",
      soleTrader: "boolean",
      contactPerson: "string",
    },
    true,
  ),
  identity: section(
    "identity",
    "identity",
    {
      firstName: "string",
      lastName: "string",
      dateOfBirth: "date",
      personnummer: "string",
    },
    true,
  ),
  addresses: section(
    "addresses",
    "addresses",
    {
      billingStreet: "string",
      billingPostcode: "string",
      billingCity: "string",
      billingCountry: ["string", "country"],
      deliveryStreet: "string",
      deliveryPostcode: "string",
      deliveryCity: "string",
      deliveryCountry: ["string", "country"],
      email: "string",
      mobile: "string",
    },
    true,
  ),
  orders: section("purchases", "orders", {
    orderNumber: "string",
    placedAt: "datetime",
    status: ["string", "order_status"],
    totalOre: "money_ore",
    currency: ["string", "currency"],
  }),
  orderItems: section("purchases", "order_items", {
    orderNumber: "string",
    placedAt: "datetime",
    sku: "string",
    description: "string",
    quantity: "integer",
    unitPriceOre: "money_ore",
  }),
  shipments: section("purchases", "shipments", {
    orderNumber: "string",
    carrier: "string",
    trackingNumber: "string",
    shippedAt: "datetime",
  }),
  invoices: section("history", "invoices", {
    invoiceNumber: "string",
    issuedAt: "datetime",
    dueAt: "datetime",
    amountOre: "money_ore",
    currency: ["string", "currency"],
    status: ["string", "invoice_status"],
    paidAt: "datetime",
    counterparty: "json",
  }),
  payments: section("history", "payments", {
    paidAt: "datetime",
    amountOre: "money_ore",
    currency: ["string", "currency"],
    method: ["string", "payment_method"],
    provider: ["string", "provider"],
    providerRef: "string",
    invoiceNumber: "string",
  }),
  creditChecks: section("history", "credit_checks", {
    checkedAt: "datetime",
    provider: ["string", "provider"],
    outcome: ["string", "credit_outcome"],
    limitOre: "money_ore",
  }),
  webEvents: section("web_usage", "web_events", {
    eventId: ["integer", "id"],
    occurredAt: "datetime",
    kind: ["string", "web_event_kind"],
    path: "string",
    referrer: "string",
    responseMs: "integer",
  }),
  devices: section("device", "devices", {
    eventId: ["integer", "id"],
    occurredAt: "datetime",
    ip: "string",
    language: ["string", "language"],
    browser: "string",
    timeZone: ["string", "time_zone"],
    os: "string",
    platform: ["string", "platform"],
    screen: ["string", "screen"],
    // The browser's Google Analytics client id (its _ga cookie): what an erasure asks Google to delete by.
    gaClientId: ["string", "id"],
  }),
  locations: section("geo", "locations", {
    eventId: ["integer", "id"],
    occurredAt: "datetime",
    country: ["string", "country"],
    city: "string",
  }),
  paymentPartner: section("payment_partner", "shared_with_payment_partner", {
    paidAt: "datetime",
    provider: ["string", "provider"],
    providerRef: "string",
    shared: "json",
  }),
  consentStatus: section("marketing", "consent_status", {
    channel: ["string", "consent_channel"],
    topic: ["string", "topic"],
    status: ["string", "consent_status"],
    legalBasis: ["string", "consent_basis"],
    updatedAt: "datetime",
  }),
  consentHistory: section("marketing", "consent_history", {
    at: "datetime",
    channel: ["string", "consent_channel"],
    topic: ["string", "topic"],
    action: ["string", "consent_status"],
    method: ["string", "consent_method"],
    wordingVersion: "string",
    legalBasis: ["string", "consent_basis"],
    by: ["string", "consent_by"],
  }),
  social: section("social", "social_interactions", {
    occurredAt: "datetime",
    network: "string",
    kind: ["string", "social_kind"],
    content: "string",
  }),
  supportContacts: section("support", "support_contacts", {
    occurredAt: "datetime",
    channel: ["string", "support_channel"],
    subject: "string",
    summary: "string",
  }),
  forms: section("support", "form_submissions", {
    submittedAt: "datetime",
    form: "string",
    storedIn: ["string", "recipient"],
    message: "string",
  }),
  disclosures: section("authorities", "disclosures", {
    disclosedAt: "datetime",
    authority: "string",
    legalBasis: ["string", "legal_basis"],
    description: "string",
  }),
} as const;

export const portalConnector: Connector = {
  key: HELD_BY,
  recipients: async () => [],
  list: async (subject, ctx) => ({ status: "ok", feeds: await portalFeeds(subject, ctx) }),
};

/** The feeds, in data-map order. `pageSize` is only for tests. */
export async function portalFeeds(
  subject: Subject,
  ctx: Pick<ListContext, "purpose">,
  pageSize?: number,
): Promise<Feed[]> {
  return (await personFeeds(subject.personId, ctx, pageSize)) ?? [];
}

/** The feeds of one person, or null when there is no such person. */
export async function personFeeds(
  personId: string,
  ctx: Pick<ListContext, "purpose">,
  pageSize?: number,
): Promise<Feed[] | null> {
  const full = ctx.purpose === "copy";
  const person = (await query<PersonRow>(PERSON_SQL, [personId]))[0];
  if (!person) return null;
  const key = person.personnummerEnc || person.orgNumberEnc ? unwrapDataKey(person.wrappedKey) : null;
  const pnr = identityNumber(decryptReadable(key, person.personnummerEnc), full);

  const S = PORTAL_SECTIONS;
  const one = (spec: SectionSpec, row: Row) => arrayFeed([spec], hasValues(row) ? [row] : []);
  const read = (sections: readonly SectionSpec[], history: HistoryKey, extra: Partial<TableRead> = {}) =>
    sqlFeed(personId, tableFeedSpec(sections, { ...HISTORIES[history], ...extra }, history), pageSize);

  const companyNumber = person.hasCompany
    ? person.soleTrader
      ? identityNumber(decryptReadable(key, person.orgNumberEnc) ?? person.orgNumber, full)
      : person.orgNumber
    : null;
  const consent = person.consent;

  return [
    one(S.contact, {
      email: person.email,
      phone: person.phone,
      language: person.language,
      customerNumber: person.externalId,
      registeredAt: person.createdAt,
    }),
    arrayFeed(
      [S.company],
      person.hasCompany
        ? [
            {
              name: person.companyName,
              orgNumber: companyNumber,
              soleTrader: person.soleTrader,
              contactPerson: person.contactPerson,
            },
          ]
        : [],
    ),
    one(S.identity, {
      firstName: person.firstName,
      lastName: person.lastName,
      dateOfBirth: person.dateOfBirth,
      personnummer: pnr,
    }),
    one(S.addresses, {
      billingStreet: person.billingStreet,
      billingPostcode: person.billingPostcode,
      billingCity: person.billingCity,
      billingCountry: person.billingCountry,
      deliveryStreet: person.deliveryStreet,
      deliveryPostcode: person.deliveryPostcode,
      deliveryCity: person.deliveryCity,
      deliveryCountry: person.deliveryCountry,
      email: person.email,
      mobile: person.phone,
    }),
    read([S.orders], "orders"),
    read([S.orderItems], "orderItems"),
    read([S.shipments], "shipments"),
    read([S.invoices], "invoices", {
      value: { counterparty: (v) => (full ? json(v) : maskCounterparty(json(v))) },
    }),
    read([S.payments], "payments"),
    read([S.creditChecks], "creditChecks"),
    // One read of the web events feeds three categories.
    read([S.webEvents, S.devices, S.locations], "webEvents"),
    read([S.paymentPartner], "paymentPartner"),
    arrayFeed(
      [S.consentStatus],
      consent.map((c) => ({
        channel: str(c.channel),
        topic: str(c.topic) || null,
        status: str(c.status),
        legalBasis: str(c.legalBasis),
        updatedAt: str(c.updatedAt),
      })),
    ),
    read([S.consentHistory], "consentHistory", { value: { topic: (v) => str(v) || null } }),
    read([S.social], "social"),
    read([S.supportContacts], "supportContacts"),
    read([S.forms], "forms"),
    read([S.disclosures], "disclosures"),
  ];
}

/**
 * Where a section's rows are read: the table (aliased `t`), the person filter (default: the table's
 * own `personId`), and the timestamp that orders them (a column of `t`, or an expression). Each
 * column comes from `t`'s column of the same name unless `source` names another expression, and is
 * converted by its type unless `value` says otherwise.
 */
type TableRead = {
  from: string;
  where?: string;
  time: string;
  idIsBigInt?: boolean;
  source?: Record<string, string>;
  value?: Record<string, (raw: unknown) => JsonValue>;
};

/**
 * The person's histories, each read from one table: the key is also the history's total in
 * "PersonTotal", which the database's triggers keep (migration 20261206224245_person_totals), so a page
 * shows how many rows there are without counting them (decision 0031).
 */
const HISTORIES = {
  orders: { from: `"Order" t`, time: "placedAt" },
  orderItems: {
    from: `"OrderItem" t JOIN "Order" o ON o.id = t."orderId"`,
    where: `o."personId" = $1`,
    time: `o."placedAt"`,
    source: { orderNumber: `o."orderNumber"`, placedAt: `o."placedAt"` },
  },
  // In the order of the orders (newest first), as the items are: an order's time is on the person's
  // index, so the first page reads a few orders, not every shipment of every order.
  shipments: {
    from: `"Shipment" t JOIN "Order" o ON o.id = t."orderId"`,
    where: `o."personId" = $1`,
    time: `o."placedAt"`,
    source: { orderNumber: `o."orderNumber"` },
  },
  invoices: { from: `"Invoice" t`, time: "issuedAt" },
  payments: {
    from: `"Payment" t LEFT JOIN "Invoice" i ON i.id = t."invoiceId"`,
    time: "paidAt",
    source: { invoiceNumber: `i."invoiceNumber"` },
  },
  creditChecks: { from: `"CreditCheck" t`, time: "checkedAt" },
  webEvents: { from: `"WebEvent" t`, time: "occurredAt", idIsBigInt: true, source: { eventId: "t.id" } },
  paymentPartner: {
    from: `"Payment" t`,
    where: `t."personId" = $1 AND t."sharedWithProvider" IS NOT NULL`,
    time: "paidAt",
    source: { shared: `t."sharedWithProvider"` },
  },
  consentHistory: {
    from: `"ConsentEvent" t`,
    time: "at",
    idIsBigInt: true,
    source: { channel: `t.channel::text`, by: `t."actorType"` },
  },
  social: { from: `"SocialInteraction" t`, time: "occurredAt" },
  supportContacts: { from: `"SupportContact" t`, time: "occurredAt" },
  forms: { from: `"FormSubmission" t`, time: "submittedAt" },
  disclosures: { from: `"AuthorityDisclosure" t`, time: "disclosedAt" },
} as const satisfies Record<string, TableRead>;

type HistoryKey = keyof typeof HISTORIES;

export type TotalDrift = { personId: string; history: string; kept: number; counted: number };

/**
 * One statement per history that answers every person whose kept total differs from a count of the
 * rows (`$1`: the history's key). For checks and tests, not for pages: it counts every history.
 */
export function totalsDriftStatements(): { history: string; sql: string }[] {
  return (Object.entries(HISTORIES) as [HistoryKey, TableRead][]).map(([history, read]) => ({
    history,
    sql: `SELECT p.id AS "personId", COALESCE(k.n, 0) AS kept, c.counted
            FROM "Person" p
            LEFT JOIN "PersonTotal" k ON k."personId" = p.id AND k.section = $1
            CROSS JOIN LATERAL (SELECT count(*)::int AS counted FROM ${read.from}
                                 WHERE ${(read.where ?? `t."personId" = $1`).replaceAll("$1", "p.id")}) c
           WHERE COALESCE(k.n, 0) <> c.counted`,
  }));
}

/** Every person's kept total that differs from a count of the rows: none, unless a write went around the triggers. */
export async function totalsDrift(): Promise<TotalDrift[]> {
  const out: TotalDrift[] = [];
  for (const { history, sql } of totalsDriftStatements()) {
    const rows = await query<Omit<TotalDrift, "history">>(sql, [history]);
    for (const r of rows) out.push({ ...r, history });
  }
  return out;
}

const BY_TYPE: Record<ColumnType, (raw: unknown) => JsonValue> = {
  string: str,
  integer: int,
  money_ore: int,
  datetime: iso,
  date: isoDate,
  boolean: (raw) => (raw == null ? null : Boolean(raw)),
  json,
};

/** The keyset-paged read of some sections' columns (several sections may share one table's rows). */
function tableFeedSpec(sections: readonly SectionSpec[], table: TableRead, total: HistoryKey): SqlFeedSpec {
  const columns = [...new Map(sections.flatMap((s) => s.columns).map((c) => [c.key, c])).values()];
  const sourceOf = (key: string) => table.source?.[key] ?? `t."${key}"`;
  const select = columns.map((c) =>
    c.type === "datetime" ? `${ts(sourceOf(c.key))} AS "${c.key}"` : `${sourceOf(c.key)} AS "${c.key}"`,
  );
  return {
    sections,
    from: table.from,
    where: table.where ?? `t."personId" = $1`,
    time: /^\w+$/.test(table.time) ? `t."${table.time}"` : table.time,
    id: "t.id",
    idIsBigInt: table.idIsBigInt,
    total,
    select: select.join(", "),
    map: (r) =>
      Object.fromEntries(columns.map((c) => [c.key, (table.value?.[c.key] ?? BY_TYPE[c.type])(r[c.key])])),
  };
}

type PersonRow = {
  email: string;
  phone: string | null;
  language: string;
  externalId: string | null;
  createdAt: string;
  firstName: string | null;
  lastName: string | null;
  dateOfBirth: string | null;
  personnummerEnc: Buffer | null;
  billingStreet: string | null;
  billingPostcode: string | null;
  billingCity: string | null;
  billingCountry: string | null;
  deliveryStreet: string | null;
  deliveryPostcode: string | null;
  deliveryCity: string | null;
  deliveryCountry: string | null;
  hasCompany: boolean;
  companyName: string | null;
  orgNumber: string | null;
  orgNumberEnc: Buffer | null;
  soleTrader: boolean | null;
  contactPerson: string | null;
  wrappedKey: Buffer | null;
  consent: Record<string, unknown>[];
};

// The person's own record in one read (see feeds.ts on why these reads do not go through Prisma).
const PERSON_SQL = `
  SELECT p.email, p.phone, p.language, p."externalId", ${isoSql(`p."createdAt"`)} AS "createdAt",
         p."firstName", p."lastName", to_char(p."dateOfBirth", 'YYYY-MM-DD') AS "dateOfBirth",
         p."personnummerEnc", p."billingStreet", p."billingPostcode", p."billingCity", p."billingCountry",
         p."deliveryStreet", p."deliveryPostcode", p."deliveryCity", p."deliveryCountry",
         (c.id IS NOT NULL) AS "hasCompany", c.name AS "companyName", c."orgNumber", c."orgNumberEnc",
         c."soleTrader", c."contactPerson", k.wrapped AS "wrappedKey",
         COALESCE((SELECT json_agg(json_build_object('channel', cs.channel::text, 'topic', cs.topic,
                     'status', cs.status, 'legalBasis', cs."legalBasis",
                     'updatedAt', ${isoSql(`cs."updatedAt"`)}) ORDER BY cs.channel ASC, cs.topic ASC)
                   FROM "ConsentState" cs WHERE cs."personId" = p.id), '[]'::json) AS consent
  FROM "Person" p LEFT JOIN "Company" c ON c."personId" = p.id LEFT JOIN "DataKey" k ON k."personId" = p.id
  WHERE p.id = $1`;

/** Full for the copy, `YYYYMMDD-****` anywhere else. */
function identityNumber(value: string | null, full: boolean): string | null {
  if (!value) return null;
  const normalised = normalisePersonnummer(value) ?? value;
  return full ? normalised : maskPersonnummer(normalised);
}

function hasValues(row: Row): boolean {
  return Object.values(row).some((v) => v !== null && v !== "");
}

function json(value: unknown): JsonValue {
  if (value == null) return null;
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as JsonValue;
    } catch {
      return value;
    }
  }
  return value as JsonValue;
}

/** A voucher's counterparty may carry a sole trader's number, which is a personnummer: mask it on pages. */
function maskCounterparty(value: JsonValue): JsonValue {
  if (!value || typeof value !== "object" || Array.isArray(value)) return value;
  const org = value.orgNumber;
  if (typeof org !== "string") return value;
  const parsed = parseOrgNumber(org);
  return parsed?.soleTrader ? { ...value, orgNumber: maskPersonnummer(parsed.value) } : value;
}
