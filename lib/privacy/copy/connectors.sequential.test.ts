// The copy with the partners' connectors configured (WIX, Microsoft 365, PayPal, Google Analytics,
// against a local fake of their APIs): each system's records are in the ZIP, Google Analytics is listed
// as unable to export one person's data, nobody is asked to search those systems by hand, and each
// system's outcome is kept with the request. Its twin: none configured, staff search every one of them.
// Sequential: a connector's configuration is one row for every test process.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Readable } from "node:stream";
import { strFromU8, unzipSync } from "fflate";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { seedDataMap } from "../../datamap/policy-map";
import { db } from "../../db";
import { makePerson } from "../../../test/factories";
import {
  configureConnectors,
  graphItemFixture,
  graphMessageFixture,
  paypalInvoiceFixture,
  startPartnerFakes,
  wixContactFixture,
  wixSubmissionFixture,
  type PartnerFakes,
} from "../../../test/partner-fakes";
import { createRequest } from "../requests";
import { buildCopy } from "./build";
import { openCopyDownload } from "./download";
import { copyLinkQuery } from "./link";

const dir = mkdtempSync(path.join(tmpdir(), "copy-connectors-"));
const CONNECTED_RECIPIENTS = ["wix", "m365", "paypal", "google_analytics"];
let fakes: PartnerFakes;
const saved = process.env.RESEND_API_KEY;

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
  fakes = await startPartnerFakes();
  // The newsletter partner stays unconnected: its staff search is not what this file is about.
  delete process.env.RESEND_API_KEY;
});
beforeEach(() => fakes.reset());
afterAll(async () => {
  await db.connectorConfig.deleteMany({});
  await fakes.api.close();
  if (saved !== undefined) process.env.RESEND_API_KEY = saved;
  rmSync(dir, { recursive: true, force: true });
});

async function readAll(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.from(c as Uint8Array));
  return Buffer.concat(chunks);
}

/** Builds the person's copy for a new request with the registry's connectors, and opens its ZIP. */
async function copyOf(person: { id: string }) {
  const request = await createRequest(db, { personId: person.id, type: "copy", status: "in_progress" });
  const copy = await db.copy.create({
    data: { personId: person.id, requestId: request.id, free: false, status: "queued" },
  });
  expect(await buildCopy(copy.id, { exportDir: dir, timeoutMs: 20_000 })).toBe("ready");
  const built = await db.copy.findUniqueOrThrow({ where: { id: copy.id } });
  const { exp, sig } = copyLinkQuery(built.id, built.personId, built.expiresAt!);
  const dl = await openCopyDownload(
    { kind: "person", personId: person.id, sessionId: "s", userId: "u", signedInAt: new Date() },
    { copyId: copy.id, exp, sig },
  );
  const files = unzipSync(new Uint8Array(await readAll(dl.stream)));
  const text = Object.fromEntries(Object.entries(files).map(([n, b]) => [n, strFromU8(b)]));
  const tasks = await db.recipientTask.findMany({ where: { requestId: request.id } });
  const outcomes = await db.connectorOutcome.findMany({ where: { requestId: request.id } });
  return { requestId: request.id, text, tasks, outcomes };
}

type DataJson = {
  sources: { connector: string; status: string; statusText: string }[];
  categories: { key: string; sections: { key: string; heldBy: string; rows: Record<string, unknown>[] }[] }[];
};

describe("a copy with the partners' connectors configured", () => {
  it("holds each system's records, lists Google Analytics as unable to export, and asks staff to search none of them", async () => {
    await configureConnectors(["wix", "microsoft_365", "paypal", "google_analytics"], fakes.api.url);
    const person = await makePerson({ firstName: "Nils", lastName: "Svensson" });
    fakes.wixContacts.set("c-1", wixContactFixture("c-1", person.email));
    fakes.wixSubmissions.set("s-1", wixSubmissionFixture("s-1", "c-1", "When is my sofa delivered?"));
    fakes.wixSubmissions.set("s-2", wixSubmissionFixture("s-2", "c-1", "Can I change the colour?"));
    fakes.wixContacts.set("c-x", wixContactFixture("c-x", "someone.else@example.test"));
    fakes.graphItems.set("11", graphItemFixture("11", person.email));
    fakes.graphMessages.set("m-1", graphMessageFixture("m-1", person.email, "Order question 4711"));
    fakes.graphMessages.set("m-2", graphMessageFixture("m-2", "x@example.test", "Someone else's mail"));
    fakes.paypalInvoices.set("INV2-A", paypalInvoiceFixture("INV2-A", "2026-0042", person.email));
    fakes.paypalInvoices.set("INV2-B", paypalInvoiceFixture("INV2-B", "2026-0043", person.email));
    fakes.paypalInvoices.set("INV2-X", paypalInvoiceFixture("INV2-X", "2026-0099", "x@example.test"));

    const { text, tasks, outcomes } = await copyOf(person);
    const data = JSON.parse(text["data.json"]!) as DataJson;
    const section = (key: string) =>
      data.categories.flatMap((c) => c.sections).find((s) => s.key === key)?.rows ?? [];

    // WIX: the contact and its form submissions.
    expect(section("wix_contact")).toEqual([
      expect.objectContaining({ contactId: "c-1", firstName: "Nils", email: person.email }),
    ]);
    expect(
      section("wix_form_submissions")
        .map((r) => (r.values as { message: string }).message)
        .sort(),
    ).toEqual(["Can I change the colour?", "When is my sofa delivered?"]);
    // Microsoft 365: the list item and the message's subject (never its body).
    expect(section("microsoft_365_list_items")).toEqual([
      expect.objectContaining({
        list: "Contacts",
        itemId: "11",
        fields: expect.objectContaining({ Title: "Customer 11" }),
      }),
    ]);
    expect(section("microsoft_365_messages").map((r) => r.subject)).toEqual(["Order question 4711"]);
    // PayPal: the person's invoices only.
    expect(
      section("paypal_invoices")
        .map((r) => r.invoiceNumber)
        .sort(),
    ).toEqual(["2026-0042", "2026-0043"]);
    expect(text["data.json"]).not.toContain("2026-0099");
    expect(text["data.json"]).not.toContain("Someone else's mail");

    // Where we looked: every system named, Google Analytics unable to export.
    const sources = new Map(data.sources.map((s) => [s.connector, s]));
    expect(sources.get("wix")?.status).toBe("ok");
    expect(sources.get("microsoft_365")?.status).toBe("ok");
    expect(sources.get("paypal")?.status).toBe("ok");
    expect(sources.get("google_analytics")).toMatchObject({
      status: "no_export",
      statusText:
        "Kan inte lämna ut det som finns om en enskild person: vid radering ber vi den i stället att radera.",
    });
    const report = text["report.html"]!;
    expect(report).toContain("<strong>Google Analytics</strong> (Google Analytics): Kan inte lämna ut");
    expect(report).toContain("Vår webbplatsleverantör (WIX)");
    expect(report).toContain("Fakturor skickade via PayPal");
    expect(report).toContain("2026-0042");
    expect(text["README.txt"]).toContain("paypal_invoices");
    expect(text["README.txt"]).toContain(
      "- Google Analytics (Google Analytics): Kan inte lämna ut det som finns om en enskild person",
    );

    // No staff search for the connected systems; the transport companies are still searched by hand.
    const searched = tasks.filter((t) => t.kind === "search").map((t) => t.recipientKey);
    for (const r of CONNECTED_RECIPIENTS) expect(searched, r).not.toContain(r);
    expect(searched).toContain("transport");
    expect(tasks.filter((t) => t.kind === "connector_failed")).toEqual([]);

    // One outcome per system, for the staff request page.
    const byConnector = new Map(outcomes.map((o) => [o.connector, o]));
    expect(outcomes).toHaveLength(4);
    expect(byConnector.get("wix")).toMatchObject({
      action: "copy",
      status: "done",
      count: 4,
      recipientKey: "wix",
    });
    expect(byConnector.get("microsoft_365")).toMatchObject({
      status: "done",
      count: 2,
      recipientKey: "m365",
    });
    expect(byConnector.get("paypal")).toMatchObject({ status: "done", count: 2 });
    expect(byConnector.get("google_analytics")).toMatchObject({ status: "no_export", taskId: null });
  });

  it("a system that fails is searched by staff and its outcome is failed; one holding nothing says so", async () => {
    await configureConnectors(["wix", "paypal"], fakes.api.url);
    const person = await makePerson();
    // WIX answers 400 (not retried) to the contact query; PayPal holds nothing.
    fakes.api.script("POST", "/contacts/v4/contacts/query", { status: 400, json: { message: "bad" } });
    const { tasks, outcomes, text } = await copyOf(person);
    const data = JSON.parse(text["data.json"]!) as DataJson;
    const failed = tasks.filter((t) => t.kind === "connector_failed");
    expect(failed.map((t) => t.recipientKey)).toEqual(["wix"]);
    expect(outcomes.find((o) => o.connector === "wix")).toMatchObject({
      status: "failed",
      taskId: failed[0]!.id,
    });
    expect(outcomes.find((o) => o.connector === "paypal")).toMatchObject({
      status: "nothing_held",
      count: null,
    });
    expect(data.sources.find((s) => s.connector === "paypal")?.status).toBe("nothing_held");
    // The unconfigured ones are searched by hand.
    const searched = tasks.filter((t) => t.kind === "search").map((t) => t.recipientKey);
    expect(searched).toEqual(expect.arrayContaining(["m365", "google_analytics"]));
    expect(searched).not.toContain("paypal");
  });
});

describe("a copy with no connector configured (its twin)", () => {
  it("asks staff to search every partner by hand, calls no partner and records no outcome", async () => {
    await configureConnectors([], fakes.api.url);
    const person = await makePerson();
    fakes.wixContacts.set("c-1", wixContactFixture("c-1", person.email));
    const { tasks, outcomes, text } = await copyOf(person);
    const searched = tasks.filter((t) => t.kind === "search").map((t) => t.recipientKey);
    expect(searched).toEqual(expect.arrayContaining([...CONNECTED_RECIPIENTS, "transport"]));
    expect(fakes.api.requests).toEqual([]);
    expect(outcomes).toEqual([]);
    expect(text["data.json"]).not.toContain("wix_contact");
  });
});
