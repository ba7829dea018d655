// Sending a newsletter: only admins; only people whose consent allows email on the topic when their
// batch runs (not when the page counted); each email in the person's language with RFC 8058 headers
// whose token unsubscribes them; a double-click or a retried job sends nothing twice; bad input
// records nothing. Jobs are run by calling the handler, as the worker would.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { seedDataMap } from "../datamap/policy-map";
import type { Actor, StaffActor } from "../auth/actor";
import { AppError } from "../errors";
import { HANDLERS } from "../jobs/handlers";
import { oneClickUnsubscribe } from "../consent/one-click-unsubscribe";
import { effectiveStatus } from "../consent/rules";
import { unsubscribeToken, verifyUnsubscribeToken } from "./unsubscribe-token";
import { previewNewsletter, sendBatch, sendNewsletter } from "./send-newsletter";

const base = { sessionId: "s", userId: "u", signedInAt: new Date() };
const admin: StaffActor = { ...base, kind: "staff", staffMemberId: "adm", role: "admin", name: "A" };
const staff: StaffActor = { ...base, kind: "staff", staffMemberId: "stf", role: "staff", name: "S" };
const oneClick: Actor = { kind: "system", name: "one-click" };

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

/** A topic of this test's own, so people elsewhere in the database with a topic row do not count. */
async function newTopic(): Promise<string> {
  const key = `t${randomUUID().replace(/-/g, "").slice(0, 20)}`;
  await db.consentTopic.create({ data: { key, nameSv: "Testämne", nameEn: "Test topic", sortOrder: 99 } });
  return key;
}

async function personWith(
  states: { topic: string; status: string; legalBasis?: string }[],
  data: { language?: string; restricted?: boolean } = {},
) {
  const p = await makePerson({ language: data.language ?? "sv" });
  if (data.restricted) await db.person.update({ where: { id: p.id }, data: { restrictedAt: new Date() } });
  await db.consentState.createMany({
    data: states.map((s) => ({
      personId: p.id,
      channel: "email" as const,
      topic: s.topic,
      status: s.status,
      legalBasis: s.legalBasis ?? "consent",
    })),
  });
  return p;
}

function input(topic: string, sendKey = randomUUID()) {
  return {
    topic,
    subjectSv: "Vårens nyheter",
    bodySv: "Hej!\n\nHär är våra nyheter.",
    subjectEn: "Spring news",
    bodyEn: "Hello,\n\nHere is our news.",
    sendKey,
  };
}

/** What the queue does: run the send's jobs until the last batch. */
async function drain(sendId: string) {
  for (let i = 0; i < 1000; i++) {
    const r = (await HANDLERS["newsletter.send"]!({ sendId })) as { more: boolean };
    if (!r.more) return;
  }
  throw new Error("the send never finished");
}

const emailsTo = (personIds: string[]) =>
  db.emailMessage.findMany({ where: { personId: { in: personIds }, kind: "newsletter" } });

describe("sending a newsletter", () => {
  it("is refused to a staff member who is not an admin, and nothing is recorded", async () => {
    const topic = await newTopic();
    const key = randomUUID();
    await expect(sendNewsletter(staff, input(topic, key))).rejects.toMatchObject({ code: "forbidden" });
    await expect(previewNewsletter(staff, input(topic))).rejects.toMatchObject({ code: "forbidden" });
    await expect(sendNewsletter(null, input(topic, key))).rejects.toMatchObject({ code: "unauthenticated" });
    const person: Actor = { ...base, kind: "person", personId: "p" };
    const asPerson: Actor = {
      ...admin,
      kind: "impersonation",
      personId: "p",
      impersonationId: "i",
      reason: "r",
      expiresAt: new Date(Date.now() + 60_000),
    };
    for (const actor of [person, asPerson]) {
      await expect(sendNewsletter(actor, input(topic, key))).rejects.toMatchObject({ code: "forbidden" });
    }
    expect(await db.newsletterSend.findUnique({ where: { sendKey: key } })).toBeNull();
  });

  it("an admin sends it: recorded with who, topic and counts, and audited", async () => {
    const topic = await newTopic();
    const p = await personWith([{ topic, status: "given" }]);
    const preview = await previewNewsletter(admin, input(topic));
    expect(preview.reach).toBeGreaterThanOrEqual(1);
    expect(preview.sv.subject).toBe("Vårens nyheter");
    expect(preview.en.text).toContain("Here is our news.");
    const key = randomUUID();
    const sent = await sendNewsletter(admin, input(topic, key));
    expect(sent.duplicate).toBe(false);
    await drain(sent.id);
    const row = await db.newsletterSend.findUniqueOrThrow({ where: { sendKey: key } });
    expect(row).toMatchObject({ topic, sentById: "adm", status: "done", expected: sent.expected });
    expect(row.sent).toBe(sent.expected);
    expect(await emailsTo([p.id])).toHaveLength(1);
    const audits = await db.auditEntry.findMany({ where: { targetId: sent.id }, orderBy: { seq: "asc" } });
    expect(audits.map((a) => a.action)).toEqual(["newsletter.send", "newsletter.send_finished"]);
  });

  it("goes only to people whose consent allows email on the topic, each in their own language", async () => {
    const topic = await newTopic();
    const given = await personWith([{ topic, status: "given" }]);
    const wholeChannelEn = await personWith([{ topic: "", status: "given" }], { language: "en" });
    const customer = await personWith([{ topic, status: "allowed", legalBasis: "existing_customer" }]);
    const withdrawn = await personWith([{ topic, status: "withdrawn" }]);
    const topicOffOverChannel = await personWith([
      { topic: "", status: "given" },
      { topic, status: "withdrawn" },
    ]);
    const pending = await personWith([{ topic, status: "pending" }]);
    const objected = await personWith([{ topic: "", status: "objected" }]);
    const restricted = await personWith([{ topic, status: "given" }], { restricted: true });
    const otherTopic = await personWith([{ topic: "offers", status: "given" }]);
    const sent = await sendNewsletter(admin, input(topic));
    await drain(sent.id);
    const all = [
      given,
      wholeChannelEn,
      customer,
      withdrawn,
      topicOffOverChannel,
      pending,
      objected,
      restricted,
      otherTopic,
    ];
    const emails = await emailsTo(all.map((p) => p.id));
    expect(emails.map((e) => e.personId).sort()).toEqual([given.id, wholeChannelEn.id, customer.id].sort());
    const byPerson = new Map(emails.map((e) => [e.personId, e]));
    expect(byPerson.get(given.id)!.subject).toBe("Vårens nyheter");
    expect(byPerson.get(wholeChannelEn.id)!.subject).toBe("Spring news");
    expect(byPerson.get(wholeChannelEn.id)!.to).toBe(wholeChannelEn.email);
  });

  it("carries List-Unsubscribe one-click headers whose signed token unsubscribes that person from the topic", async () => {
    const topic = await newTopic();
    const p = await personWith([{ topic, status: "given" }]);
    const sent = await sendNewsletter(admin, input(topic));
    await drain(sent.id);
    const [email] = await emailsTo([p.id]);
    const headers = email!.headers as Record<string, string>;
    expect(headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    const url = /^<(http:\/\/localhost:3000\/api\/unsubscribe\?token=[^>]+)>$/.exec(
      headers["List-Unsubscribe"]!,
    )?.[1];
    expect(url).toBeTruthy();
    const token = new URL(url!).searchParams.get("token");
    expect(verifyUnsubscribeToken(token)).toEqual({ personId: p.id, topic });
    expect(email!.text).toContain(url!);
    expect(email!.html).toContain("/api/unsubscribe?token=");

    expect((await oneClickUnsubscribe(oneClick, token)).changed).toBe(1);
    const states = await db.consentState.findMany({ where: { personId: p.id } });
    expect(effectiveStatus(states, "email", topic).status).toBe("withdrawn");
  });

  it("checks consent again when the job sends, not only when the page counted", async () => {
    const topic = await newTopic();
    const stays = await personWith([{ topic, status: "given" }]);
    const leaves = await personWith([{ topic, status: "given" }]);
    const preview = await previewNewsletter(admin, input(topic));
    const sent = await sendNewsletter(admin, input(topic));
    expect(sent.expected).toBe(preview.reach);
    // Nothing goes out before the job runs; meanwhile one person unsubscribes and another says yes.
    expect(await emailsTo([stays.id, leaves.id])).toHaveLength(0);
    await oneClickUnsubscribe(oneClick, unsubscribeToken(leaves.id, topic));
    const joins = await personWith([{ topic, status: "given" }]);
    await drain(sent.id);
    const emails = await emailsTo([stays.id, leaves.id, joins.id]);
    expect(emails.map((e) => e.personId).sort()).toEqual([stays.id, joins.id].sort());
  });

  it("sends each person once: a double-click, two submissions at once and a retried job send nothing twice", async () => {
    const topic = await newTopic();
    const people = await Promise.all([1, 2, 3].map(() => personWith([{ topic, status: "given" }])));
    const key = randomUUID();
    const [a, b] = await Promise.all([
      sendNewsletter(admin, input(topic, key)),
      sendNewsletter(admin, input(topic, key)),
    ]);
    expect(a.id).toBe(b.id);
    expect([a.duplicate, b.duplicate].sort()).toEqual([false, true]);
    const again = await sendNewsletter(admin, input(topic, key));
    expect(again).toMatchObject({ id: a.id, duplicate: true });
    expect(await db.newsletterSend.count({ where: { sendKey: key } })).toBe(1);
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'newsletter.send' AND data->>'sendId' = ${a.id}`;
    expect(Number(jobs[0]!.n)).toBe(1);

    // Batches of one, and every batch run twice (a job retried after its transaction committed).
    for (let i = 0; i < 1000; i++) {
      const r = await db.$transaction((tx) => sendBatch(tx, a.id, 1));
      await db.$transaction((tx) => sendBatch(tx, a.id, 1));
      if (!r.more) break;
    }
    await drain(a.id);
    const emails = await emailsTo(people.map((p) => p.id));
    expect(emails).toHaveLength(3);
    expect(new Set(emails.map((e) => e.personId)).size).toBe(3);
  });

  it("refuses bad input with a clear code and records nothing", async () => {
    const topic = await newTopic();
    await db.consentTopic.create({
      data: { key: `${topic}_off`, nameSv: "Av", nameEn: "Off", active: false },
    });
    const cases = [
      { ...input(topic), subjectSv: "  " },
      { ...input(topic), bodyEn: "" },
      { ...input(topic), subjectEn: "x".repeat(151) },
      { ...input(topic), topic: "Not a topic!" },
      { ...input(topic), sendKey: "not-a-uuid" },
      { ...input(topic), topic: "nosuchtopic" },
      { ...input(topic), topic: `${topic}_off` },
      "not an object",
    ];
    const before = await db.newsletterSend.count();
    for (const c of cases) {
      const err = await sendNewsletter(admin, c).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).code).toBe("invalid_input");
    }
    expect(await db.newsletterSend.count()).toBe(before);
  });
});
