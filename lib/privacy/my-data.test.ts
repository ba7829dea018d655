// The "my data" page's use-case and the portal connector's paged reads. Shares the database with
// other test files: the demo customer is only read; views are audited under her id.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { ImpersonationActor, PersonActor, StaffActor } from "../auth/actor";
import { readWindows } from "../connectors/feeds";
import { personFeeds, portalFeeds } from "../connectors/portal-db";
import type { Row } from "../connectors/types";
import { CATEGORIES } from "../datamap/policy-map";
import { db, disconnectDb } from "../db";
import { DEMO_PEOPLE, seedDemo } from "../seed/demo";
import { PAGE, viewMyData } from "./my-data";

let anna = { id: "", email: "", firstName: null as string | null, lastName: null as string | null };
let erikId = "";

beforeAll(async () => {
  await seedDemo();
  const a = await db.person.findUniqueOrThrow({ where: { email: DEMO_PEOPLE[0].email } });
  anna = { id: a.id, email: a.email, firstName: a.firstName, lastName: a.lastName };
  erikId = (await db.person.findUniqueOrThrow({ where: { email: DEMO_PEOPLE[1].email } })).id;
});

afterAll(async () => {
  await disconnectDb();
});

const person = (personId: string): PersonActor => ({
  kind: "person",
  personId,
  sessionId: "s",
  userId: "u",
  signedInAt: new Date(),
});

describe("viewMyData", () => {
  it("shows every category with values, identity numbers masked, and audits the view", async () => {
    const before = await db.auditEntry.count({ where: { personId: anna.id, action: "data.viewed" } });
    const view = await viewMyData(person(anna.id), {}, "en");
    expect(view.categories.map((c) => c.category.key)).toEqual(CATEGORIES.map((c) => c.key));
    expect(view.categories.every((c) => !c.empty)).toBe(true);
    const identity = view.categories.find((c) => c.category.key === "identity")!.sections[0]!;
    expect(identity.rows[0]!.personnummer).toMatch(/^\d{8}-\*\*\*\*$/);
    const web = view.categories.find((c) => c.category.key === "web_usage")!.sections[0]!;
    // The overview reads the newest record of each section: its date is the category's latest.
    expect(web.rows).toHaveLength(1);
    expect(web.total).toBe(await db.webEvent.count({ where: { personId: anna.id } }));
    const webCategory = view.categories.find((c) => c.category.key === "web_usage")!;
    expect(webCategory.total).toBe(web.total);
    const newestEvent = await db.webEvent.findFirstOrThrow({
      where: { personId: anna.id },
      orderBy: { occurredAt: "desc" },
    });
    expect(Date.parse(webCategory.latest!)).toBe(newestEvent.occurredAt.getTime());
    expect(webCategory.heldBy).toEqual(["portal"]);
    expect(await db.auditEntry.count({ where: { personId: anna.id, action: "data.viewed" } })).toBe(
      before + 1,
    );
  });

  it("masks a sole trader's organisation number (it is a personnummer)", async () => {
    const view = await viewMyData(person(erikId), {}, "sv");
    const company = view.categories.find((c) => c.category.key === "company")!.sections[0]!;
    expect(company.rows[0]).toMatchObject({ soleTrader: true });
    expect(company.rows[0]!.orgNumber).toMatch(/^\d{8}-\*\*\*\*$/);
  });

  it("pages through a long history", async () => {
    const view = await viewMyData(person(anna.id), { category: "history", page: 2 }, "sv");
    expect(view.focus).toBe("history");
    expect(view.categories.map((c) => c.category.key)).toEqual(["history"]);
    const invoices = view.categories[0]!.sections.find((s) => s.spec.key === "invoices")!;
    const all = await db.invoice.findMany({
      where: { personId: anna.id },
      orderBy: [{ issuedAt: "desc" }, { id: "desc" }],
      select: { invoiceNumber: true },
    });
    expect(invoices.page).toBe(2);
    expect(invoices.pages).toBe(Math.ceil(all.length / PAGE));
    expect(invoices.rows.map((r) => r.invoiceNumber)).toEqual(
      all.slice(PAGE, 2 * PAGE).map((i) => i.invoiceNumber),
    );
    await expect(viewMyData(person(anna.id), { category: "nope" }, "sv")).rejects.toMatchObject({
      code: "not_found",
    });
  });

  it("records a staff member's view as the person, with the reason, in the person's activity", async () => {
    const staff: ImpersonationActor = {
      kind: "impersonation",
      personId: anna.id,
      staffMemberId: "staff-my-data-test",
      role: "staff",
      name: "Sven",
      impersonationId: "imp",
      reason: "Ticket 4711",
      expiresAt: new Date(Date.now() + 600_000),
      sessionId: "s",
      userId: "u",
      signedInAt: new Date(),
    };
    await viewMyData(staff, {}, "sv");
    const event = await db.accessEvent.findFirst({
      where: { personId: anna.id, kind: "data_viewed_by_staff", staffMemberId: "staff-my-data-test" },
      orderBy: { at: "desc" },
    });
    expect(event?.reason).toBe("Ticket 4711");
    const entry = await db.auditEntry.findFirst({
      where: { personId: anna.id, action: "data.viewed", actorType: "impersonation" },
      orderBy: { seq: "desc" },
    });
    expect(entry?.actorId).toBe("staff-my-data-test");
  });

  it("is not for staff who are not impersonating", async () => {
    const staff: StaffActor = {
      kind: "staff",
      staffMemberId: "x",
      role: "admin",
      name: "A",
      sessionId: "s",
      userId: "u",
      signedInAt: new Date(),
    };
    await expect(viewMyData(staff, {}, "sv")).rejects.toMatchObject({ code: "forbidden" });
  });
});

describe("portal connector feeds", () => {
  it("read a history in pages (keyset), newest first, every row exactly once", async () => {
    const subject = {
      personId: anna.id,
      email: anna.email,
      firstName: anna.firstName,
      lastName: anna.lastName,
    };
    const feeds = await portalFeeds(subject, { purpose: "copy" }, 7);
    const web = feeds.find((f) => f.sections.some((s) => s.key === "web_events"))!;
    const rows: Row[] = [];
    for await (const r of web.rows()) rows.push(r);
    expect(rows.length).toBe(await web.count());
    expect(new Set(rows.map((r) => r.eventId)).size).toBe(rows.length);
    for (let i = 1; i < rows.length; i++) {
      expect(String(rows[i - 1]!.occurredAt) >= String(rows[i]!.occurredAt)).toBe(true);
    }
    // One read feeds web usage, device and geography.
    expect(web.sections.map((s) => s.category)).toEqual(["web_usage", "device", "geo"]);
    // offset/limit for the page view agree with the full read.
    const slice: Row[] = [];
    for await (const r of web.rows({ offset: 10, limit: 9 })) slice.push(r);
    expect(slice.map((r) => r.eventId)).toEqual(rows.slice(10, 19).map((r) => r.eventId));
  });
});

describe("readWindows", () => {
  it("gives every feed's total and window exactly as reading the feed itself", async () => {
    const feeds = (await personFeeds(anna.id, { purpose: "view" }))!;
    for (const [offset, limit] of [
      [0, 1],
      [PAGE, PAGE],
      [3, 1],
      [100_000, 5],
    ] as const) {
      const windows = await readWindows(feeds.map((feed) => ({ feed, offset, limit })));
      for (const [i, feed] of feeds.entries()) {
        const rows: Row[] = [];
        for await (const r of feed.rows({ offset, limit })) rows.push(r);
        expect(windows[i]).toEqual({ total: await feed.count(), rows });
      }
    }
    await expect(readWindows([{ feed: feeds[4]!, offset: -1, limit: 5 }])).rejects.toThrow(RangeError);
  });

  it("shows a section's last page when the category's page is past its end", async () => {
    const orders = await db.order.count({ where: { personId: anna.id } });
    const items = await db.orderItem.count({ where: { order: { personId: anna.id } } });
    expect(items).toBeGreaterThan(orders); // the purchases category has sections of different lengths
    const past = Math.ceil(items / PAGE);
    const view = await viewMyData(person(anna.id), { category: "purchases", page: past }, "sv");
    const section = (key: string) => view.categories[0]!.sections.find((s) => s.spec.key === key)!;
    expect(section("order_items")).toMatchObject({ page: past, total: items });
    const ordersSection = section("orders");
    expect(ordersSection.page).toBe(Math.ceil(orders / PAGE));
    expect(ordersSection.rows).toHaveLength(orders - (ordersSection.page - 1) * PAGE);
  });
});
