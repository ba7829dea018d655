// Sending a newsletter from the staff console (admins only) through the portal's own email path
// (lib/email/send.ts: Resend in production, the outbox in the demo). Who gets it is decided by the
// consent ledger for one marketing topic, on email, at the moment each person's email is queued: the
// count on the page is an estimate, and every recipient is checked again, under the person's row
// lock, when their batch runs (a one-click unsubscribe racing the send is seen). Each email is in the
// person's language and carries List-Unsubscribe and List-Unsubscribe-Post (RFC 8058) with a signed
// token for that topic. A send is one NewsletterSend row (who, when, topic, counts), audited; the
// send key from the preview makes a double-click one send. See
// docs/decisions/0020-newsletter-sending.md.
import { defineUseCase, parseCheckedInput } from "@/lib/kernel/use-case";
import { db, type Tx } from "../db";
import type { Actor } from "../auth/actor";
import { can } from "../auth/policy";
import { audit } from "../audit/append";
import { AppError } from "../errors";
import { env } from "../env";
import { enqueue } from "../jobs/queue";
import { queueEmail } from "../email/send";
import type { Locale } from "../i18n/config";
import { effectiveStatus, isOn } from "../consent/rules";
import { loadStates, lockPersonDetails } from "../consent/ledger";
import { listUnsubscribeHeaders, unsubscribeUrl } from "./headers";
import {
  newsletterInput,
  sendNewsletterInput,
  type NewsletterInput,
  type SendNewsletterInput,
} from "./newsletter.validation";
import { renderNewsletter, type RenderedNewsletter } from "./render";

/** People per batch: one transaction, one job. */
export const NEWSLETTER_BATCH = 100;

export const SEND_ACTION = "newsletter.send";
export const FINISHED_ACTION = "newsletter.send_finished";

// Built here rather than with systemActor(): the worker need not load the session code (next/headers).
const JOB_ACTOR: Actor = { kind: "system", name: "newsletter-send" };

export type TopicReach = { key: string; nameSv: string; nameEn: string; reach: number };

export type SendRow = {
  id: string;
  topic: string;
  createdAt: Date;
  sentBy: string | null;
  expected: number;
  sent: number;
  skipped: number;
  status: string;
  finishedAt: Date | null;
};

/** The page: every active topic with how many people it would reach now, and the latest sends. */
export const newsletterOverview = defineUseCase(
  "newsletter.overview",
  { action: "admin.newsletter", callers: ["staff"] },
  async (_actor): Promise<{ topics: TopicReach[]; sends: SendRow[] }> => {
    const topics = await db.consentTopic.findMany({
      where: { active: true },
      orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
      select: { key: true, nameSv: true, nameEn: true },
    });
    const withReach = await Promise.all(
      topics.map(async (t) => ({ ...t, reach: await countReach(db, t.key) })),
    );
    const sends = await db.newsletterSend.findMany({ orderBy: { createdAt: "desc" }, take: 20 });
    const staffIds = [...new Set(sends.map((s) => s.sentById).filter((x): x is string => !!x))];
    const staff = staffIds.length
      ? await db.staffMember.findMany({ where: { id: { in: staffIds } }, select: { id: true, name: true } })
      : [];
    const names = new Map(staff.map((s) => [s.id, s.name]));
    return {
      topics: withReach,
      sends: sends.map((s) => ({
        id: s.id,
        topic: s.topic,
        createdAt: s.createdAt,
        sentBy: s.sentById ? (names.get(s.sentById) ?? null) : null,
        expected: s.expected,
        sent: s.sent,
        skipped: s.skipped,
        status: s.status,
        finishedAt: s.finishedAt,
      })),
    };
  },
);

export type NewsletterPreview = {
  topicName: { sv: string; en: string };
  reach: number;
  sv: RenderedNewsletter;
  en: RenderedNewsletter;
};

/** What each language's email will look like (with a sample link) and how many it would reach now. */
export const previewNewsletter = defineUseCase(
  "newsletter.preview",
  { action: "admin.newsletter", callers: ["staff"] },
  async (_actor, raw: unknown): Promise<NewsletterPreview> => {
    const input = parseCheckedInput(newsletterInput, raw);
    const topic = await activeTopic(db, input.topic);
    const sample = sampleLinks();
    return {
      topicName: { sv: topic.nameSv, en: topic.nameEn },
      reach: await countReach(db, topic.key),
      sv: render("sv", input, topic, sample),
      en: render("en", input, topic, sample),
    };
  },
);

export type QueuedSend = { id: string; expected: number; duplicate: boolean };

/**
 * Records the send and queues its first batch. The same send key again (a double-click, a resubmitted
 * form) answers with the send already recorded and queues nothing.
 */
export const sendNewsletter = defineUseCase(
  "newsletter.send",
  // Only an admin in the console, or the demo seed; never while impersonating.
  { action: "admin.newsletter", callers: ["staff", "system"] },
  async (actor, raw: unknown): Promise<QueuedSend> => {
    const input = parseCheckedInput(sendNewsletterInput, raw);
    try {
      return await db.$transaction((tx) => queueNewsletterSend(tx, actor, input));
    } catch (err) {
      // Two submissions at once: the second one's insert lost the race on the send key.
      if (isUniqueViolation(err)) {
        const existing = await db.newsletterSend.findUnique({ where: { sendKey: input.sendKey } });
        if (existing) return { id: existing.id, expected: existing.expected, duplicate: true };
      }
      throw err;
    }
  },
);

/** sendNewsletter in the caller's transaction (the demo seed sends its sample this way). */
export async function queueNewsletterSend(
  tx: Tx,
  actor: Actor,
  input: SendNewsletterInput,
): Promise<QueuedSend> {
  assertAdmin(actor);
  const existing = await tx.newsletterSend.findUnique({ where: { sendKey: input.sendKey } });
  if (existing) return { id: existing.id, expected: existing.expected, duplicate: true };
  const topic = await activeTopic(tx, input.topic);
  const expected = await countReach(tx, topic.key);
  const send = await tx.newsletterSend.create({
    data: {
      sendKey: input.sendKey,
      topic: topic.key,
      subjectSv: input.subjectSv,
      bodySv: input.bodySv,
      subjectEn: input.subjectEn,
      bodyEn: input.bodyEn,
      sentById: actor.kind === "staff" ? actor.staffMemberId : null,
      expected,
      status: expected > 0 ? "sending" : "done",
      finishedAt: expected > 0 ? null : new Date(),
    },
  });
  if (expected > 0) await enqueue(tx, "newsletter.send", { sendId: send.id });
  await audit(tx, actor, {
    action: SEND_ACTION,
    targetType: "newsletter_send",
    targetId: send.id,
    meta: { topic: topic.key, expected },
  });
  return { id: send.id, expected, duplicate: false };
}

/** The job: one batch, then the next batch as a job of its own. */
export async function newsletterSendJob(
  sendId: string,
): Promise<{ sent: number; skipped: number; more: boolean }> {
  return db.$transaction(
    async (tx) => {
      const result = await sendBatch(tx, sendId, NEWSLETTER_BATCH);
      if (result.more) await enqueue(tx, "newsletter.send", { sendId });
      return result;
    },
    { timeout: 120_000 },
  );
}

/**
 * One batch in the caller's transaction: the next people (in id order from the send's cursor) whose
 * consent allows the topic now, each checked again under their row lock, an email queued for each,
 * and the cursor and counts moved on in the same transaction, so a retried job never sends twice.
 */
export async function sendBatch(
  tx: Tx,
  sendId: string,
  size: number,
): Promise<{ sent: number; skipped: number; more: boolean }> {
  const locked = await tx.$queryRaw<{ id: string }[]>`
    SELECT id FROM "NewsletterSend" WHERE id = ${sendId} AND status = 'sending' FOR UPDATE`;
  if (locked.length === 0) return { sent: 0, skipped: 0, more: false };
  const send = await tx.newsletterSend.findUniqueOrThrow({ where: { id: sendId } });
  const topic = await tx.consentTopic.findUnique({ where: { key: send.topic } });
  const candidates = await reachable(tx, send.topic, send.cursor, size);
  let sent = 0;
  let skipped = 0;
  for (const id of candidates) {
    const person = await lockPersonDetails(tx, id);
    const restricted = person
      ? (await tx.person.findUnique({ where: { id }, select: { restrictedAt: true } }))?.restrictedAt
      : null;
    const allowed =
      person && !restricted && isOn(effectiveStatus(await loadStates(tx, id), "email", send.topic).status);
    if (!person || !allowed) {
      skipped += 1;
      continue;
    }
    const locale: Locale = person.language === "en" ? "en" : "sv";
    const email = render(
      locale,
      {
        subjectSv: send.subjectSv,
        bodySv: send.bodySv,
        subjectEn: send.subjectEn,
        bodyEn: send.bodyEn,
      },
      topic ?? { key: send.topic, nameSv: send.topic, nameEn: send.topic },
      { unsubscribe: unsubscribeUrl(person.id, send.topic), preferences: preferencesUrl() },
    );
    await queueEmail(tx, {
      to: person.email,
      kind: "newsletter",
      subject: email.subject,
      html: email.html,
      text: email.text,
      headers: listUnsubscribeHeaders(person.id, send.topic),
      personId: person.id,
    });
    sent += 1;
  }
  const more = candidates.length === size;
  await tx.newsletterSend.update({
    where: { id: sendId },
    data: {
      sent: { increment: sent },
      skipped: { increment: skipped },
      cursor: candidates.at(-1) ?? send.cursor,
      ...(more ? {} : { status: "done", finishedAt: new Date() }),
    },
  });
  if (!more) {
    await audit(tx, JOB_ACTOR, {
      action: FINISHED_ACTION,
      targetType: "newsletter_send",
      targetId: sendId,
      meta: { topic: send.topic, sent: send.sent + sent, skipped: send.skipped + skipped },
    });
  }
  return { sent, skipped, more };
}

// ---------------------------------------------------------------- helpers

// The policy checked here rather than with assertCan: the worker and the seed need not load the
// session code (next/headers).
function assertAdmin(actor: Actor | null): asserts actor is Actor {
  if (!actor) throw new AppError("unauthenticated");
  if (!can(actor, "admin.newsletter")) throw new AppError("forbidden");
  // Only an admin in the console, or the system (the demo seed); never while impersonating.
  if (actor.kind !== "staff" && actor.kind !== "system") throw new AppError("forbidden");
}

type TopicRow = { key: string; nameSv: string; nameEn: string };

async function activeTopic(tx: Tx, key: string): Promise<TopicRow> {
  const topic = await tx.consentTopic.findUnique({
    where: { key },
    select: { key: true, nameSv: true, nameEn: true, active: true },
  });
  if (!topic || !topic.active) throw new AppError("invalid_input", { topic: "topic_invalid" });
  return topic;
}

function render(
  locale: Locale,
  input: Pick<NewsletterInput, "subjectSv" | "bodySv" | "subjectEn" | "bodyEn">,
  topic: TopicRow,
  links: { unsubscribe: string; preferences: string },
): RenderedNewsletter {
  const sv = locale === "sv";
  return renderNewsletter(
    locale,
    {
      subject: sv ? input.subjectSv : input.subjectEn,
      body: sv ? input.bodySv : input.bodyEn,
      topicName: sv ? topic.nameSv : topic.nameEn,
    },
    links,
  );
}

function preferencesUrl(): string {
  return new URL("/preferences", env().PORTAL_URL).toString();
}

/** The preview's links: the real shape, with a token that belongs to no one. */
function sampleLinks() {
  return {
    unsubscribe: new URL("/api/unsubscribe?token=…", env().PORTAL_URL).toString(),
    preferences: preferencesUrl(),
  };
}

/**
 * Email on for the topic: the topic's own row, else the channel's row (lib/consent/rules.ts
 * effectiveStatus, as SQL); restricted people (Art. 18) get nothing.
 */
async function countReach(tx: Tx, topic: string): Promise<number> {
  const rows = await tx.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM "Person" p
    WHERE p."restrictedAt" IS NULL
      AND COALESCE(
        (SELECT s.status FROM "ConsentState" s
          WHERE s."personId" = p.id AND s.channel = 'email' AND s.topic = ${topic}),
        (SELECT s.status FROM "ConsentState" s
          WHERE s."personId" = p.id AND s.channel = 'email' AND s.topic = '')
      ) IN ('given', 'allowed')`;
  return Number(rows[0]?.n ?? 0);
}

async function reachable(tx: Tx, topic: string, after: string | null, limit: number): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT p.id FROM "Person" p
    WHERE p."restrictedAt" IS NULL AND p.id > ${after ?? ""}
      AND COALESCE(
        (SELECT s.status FROM "ConsentState" s
          WHERE s."personId" = p.id AND s.channel = 'email' AND s.topic = ${topic}),
        (SELECT s.status FROM "ConsentState" s
          WHERE s."personId" = p.id AND s.channel = 'email' AND s.topic = '')
      ) IN ('given', 'allowed')
    ORDER BY p.id ASC
    LIMIT ${limit}`;
  return rows.map((r) => r.id);
}

function isUniqueViolation(err: unknown): boolean {
  const e = err as { code?: string; cause?: { code?: string } } | null;
  return e?.code === "P2002" || e?.code === "23505" || e?.cause?.code === "23505";
}
