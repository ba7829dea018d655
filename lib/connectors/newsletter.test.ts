// The newsletter connector against a local stand-in for the Resend API (the real SDK code path).
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startFakeResend, type FakeResend } from "../../e2e/fake-resend";
import { newsletterConnector } from "./newsletter";
import { runConnectors } from "./run";
import type { Row, Subject } from "./types";
import { db, disconnectDb } from "../db";

let fake: FakeResend;

beforeAll(async () => {
  fake = await startFakeResend(0);
});

afterAll(async () => {
  await fake.close();
  await disconnectDb();
});

const subject = (email: string): Subject => ({
  personId: randomUUID(),
  email,
  firstName: "Nils",
  lastName: null,
});
const ctx = {
  purpose: "copy" as const,
  locale: "sv" as const,
  requestId: null,
  signal: new AbortController().signal,
};

async function rows(
  listing: Awaited<ReturnType<ReturnType<typeof newsletterConnector>["list"]>>,
): Promise<Row[]> {
  if (listing.status !== "ok") return [];
  const out: Row[] = [];
  for (const feed of listing.feeds) for await (const r of feed.rows()) out.push(r);
  return out;
}

describe("newsletter connector", () => {
  it("reports what the partner holds on the person", async () => {
    const email = `${randomUUID()}@test.example`;
    fake.contacts.set("c1", {
      id: "c1",
      email,
      first_name: "Nils",
      unsubscribed: true,
      segments: [],
      topics: {},
    });
    const connector = newsletterConnector({ apiKey: "re_test", baseUrl: fake.url });
    const listing = await connector.list(subject(email), ctx);
    expect(listing.status).toBe("ok");
    expect(await rows(listing)).toEqual([
      { contactId: "c1", email, firstName: "Nils", lastName: null, unsubscribed: true, createdAt: null },
    ]);
  });

  it("says so when the partner holds nothing, and when it is not configured", async () => {
    const connector = newsletterConnector({ apiKey: "re_test", baseUrl: fake.url });
    expect((await connector.list(subject(`${randomUUID()}@test.example`), ctx)).status).toBe("nothing_held");
    expect((await newsletterConnector({}).list(subject("x@test.example"), ctx)).status).toBe(
      "not_configured",
    );
  });

  it("a partner error fails the connector and becomes a staff task, without the address in it", async () => {
    await fetch(`${fake.url}/_test/fail`, { method: "POST", body: JSON.stringify({ count: 1 }) });
    const person = await db.person.create({ data: { email: `${randomUUID()}@test.example` } });
    const [result] = await runConnectors(
      [newsletterConnector({ apiKey: "re_test", baseUrl: fake.url })],
      { personId: person.id, email: person.email, firstName: null, lastName: null },
      { purpose: "copy", locale: "sv", requestId: null },
    );
    const task = await db.recipientTask.findFirst({
      where: { personId: person.id, kind: "connector_failed" },
    });
    // The task's id goes with the failure, so the copy's report and outcome name it.
    expect(result?.listing).toEqual({
      status: "failed",
      failure: "newsletter_internal_server_error",
      taskIds: [task!.id],
    });
    expect(task?.recipientKey).toBe("newsletter");
    expect(JSON.stringify(task?.facts)).not.toContain(person.email);
    expect(task?.facts).toMatchObject({ connector: "newsletter" });
  });
});
