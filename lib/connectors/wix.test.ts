// The WIX connector's contract, against a local fake of Wix's Contacts v4 and Form Submissions v4 REST
// APIs: authentication headers, offset and cursor pagination, 429 with Retry-After, 5xx, revisions on
// update, "a site member cannot be deleted", and erasure that a retry does not break.
import type {
  AddressTag,
  Contact,
  EmailTag,
  PhoneTag,
  QueryContactsResponse,
  UpdateContactRequest,
} from "@wix/contacts/build/cjs/src/contacts-v4-contact.types";
import type { submissions as wixForms } from "@wix/forms/meta";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import {
  ctx,
  expectNoPersonalData,
  expectNotConfigured,
  listCtx,
  rowsBySection as rowsOf,
  subjectFor,
  thrown,
  fakeApiForFile,
} from "../../test/connector-contract";
import type { RecordedRequest } from "../../test/fake-api";
import { WIX_FORMS_NAMESPACE, wixConnector, type WixConfig } from "./wix";

const API_KEY = "IST.wix-api-key";
const SITE_ID = "0b9a7d5e-site";
const EMAIL = "nils.svensson@example.test";

const subject = subjectFor(EMAIL);

/** A contact as Wix stores it; dates go over REST as ISO 8601 strings. */
type StoredContact = Contact & { member?: boolean };
type Submission = wixForms.FormSubmissionOriginal;

const api = fakeApiForFile();
let contacts: Map<string, StoredContact>;
let submissions: Map<string, Submission>;
let config: WixConfig;

// ---------------------------------------------------------------- the fake Wix

function contactFixture(id: string, email: string, extra: Partial<StoredContact> = {}): StoredContact {
  // Fixture shape: @wix/contacts Contact (contacts-v4-contact.types).
  const c: StoredContact = {
    id,
    revision: 1,
    primaryInfo: { email, phone: "+46701234567" },
    info: {
      name: { first: "Nils", last: "Svensson" },
      emails: { items: [{ id: `${id}-e1`, tag: "MAIN" as EmailTag, email, primary: true }] },
      phones: {
        items: [{ id: `${id}-p1`, tag: "MOBILE" as PhoneTag, phone: "+46701234567", primary: true }],
      },
      addresses: {
        items: [
          {
            id: `${id}-a1`,
            tag: "BILLING" as AddressTag,
            address: { addressLine: "Storgatan 1", postalCode: "11122", city: "Stockholm", country: "SE" },
          },
          {
            id: `${id}-a2`,
            tag: "SHIPPING" as AddressTag,
            address: { streetAddress: { name: "Lillgatan", number: "2" }, city: "Uppsala", country: "SE" },
          },
        ],
      },
      company: "Svensson AB",
    },
    ...extra,
  };
  return c;
}

function submissionFixture(id: string, contactId: string, day: number): Submission {
  // Fixture shape: @wix/forms submissions FormSubmission (forms-v4-submission-submissions).
  return {
    id,
    formId: "f0000000-0000-0000-0000-000000000001",
    namespace: WIX_FORMS_NAMESPACE,
    status: "CONFIRMED",
    submissions: { message: `Question ${id}`, email: EMAIL },
    createdDate: new Date(Date.UTC(2026, 0, day)),
    contactId,
  };
}

const json = (v: unknown) => JSON.parse(JSON.stringify(v)) as unknown;

function authorized(req: RecordedRequest) {
  return req.headers.authorization === API_KEY && req.headers["wix-site-id"] === SITE_ID;
}
const unauthorized = { status: 401, json: { message: "Unauthorized", details: {} } };

function installFakeWix() {
  api.route("POST", "/contacts/v4/contacts/query", (req) => {
    if (!authorized(req)) return unauthorized;
    const q = (
      req.body as {
        query: { filter: Record<string, { $eq: string }>; paging: { limit: number; offset: number } };
      }
    ).query;
    const wanted = q.filter["primaryInfo.email"]?.$eq;
    const all = [...contacts.values()].filter((c) => c.primaryInfo?.email === wanted);
    const page = all.slice(q.paging.offset, q.paging.offset + q.paging.limit);
    // Fixture shape: @wix/contacts QueryContactsResponse.
    const answer: QueryContactsResponse = {
      contacts: page.map(({ member: _member, ...c }) => c),
      pagingMetadata: { count: page.length, offset: q.paging.offset, total: all.length },
    };
    return { json: answer };
  });
  api.route("GET", "/contacts/v4/contacts/{id}", (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const c = contacts.get(id!);
    return c ? { json: { contact: json(c) } } : { status: 404, json: { message: "Contact not found" } };
  });
  api.route("PATCH", "/contacts/v4/contacts/{id}", (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const c = contacts.get(id!);
    if (!c) return { status: 404, json: { message: "Contact not found" } };
    // Fixture shape: @wix/contacts UpdateContactRequest (contactId is in the path).
    const body = req.body as Omit<UpdateContactRequest, "contactId">;
    if (body.revision !== c.revision) {
      return {
        status: 409,
        json: { message: "revision mismatch", details: { applicationError: { code: "REVISION_MISMATCH" } } },
      };
    }
    const updated: StoredContact = { ...c, revision: c.revision! + 1, info: { ...c.info, ...body.info } };
    const primary = body.info.emails?.items?.find((e) => e.primary)?.email;
    if (primary) updated.primaryInfo = { ...updated.primaryInfo, email: primary };
    contacts.set(id!, updated);
    return { json: { contact: json(updated) } };
  });
  api.route("DELETE", "/contacts/v4/contacts/{id}", (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    const c = contacts.get(id!);
    if (!c) return { status: 404, json: { message: "Contact not found" } };
    if (c.member) {
      return {
        status: 428,
        json: {
          message: `Contact ${EMAIL} is a site member and cannot be deleted`,
          details: {
            applicationError: { code: "CANNOT_DELETE_SITE_MEMBERS", description: "Delete the member first" },
          },
        },
      };
    }
    contacts.delete(id!);
    return { json: {} };
  });
  api.route("POST", "/form-submission-service/v4/submissions/namespace/query", (req) => {
    if (!authorized(req)) return unauthorized;
    // Fixture shape: @wix/forms submissions QuerySubmissionsByNamespaceRequest (CursorQuery).
    const { query } = req.body as wixForms.QuerySubmissionsByNamespaceRequestOriginal;
    let contactId: string;
    let offset = 0;
    const limit = query.cursorPaging?.limit ?? 50;
    if (query.cursorPaging?.cursor) {
      if (query.filter) return { status: 400, json: { message: "a cursor request takes no filter" } };
      ({ contactId, offset } = JSON.parse(Buffer.from(query.cursorPaging.cursor, "base64url").toString()) as {
        contactId: string;
        offset: number;
      });
    } else {
      const filter = query.filter as Record<string, { $eq: string }>;
      if (filter.namespace?.$eq !== WIX_FORMS_NAMESPACE)
        return { status: 400, json: { message: "namespace required" } };
      contactId = filter.contactId!.$eq;
    }
    const all = [...submissions.values()].filter((s) => s.contactId === contactId);
    const page = all.slice(offset, offset + limit);
    const hasNext = offset + limit < all.length;
    const next = hasNext
      ? Buffer.from(JSON.stringify({ contactId, offset: offset + limit })).toString("base64url")
      : null;
    // Fixture shape: @wix/forms submissions QuerySubmissionsByNamespaceResponse (CursorPagingMetadata).
    const answer: wixForms.QuerySubmissionsByNamespaceResponseOriginal = {
      submissions: page,
      metadata: { count: page.length, cursors: { next }, hasNext },
    };
    return { json: json(answer) };
  });
  api.route("DELETE", "/form-submission-service/v4/submissions/{id}", (req, { id }) => {
    if (!authorized(req)) return unauthorized;
    if (!submissions.has(id!)) return { status: 404, json: { message: "Submission not found" } };
    submissions.delete(id!);
    return { json: {} };
  });
}

beforeAll(() => {
  installFakeWix();
  config = {
    apiKey: API_KEY,
    siteId: SITE_ID,
    baseUrl: api.url,
    pageSize: 2,
    http: { retry: { backoffMs: 5, backoffLimitMs: 20 } },
    personValues: async () => ({
      phone: "+46709999999",
      billing: { street: "Nygatan 3", postcode: "22233", city: "Lund", country: "SE" },
      delivery: { street: null, postcode: null, city: null, country: null },
    }),
  };
});
beforeEach(() => {
  contacts = new Map();
  submissions = new Map();
});

function seed(opts: { contacts?: number; submissionsEach?: number; member?: boolean } = {}) {
  for (let i = 1; i <= (opts.contacts ?? 1); i++) {
    const id = `c${i}`;
    contacts.set(id, contactFixture(id, EMAIL, opts.member ? { member: true } : {}));
    for (let j = 1; j <= (opts.submissionsEach ?? 0); j++) {
      submissions.set(`s${i}-${j}`, submissionFixture(`s${i}-${j}`, id, j));
    }
  }
  contacts.set("other", contactFixture("other", "someone.else@example.test"));
}

// ---------------------------------------------------------------- the contract

describe("WIX connector", () => {
  it("not configured: says so everywhere and calls nothing", async () => {
    await expectNotConfigured(api, wixConnector({ baseUrl: api.url, apiKey: API_KEY }), subject, {
      correction: { category: "identity", field: "firstName" },
      erase: true,
    });
  });

  it("copy: contacts, addresses and form submissions across pages, with the key and site id on every call", async () => {
    seed({ contacts: 3, submissionsEach: 3 });
    const wix = wixConnector(config);
    const listing = await wix.list(subject, listCtx);
    expect(listing.status).toBe("ok");
    const rows = await rowsOf(listing);
    expect(rows["contact/wix_contact"]!.map((r) => r.contactId)).toEqual(["c1", "c2", "c3"]);
    expect(rows["contact/wix_contact"]![0]).toMatchObject({
      firstName: "Nils",
      lastName: "Svensson",
      email: EMAIL,
      phone: "+46701234567",
      company: "Svensson AB",
    });
    expect(rows["addresses/wix_contact_addresses"]!.filter((r) => r.contactId === "c1")).toEqual([
      {
        contactId: "c1",
        tag: "BILLING",
        street: "Storgatan 1",
        postcode: "11122",
        city: "Stockholm",
        country: "SE",
      },
      {
        contactId: "c1",
        tag: "SHIPPING",
        street: "Lillgatan 2",
        postcode: null,
        city: "Uppsala",
        country: "SE",
      },
    ]);
    const subs = rows["support/wix_form_submissions"]!;
    expect(subs).toHaveLength(9);
    expect(subs[0]).toMatchObject({ submittedAt: "2026-01-03T00:00:00.000Z", status: "CONFIRMED" });
    expect(subs.find((s) => s.submissionId === "s2-1")?.values).toEqual({
      message: "Question s2-1",
      email: EMAIL,
    });

    // Offset paging of contacts (2 + 1), cursor paging of each contact's submissions (2 + 1).
    const contactPages = api.requestsTo("POST", "/contacts/v4/contacts/query");
    expect(contactPages.map((r) => (r.body as { query: { paging: unknown } }).query.paging)).toEqual([
      { limit: 2, offset: 0 },
      { limit: 2, offset: 2 },
    ]);
    expect(api.requestsTo("POST", "/form-submission-service/v4/submissions/namespace/query")).toHaveLength(6);
    for (const r of api.requests) {
      expect(r.headers.authorization).toBe(API_KEY);
      expect(r.headers["wix-site-id"]).toBe(SITE_ID);
    }
  });

  it("copy: nothing held when no contact has the address", async () => {
    seed({ contacts: 0 });
    expect(await wixConnector(config).list(subject, listCtx)).toEqual({ status: "nothing_held" });
  });

  it("waits out a 429 with Retry-After and retries a 5xx, then reads", async () => {
    seed({ contacts: 1, submissionsEach: 1 });
    api.script("POST", "/contacts/v4/contacts/query", { status: 429, headers: { "retry-after": "1" } });
    api.script(
      "POST",
      "/form-submission-service/v4/submissions/namespace/query",
      { status: 503 },
      { status: 500 },
    );
    const started = Date.now();
    const listing = await wixConnector(config).list(subject, listCtx);
    expect(listing.status).toBe("ok");
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(api.requestsTo("POST", "/contacts/v4/contacts/query")).toHaveLength(2);
    expect(api.requestsTo("POST", "/form-submission-service/v4/submissions/namespace/query")).toHaveLength(3);
  });

  it("a wrong API key fails as unauthorized (no token to renew), without the key or the address", async () => {
    seed();
    const err = await thrown(wixConnector({ ...config, apiKey: "wrong" }).list(subject, listCtx));
    expect(err.kind).toBe("wix_unauthorized");
    expect(api.requests).toHaveLength(1);
    expectNoPersonalData(err, /wrong|nils/);
  });

  it("an API error never carries Wix's message or the person's data", async () => {
    api.script("POST", "/contacts/v4/contacts/query", {
      status: 400,
      json: { message: `Invalid filter for ${EMAIL}`, details: { validationError: { fieldViolations: [] } } },
    });
    const err = await thrown(wixConnector(config).list(subject, listCtx));
    expect(err.kind).toBe("wix_rejected");
    expectNoPersonalData(err, /nils/);
  });

  it("correct: a name goes to the contact with its current revision", async () => {
    seed();
    const renamed = { ...subject, firstName: "Nisse" };
    expect(
      await wixConnector(config).correct!(renamed, { category: "identity", field: "firstName" }, ctx),
    ).toEqual({
      status: "done",
      count: 1,
    });
    const [patch] = api.requestsTo("PATCH", "/contacts/v4/contacts/{id}");
    expect(patch?.path).toBe("/contacts/v4/contacts/c1");
    expect(patch?.body).toEqual({ revision: 1, info: { name: { first: "Nisse", last: "Svensson" } } });
    expect(contacts.get("c1")?.revision).toBe(2);
  });

  it("correct: a new email finds the contact by the old one, replaces the primary address, and survives a stale revision", async () => {
    seed();
    // Someone else changed the contact after it was read: the first PATCH meets a newer revision.
    api.script("PATCH", "/contacts/v4/contacts/{id}", {
      status: 409,
      json: { message: "revision mismatch", details: { applicationError: { code: "REVISION_MISMATCH" } } },
    });
    contacts.set("c1", { ...contacts.get("c1")!, revision: 1 });
    const moved = { ...subject, email: "nils.new@example.test" };
    const outcome = await wixConnector(config).correct!(
      moved,
      { category: "addresses", field: "email", previous: EMAIL },
      ctx,
    );
    expect(outcome).toEqual({ status: "done", count: 1 });
    const query = api.requestsTo("POST", "/contacts/v4/contacts/query")[0]!.body as {
      query: { filter: Record<string, unknown> };
    };
    expect(query.query.filter).toEqual({ "primaryInfo.email": { $eq: EMAIL } });
    expect(api.requestsTo("GET", "/contacts/v4/contacts/{id}")).toHaveLength(1);
    expect(contacts.get("c1")?.primaryInfo?.email).toBe("nils.new@example.test");
    expect(contacts.get("c1")?.info?.emails?.items).toEqual([
      { id: "c1-e1", tag: "MAIN", email: "nils.new@example.test", primary: true },
    ]);
  });

  it("correct: phone and billing address come from the portal's current values", async () => {
    seed();
    const wix = wixConnector(config);
    await wix.correct!(subject, { category: "addresses", field: "phone" }, ctx);
    await wix.correct!(subject, { category: "addresses", field: "billingCity" }, ctx);
    const c = contacts.get("c1")!;
    expect(c.info?.phones?.items).toEqual([{ tag: "MOBILE", phone: "+46709999999", primary: true }]);
    expect(c.info?.addresses?.items?.map((a) => [a.tag, a.address?.city])).toEqual([
      ["SHIPPING", "Uppsala"],
      ["BILLING", "Lund"],
    ]);
    expect(c.revision).toBe(3);
  });

  it("correct: a field WIX does not hold, or no contact, is nothing held", async () => {
    seed({ contacts: 0 });
    const wix = wixConnector(config);
    expect(await wix.correct!(subject, { category: "identity", field: "personnummer" }, ctx)).toEqual({
      status: "nothing_held",
    });
    expect(await wix.correct!(subject, { category: "identity", field: "lastName" }, ctx)).toEqual({
      status: "nothing_held",
    });
    expect(api.requestsTo("PATCH", "/contacts/v4/contacts/{id}")).toHaveLength(0);
  });

  it("erase: form submissions permanently first, then the contact; a retry afterwards is not a failure", async () => {
    seed({ contacts: 1, submissionsEach: 3 });
    // One submission was already removed by hand: its 404 counts as done.
    api.script("DELETE", "/form-submission-service/v4/submissions/{id}", {
      status: 404,
      json: { message: "Submission not found" },
    });
    const wix = wixConnector(config);
    expect(await wix.erase!(subject, ctx)).toEqual({ status: "done", count: 4 });
    const deletes = api.requests.filter((r) => r.method === "DELETE");
    expect(deletes.map((r) => r.path)).toEqual([
      "/form-submission-service/v4/submissions/s1-1",
      "/form-submission-service/v4/submissions/s1-2",
      "/form-submission-service/v4/submissions/s1-3",
      "/contacts/v4/contacts/c1",
    ]);
    expect(deletes.slice(0, 3).every((r) => r.query.get("permanent") === "true")).toBe(true);
    expect(contacts.has("c1")).toBe(false);
    expect(contacts.has("other")).toBe(true);

    expect(await wix.erase!(subject, ctx)).toEqual({ status: "nothing_held" });
  });

  it("erase: a contact deleted between the query and the delete (404) is done", async () => {
    seed({ contacts: 1 });
    api.script("DELETE", "/contacts/v4/contacts/{id}", {
      status: 404,
      json: { message: "Contact not found" },
    });
    expect(await wixConnector(config).erase!(subject, ctx)).toEqual({ status: "done", count: 1 });
  });

  it("erase: a site member cannot be deleted: refused with the reason, submissions still erased, no crash", async () => {
    seed({ contacts: 1, submissionsEach: 2, member: true });
    const outcome = await wixConnector(config).erase!(subject, ctx);
    expect(outcome).toEqual({ status: "refused", reason: "site_member" });
    expect(submissions.size).toBe(0);
    expect(contacts.has("c1")).toBe(true);
    expect(JSON.stringify(outcome)).not.toContain("nils");
  });
});
