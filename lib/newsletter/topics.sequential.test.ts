// Topic choices synced both ways with the newsletter partner (Resend topics), against the fake Resend:
// an admin links a portal topic to a partner topic; the sync writes the person's choice per linked topic;
// the partner's contact.topics.updated webhook withdraws a topic here when the person opted out there,
// and never turns a topic on. Sequential: a linked topic changes what every sync in every process sends.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { POST } from "@/app/api/webhooks/newsletter/route";
import { startFakeResend, type FakeResend } from "../../e2e/fake-resend";
import { makePerson } from "../../test/factories";
import { makeStaffActor } from "../../test/staff-support";
import type { StaffActor } from "../auth/actor";
import { activeConnectors } from "../connectors/registry";
import { seedDataMap } from "../datamap/policy-map";
import { db } from "../db";
import { env } from "../env";
import { saveConsentTopic, topicInput } from "../staff/settings";
import { syncNewsletterContact } from "./sync";
import { signSvix } from "./webhook-signature";

const saved = { ...process.env };
let fake: FakeResend;
let admin: StaffActor;
const NEWS_ID = randomUUID();
const OFFERS_ID = randomUUID();
const tag = randomUUID().replace(/-/g, "").slice(0, 8);
const NEWS = `tn_${tag}`;
const OFFERS = `to_${tag}`;

beforeAll(async () => {
  fake = await startFakeResend(0);
  process.env.RESEND_BASE_URL = fake.url;
  process.env.RESEND_API_KEY = "re_test_topics";
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
  admin = await makeStaffActor("admin");
});
afterAll(async () => {
  await db.consentTopic.deleteMany({ where: { key: { in: [NEWS, OFFERS] } } });
  await fake.close();
  process.env = saved;
});

function topicForm(key: string, partnerTopicId: string) {
  return {
    key,
    nameSv: `Ämne ${key}`,
    nameEn: `Topic ${key}`,
    sortOrder: "950",
    active: "on",
    partnerTopicId,
  };
}

function webhook(
  email: string,
  topics: { id: string; subscription: "opt_in" | "opt_out" }[],
  at = new Date(),
) {
  const body = JSON.stringify({
    type: "contact.topics.updated",
    created_at: at.toISOString(),
    data: { id: randomUUID(), email, topics },
  });
  const id = `msg_${randomUUID()}`;
  const ts = String(Math.floor(Date.now() / 1000));
  const sig = signSvix(env().NEWSLETTER_WEBHOOK_SECRET!, id, ts, body);
  return POST(
    new Request("http://localhost:3000/api/webhooks/newsletter", {
      method: "POST",
      headers: {
        "content-type": "application/json",
        "svix-id": id,
        "svix-timestamp": ts,
        "svix-signature": `v1,${sig}`,
      },
      body,
    }),
  );
}

/** Subscribed to NEWS, not to OFFERS. */
async function person() {
  const p = await makePerson({ firstName: "Ada" });
  await db.consentState.createMany({
    data: [
      { personId: p.id, channel: "email", topic: NEWS, status: "given", legalBasis: "consent" },
      { personId: p.id, channel: "email", topic: OFFERS, status: "withdrawn", legalBasis: "consent" },
    ],
  });
  return p;
}

const stateOf = async (personId: string, topic: string) =>
  (
    await db.consentState.findFirstOrThrow({
      where: { personId, channel: "email", topic },
      select: { status: true },
    })
  ).status;

describe("newsletter topics, both ways", () => {
  it("an admin links portal topics to partner topics; a malformed or already linked id is refused and changes nothing", async () => {
    // The form names the field (the action checks the form first); the use-case refuses it as well.
    expect(topicInput.safeParse(topicForm(NEWS, "not a topic id!")).error?.issues[0]).toMatchObject({
      path: ["partnerTopicId"],
      message: "partner_topic_invalid",
    });
    await expect(saveConsentTopic(admin, topicForm(NEWS, "not a topic id!"))).rejects.toMatchObject({
      code: "invalid_input",
    });
    expect(await db.consentTopic.findUnique({ where: { key: NEWS } })).toBeNull();

    await saveConsentTopic(admin, topicForm(NEWS, NEWS_ID));
    await saveConsentTopic(admin, topicForm(OFFERS, OFFERS_ID));
    expect(await db.consentTopic.findUniqueOrThrow({ where: { key: NEWS } })).toMatchObject({
      partnerTopicId: NEWS_ID,
      active: true,
    });

    await expect(saveConsentTopic(admin, topicForm(OFFERS, NEWS_ID))).rejects.toMatchObject({
      code: "invalid_input",
      detail: { partnerTopicId: "partner_topic_taken" },
    });
    expect((await db.consentTopic.findUniqueOrThrow({ where: { key: OFFERS } })).partnerTopicId).toBe(
      OFFERS_ID,
    );
  });

  it("the sync writes the person's choice per linked topic to the partner's contact", async () => {
    const p = await person();
    expect(await syncNewsletterContact(p.id)).toBe("synced");
    const contact = [...fake.contacts.values()].find((c) => c.email === p.email.toLowerCase());
    expect(contact?.topics).toMatchObject({ [NEWS_ID]: "opt_in", [OFFERS_ID]: "opt_out" });
  });

  it("the copy reads the contact's topic choices at the partner", async () => {
    const keys = (await activeConnectors()).map((c) => c.key);
    expect(keys).toContain("newsletter_topics");
  });

  it("an opt-out at the partner withdraws that topic here, recorded as the partner's", async () => {
    const p = await person();
    const res = await webhook(p.email, [
      { id: NEWS_ID, subscription: "opt_out" },
      { id: OFFERS_ID, subscription: "opt_out" },
    ]);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: "withdrawn" });
    expect(await stateOf(p.id, NEWS)).toBe("withdrawn");
    const event = await db.consentEvent.findFirstOrThrow({
      where: { personId: p.id, topic: NEWS },
      orderBy: { at: "desc" },
    });
    expect(event.method).toBe("newsletter_partner");
  });

  it("an opt-in at the partner turns nothing on here: the portal's choice is synced back", async () => {
    const p = await person();
    const res = await webhook(p.email, [{ id: OFFERS_ID, subscription: "opt_in" }]);
    expect(await res.json()).toEqual({ result: "resync" });
    expect(await stateOf(p.id, OFFERS)).toBe("withdrawn");
    const sync = await db.partnerSync.findUniqueOrThrow({
      where: { personId_connector: { personId: p.id, connector: "newsletter" } },
    });
    expect(sync.pendingSince).not.toBeNull();
  });

  it("choices the portal already has, topics not linked, and unknown addresses change nothing", async () => {
    const p = await person();
    const same = await webhook(p.email, [
      { id: NEWS_ID, subscription: "opt_in" },
      { id: OFFERS_ID, subscription: "opt_out" },
    ]);
    expect(await same.json()).toEqual({ result: "no_change" });
    const unlinked = await webhook(p.email, [{ id: randomUUID(), subscription: "opt_out" }]);
    expect(await unlinked.json()).toEqual({ result: "ignored" });
    expect(await stateOf(p.id, NEWS)).toBe("given");
    const nobody = await webhook(`nobody-${tag}@example.test`, [{ id: NEWS_ID, subscription: "opt_out" }]);
    expect(await nobody.json()).toEqual({ result: "unknown_person" });
  });

  it("an opt-out the partner made before the person's latest choice here is stale and undoes nothing", async () => {
    const p = await person();
    await db.consentEvent.create({
      data: {
        personId: p.id,
        channel: "email",
        topic: NEWS,
        action: "given",
        method: "portal",
        wordingVersion: "test",
        legalBasis: "consent",
        actorType: "person",
      },
    });
    const res = await webhook(
      p.email,
      [{ id: NEWS_ID, subscription: "opt_out" }],
      new Date(Date.now() - 60_000),
    );
    expect(await res.json()).toEqual({ result: "stale" });
    expect(await stateOf(p.id, NEWS)).toBe("given");
  });

  it("a malformed topics event is refused and changes nothing", async () => {
    const p = await person();
    const res = await webhook(p.email, [{ id: NEWS_ID, subscription: "maybe" as "opt_in" }]);
    expect(res.status).toBe(400);
    expect(await stateOf(p.id, NEWS)).toBe("given");
  });
});
