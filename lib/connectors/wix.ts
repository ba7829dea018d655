// WIX, the website's provider: its contact list (Contacts v4) and what people sent through the site's
// forms (Wix Forms submissions, namespace wix.form_app.form). An API key in `Authorization` and the
// site's id in `wix-site-id`.
//
// - Copy: the person's contacts (found by primary email), their addresses, and their form submissions.
// - Correction: name, email, phone and addresses are written to the contact (PATCH with the contact's
//   current revision; a stale revision is read again once).
// - Erasure: the contact's form submissions first (permanently, not to the trash bin), then the
//   contact. Something already gone (404) counts as done, so a retried erasure does not fail. Wix keeps
//   a contact that is a site member, a site owner or contributor, or has an active billing
//   subscription: that is reported as refused with the reason, and staff remove the member first.
import { db } from "../db";
import { ConnectorError } from "./errors";
import { arrayFeed, columnsOf } from "./feeds";
import { connectorHttp, type ConnectorHttp, type HttpClientConfig } from "./http";
import type { ActionOutcome, Connector, FieldChange, Row, SectionSpec, Subject } from "./types";
import type { ChangeField } from "../privacy/rectification/fields";

export const WIX_KEY = "wix";
export const WIX_BASE_URL = "https://www.wixapis.com";
export const WIX_FORMS_NAMESPACE = "wix.form_app.form";
const PAGE = 100;

export const WIX_CONTACT_SECTION: SectionSpec = {
  category: "contact",
  key: "wix_contact",
  heldBy: WIX_KEY,
  columns: columnsOf({
    contactId: ["string", "id"],
    firstName: "string",
    lastName: "string",
    email: "string",
    emails: "json",
    phone: "string",
    phones: "json",
    company: "string",
    jobTitle: "string",
    birthdate: "date",
    locale: "string",
    createdAt: "datetime",
    updatedAt: "datetime",
  }),
};

export const WIX_ADDRESS_SECTION: SectionSpec = {
  category: "addresses",
  key: "wix_contact_addresses",
  heldBy: WIX_KEY,
  columns: columnsOf({
    contactId: ["string", "id"],
    tag: "string",
    street: "string",
    postcode: "string",
    city: "string",
    country: ["string", "country"],
  }),
};

export const WIX_SUBMISSION_SECTION: SectionSpec = {
  category: "support",
  key: "wix_form_submissions",
  heldBy: WIX_KEY,
  columns: columnsOf({
    submissionId: ["string", "id"],
    formId: ["string", "id"],
    submittedAt: "datetime",
    status: "string",
    values: "json",
  }),
};

// The parts of Wix's shapes that are read (field names as in @wix/contacts Contact and @wix/forms
// FormSubmission). Dates arrive as ISO 8601 strings over REST.
type WixAddress = {
  streetAddress?: { number?: string; name?: string };
  addressLine?: string | null;
  addressLine2?: string | null;
  postalCode?: string | null;
  city?: string | null;
  country?: string | null;
  subdivision?: string | null;
};
type WixContactInfo = {
  name?: { first?: string | null; last?: string | null };
  emails?: { items?: { id?: string | null; tag?: string; email?: string; primary?: boolean | null }[] };
  phones?: {
    items?: {
      id?: string | null;
      tag?: string;
      countryCode?: string | null;
      phone?: string;
      primary?: boolean | null;
    }[];
  };
  addresses?: { items?: { id?: string | null; tag?: string; address?: WixAddress }[] };
  company?: string | null;
  jobTitle?: string | null;
  birthdate?: string | null;
  locale?: string | null;
};
export type WixContact = {
  id?: string;
  revision?: number;
  createdDate?: string;
  updatedDate?: string;
  primaryInfo?: { email?: string | null; phone?: string | null };
  info?: WixContactInfo;
};
export type WixSubmission = {
  id?: string | null;
  formId?: string;
  namespace?: string;
  status?: string;
  submissions?: Record<string, unknown>;
  createdDate?: string | null;
  contactId?: string | null;
};
type ContactsPage = {
  contacts?: WixContact[];
  pagingMetadata?: { count?: number | null; offset?: number | null; total?: number | null };
};
type SubmissionsPage = {
  submissions?: WixSubmission[];
  metadata?: { count?: number | null; cursors?: { next?: string | null }; hasNext?: boolean | null };
};
type WixErrorBody = { details?: { applicationError?: { code?: string } } };

/** The person's current phone and addresses, as the portal holds them (for a correction). */
export type WixPersonValues = {
  phone: string | null;
  billing: { street: string | null; postcode: string | null; city: string | null; country: string | null };
  delivery: { street: string | null; postcode: string | null; city: string | null; country: string | null };
};

export type WixConfig = {
  apiKey?: string;
  siteId?: string;
  /** Default: Wix's REST API. */
  baseUrl?: string;
  http?: Pick<HttpClientConfig, "timeoutMs" | "retry" | "fetch">;
  /** Page size of queries (at most 100 for submissions, 1000 for contacts). */
  pageSize?: number;
  /** Where a correction reads the person's current phone and addresses; default the portal's database. */
  personValues?: (personId: string) => Promise<WixPersonValues | null>;
};

export function wixConnector(config: WixConfig): Connector {
  const api = (): ConnectorHttp | null =>
    config.apiKey && config.siteId
      ? connectorHttp({
          connector: WIX_KEY,
          baseUrl: config.baseUrl ?? WIX_BASE_URL,
          auth: { type: "headers", headers: { authorization: config.apiKey } },
          headers: { "wix-site-id": config.siteId },
          ...config.http,
        })
      : null;
  const pageSize = Math.min(config.pageSize ?? PAGE, PAGE);
  const personValues = config.personValues ?? portalValues;

  return {
    key: WIX_KEY,
    recipients: async () => [WIX_KEY],

    list: async (subject, ctx) => {
      const http = api();
      if (!http) return { status: "not_configured" };
      const contacts = await contactsByEmail(http, subject.email, pageSize, ctx.signal);
      const submissions: WixSubmission[] = [];
      for (const c of contacts) submissions.push(...(await submissionsOf(http, c.id!, pageSize, ctx.signal)));
      if (contacts.length === 0 && submissions.length === 0) return { status: "nothing_held" };
      return {
        status: "ok",
        feeds: [
          arrayFeed([WIX_CONTACT_SECTION], contacts.map(contactRow)),
          arrayFeed([WIX_ADDRESS_SECTION], contacts.flatMap(addressRows)),
          arrayFeed(
            [WIX_SUBMISSION_SECTION],
            submissions
              .map(submissionRow)
              .sort((a, b) => String(b.submittedAt ?? "").localeCompare(String(a.submittedAt ?? ""))),
          ),
        ],
      };
    },

    correct: async (subject, change, ctx) => {
      const http = api();
      if (!http) return { status: "not_configured" };
      const part = INFO_PART[change.field];
      if (!part) return { status: "nothing_held" };
      // After an email change the contact is still found by the address it had.
      const lookup = change.field === "email" && change.previous ? change.previous : subject.email;
      const contacts = await contactsByEmail(http, lookup, pageSize, ctx.signal);
      if (contacts.length === 0) return { status: "nothing_held" };
      const values = part === "name" || part === "emails" ? null : await personValues(subject.personId);
      for (const contact of contacts) {
        await patchContact(http, contact, (c) => infoFor(part, c, subject, change, values), ctx.signal);
      }
      return { status: "done", count: contacts.length };
    },

    erase: async (subject, ctx): Promise<ActionOutcome> => {
      const http = api();
      if (!http) return { status: "not_configured" };
      const contacts = await contactsByEmail(http, subject.email, pageSize, ctx.signal);
      if (contacts.length === 0) return { status: "nothing_held" };
      let count = 0;
      let refused: string | null = null;
      for (const contact of contacts) {
        for (const s of await submissionsOf(http, contact.id!, pageSize, ctx.signal)) {
          if (!s.id) continue;
          await http.call("DELETE", `/form-submission-service/v4/submissions/${encodeURIComponent(s.id)}`, {
            query: { permanent: "true" },
            accept: [404],
            signal: ctx.signal,
          });
          count += 1;
        }
        const { status, body } = await http.call<WixErrorBody>(
          "DELETE",
          `/contacts/v4/contacts/${encodeURIComponent(contact.id!)}`,
          { accept: [404, 428], signal: ctx.signal },
        );
        if (status === 428) refused = refusalReason(body);
        else count += 1;
      }
      // count: submissions and contacts confirmed gone, including those already gone.
      return refused ? { status: "refused", reason: refused } : { status: "done", count };
    },
  };
}

/** Every contact whose primary email is the address, page by page (offset paging). */
export async function contactsByEmail(
  http: ConnectorHttp,
  email: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<WixContact[]> {
  const out: WixContact[] = [];
  for (let offset = 0; ;) {
    const { body } = await http.call<ContactsPage>("POST", "/contacts/v4/contacts/query", {
      json: {
        query: {
          filter: { "primaryInfo.email": { $eq: email } },
          paging: { limit: pageSize, offset },
          fieldsets: ["FULL"],
        },
      },
      ...(signal ? { signal } : {}),
    });
    const page = (body?.contacts ?? []).filter((c) => typeof c.id === "string");
    out.push(...page);
    const got = body?.pagingMetadata?.count ?? body?.contacts?.length ?? 0;
    offset += got;
    const total = body?.pagingMetadata?.total;
    if (got === 0 || (typeof total === "number" ? offset >= total : got < pageSize)) return out;
  }
}

/** Every Wix Forms submission linked to the contact, page by page (cursor paging). */
export async function submissionsOf(
  http: ConnectorHttp,
  contactId: string,
  pageSize: number,
  signal?: AbortSignal,
): Promise<WixSubmission[]> {
  const out: WixSubmission[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 1000; pages++) {
    const query: Record<string, unknown> = cursor
      ? { cursorPaging: { limit: pageSize, cursor } }
      : {
          filter: { namespace: { $eq: WIX_FORMS_NAMESPACE }, contactId: { $eq: contactId } },
          cursorPaging: { limit: pageSize },
        };
    const { body }: { body: SubmissionsPage | null } = await http.call<SubmissionsPage>(
      "POST",
      "/form-submission-service/v4/submissions/namespace/query",
      { json: { query }, ...(signal ? { signal } : {}) },
    );
    out.push(...(body?.submissions ?? []));
    cursor = body?.metadata?.cursors?.next ?? null;
    if (!body?.metadata?.hasNext || !cursor) return out;
  }
  throw new ConnectorError(`${WIX_KEY}_too_many_pages`);
}

/** Wix's refusal codes for deleting a contact, as the reason the person and staff are told. */
function refusalReason(body: WixErrorBody | null): string {
  const code = body?.details?.applicationError?.code ?? "";
  if (/SUBSCRIPTION/.test(code)) return "billing_subscription";
  if (/OWNER|CONTRIBUTOR/.test(code)) return "owner_or_contributor";
  if (/MEMBER/.test(code)) return "site_member";
  return "precondition_failed";
}

function primaryOf<T extends { primary?: boolean | null }>(items: T[] | undefined): T | undefined {
  return items?.find((i) => i.primary) ?? items?.[0];
}

function streetOf(a: WixAddress | undefined): string | null {
  if (!a) return null;
  const main =
    a.addressLine ?? ([a.streetAddress?.name, a.streetAddress?.number].filter(Boolean).join(" ") || null);
  return [main, a.addressLine2].filter(Boolean).join(", ") || null;
}

function contactRow(c: WixContact): Row {
  const info = c.info ?? {};
  const emails = (info.emails?.items ?? []).map((e) => e.email ?? "").filter(Boolean);
  const phones = (info.phones?.items ?? []).map((p) => p.phone ?? "").filter(Boolean);
  return {
    contactId: c.id ?? null,
    firstName: info.name?.first ?? null,
    lastName: info.name?.last ?? null,
    email: c.primaryInfo?.email ?? primaryOf(info.emails?.items)?.email ?? null,
    emails,
    phone: c.primaryInfo?.phone ?? primaryOf(info.phones?.items)?.phone ?? null,
    phones,
    company: info.company ?? null,
    jobTitle: info.jobTitle ?? null,
    birthdate: info.birthdate ?? null,
    locale: info.locale ?? null,
    createdAt: c.createdDate ?? null,
    updatedAt: c.updatedDate ?? null,
  };
}

function addressRows(c: WixContact): Row[] {
  return (c.info?.addresses?.items ?? []).map((item) => ({
    contactId: c.id ?? null,
    tag: item.tag ?? null,
    street: streetOf(item.address),
    postcode: item.address?.postalCode ?? null,
    city: item.address?.city ?? null,
    country: item.address?.country ?? null,
  }));
}

function submissionRow(s: WixSubmission): Row {
  return {
    submissionId: s.id ?? null,
    formId: s.formId ?? null,
    submittedAt: s.createdDate ?? null,
    status: s.status ?? null,
    values: JSON.parse(JSON.stringify(s.submissions ?? {})) as Row,
  };
}

type InfoPart = "name" | "emails" | "phones" | "addresses";

/**
 * The portal's correctable fields (lib/privacy/rectification/fields.ts) that a Wix contact holds, and the
 * part of the contact they are in.
 */
const INFO_PART: Partial<Record<string, InfoPart>> = {
  firstName: "name",
  lastName: "name",
  email: "emails",
  phone: "phones",
  billingStreet: "addresses",
  billingPostcode: "addresses",
  billingCity: "addresses",
  billingCountry: "addresses",
  deliveryStreet: "addresses",
  deliveryPostcode: "addresses",
  deliveryCity: "addresses",
  deliveryCountry: "addresses",
} satisfies Partial<Record<ChangeField, InfoPart>>;

/** The contact's changed part, whole (Wix replaces a list it is sent). */
function infoFor(
  part: InfoPart,
  contact: WixContact,
  subject: Subject,
  change: FieldChange,
  values: WixPersonValues | null,
): WixContactInfo {
  const info = contact.info ?? {};
  if (part === "name") return { name: { first: subject.firstName, last: subject.lastName } };
  if (part === "emails") {
    const items = [...(info.emails?.items ?? [])];
    const i = Math.max(
      0,
      items.findIndex((e) => e.email === (change.previous ?? subject.email) || e.primary),
    );
    items[i] = { ...items[i], email: subject.email, primary: true };
    return { emails: { items } };
  }
  if (part === "phones") {
    const others = (info.phones?.items ?? []).filter((p) => !p.primary);
    const phone = values?.phone;
    return {
      phones: { items: phone ? [{ tag: "MOBILE", phone, primary: true }, ...others] : others },
    };
  }
  const tag = change.field.startsWith("billing") ? "BILLING" : "SHIPPING";
  const v = tag === "BILLING" ? values?.billing : values?.delivery;
  const others = (info.addresses?.items ?? []).filter((a) => a.tag !== tag);
  const filled = v && (v.street || v.postcode || v.city || v.country);
  return {
    addresses: {
      items: filled
        ? [
            ...others,
            {
              tag,
              address: {
                addressLine: v.street,
                postalCode: v.postcode,
                city: v.city,
                country: v.country,
              },
            },
          ]
        : others,
    },
  };
}

/** PATCH with the contact's revision; a stale revision (409) is read again once. */
async function patchContact(
  http: ConnectorHttp,
  contact: WixContact,
  info: (current: WixContact) => WixContactInfo,
  signal?: AbortSignal,
): Promise<void> {
  let current = contact;
  for (let attempt = 0; attempt < 2; attempt++) {
    const { status } = await http.call("PATCH", `/contacts/v4/contacts/${encodeURIComponent(current.id!)}`, {
      json: { revision: current.revision ?? null, info: info(current) },
      accept: attempt === 0 ? [409] : [],
      ...(signal ? { signal } : {}),
    });
    if (status !== 409) return;
    const { body } = await http.call<{ contact?: WixContact }>(
      "GET",
      `/contacts/v4/contacts/${encodeURIComponent(current.id!)}`,
      signal ? { signal } : {},
    );
    if (!body?.contact) throw new ConnectorError(`${WIX_KEY}_conflict`);
    current = body.contact;
  }
}

async function portalValues(personId: string): Promise<WixPersonValues | null> {
  const p = await db.person.findUnique({
    where: { id: personId },
    select: {
      phone: true,
      billingStreet: true,
      billingPostcode: true,
      billingCity: true,
      billingCountry: true,
      deliveryStreet: true,
      deliveryPostcode: true,
      deliveryCity: true,
      deliveryCountry: true,
    },
  });
  if (!p) return null;
  return {
    phone: p.phone,
    billing: {
      street: p.billingStreet,
      postcode: p.billingPostcode,
      city: p.billingCity,
      country: p.billingCountry,
    },
    delivery: {
      street: p.deliveryStreet,
      postcode: p.deliveryPostcode,
      city: p.deliveryCity,
      country: p.deliveryCountry,
    },
  };
}
