// Marketing status from the company's systems. It only ever changes through the consent ledger
// (a ConsentEvent with method "import" and the basis as given, and the ConsentState beside it, in the
// row's transaction), and never over a choice the person made in the portal after the source's
// timestamp: a newer event of any other method on that channel and topic (or on the channel as a
// whole) wins, and the row is reported as a conflict.
import { z } from "zod";
import type { Tx } from "../db";
import { CHANNELS, type Channel } from "../consent/rules";
import { lockPersonDetails } from "../consent/ledger";
import { enqueue } from "../jobs/queue";
import { markPartnerPending } from "../newsletter/partner-sync-state";
import { optText, personRef, refineRef, refKey, timestamp } from "./fields";
import { withPeople } from "./person-ref";
import {
  plainColumns,
  RowRejection,
  type ApplyContext,
  type ApplyResult,
  type RecordHandler,
  type RowConflict,
  type ValidItem,
} from "./types";

export const CONSENT_STATUSES = ["given", "allowed", "withdrawn", "objected"] as const;
export const CONSENT_BASES = ["consent", "existing_customer", "allowed_until_objection"] as const;
/** The wording version recorded when the source does not name one. */
export const SOURCE_WORDING = "source";
/** How far a source timestamp may lie ahead of this server's clock. */
export const CLOCK_SKEW_MS = 5 * 60_000;

export type ConsentItem = {
  channel: Channel;
  topic: string;
  status: (typeof CONSENT_STATUSES)[number];
  basis: (typeof CONSENT_BASES)[number];
};

const consentFields = {
  channel: z.enum(CHANNELS, { error: `one of ${CHANNELS.join(", ")}` }),
  topic: optText(60)
    .refine(
      (v) => v === undefined || /^[a-z0-9_-]+$/.test(v),
      "a topic key (lowercase letters, digits, _ and -)",
    )
    .transform((v) => v ?? ""),
  status: z.enum(CONSENT_STATUSES, { error: `one of ${CONSENT_STATUSES.join(", ")}` }),
  basis: z.enum(CONSENT_BASES, { error: `one of ${CONSENT_BASES.join(", ")}` }),
};

/**
 * The legal basis must fit the channel and the status (Marknadsföringslagen 19–20 §§): email and SMS
 * need consent, or the existing-customer exception; phone and post are allowed until the person
 * objects. A consent is given and withdrawn; the other bases are objected to.
 */
export function checkBasis(
  item: Omit<ConsentItem, "topic">,
  ctx: z.RefinementCtx,
  path: (string | number)[] = [],
) {
  const electronic = item.channel === "email" || item.channel === "sms";
  const issue = (message: string) => ctx.addIssue({ code: "custom", path: [...path, "basis"], message });
  if (item.basis === "existing_customer" && !electronic)
    issue("existing_customer applies only to email and sms");
  if (item.basis === "allowed_until_objection" && electronic)
    issue(
      "allowed_until_objection applies only to phone and post; email and sms need consent or existing_customer",
    );
  if (item.status === "given" && item.basis !== "consent") issue("status given needs basis consent");
  if (item.status === "allowed" && item.basis === "consent")
    issue("status allowed needs basis existing_customer or allowed_until_objection");
  if (item.status === "withdrawn" && item.basis !== "consent")
    issue("status withdrawn ends a consent; use objected for the other bases");
}

export const consentItem = z.strictObject(consentFields).superRefine((v, ctx) => checkBasis(v, ctx));

export const sourceUpdatedAt = timestamp
  .refine((d) => d.getTime() <= Date.now() + CLOCK_SKEW_MS, "must not be in the future")
  .describe(
    "When the source system last changed this (ISO 8601 with a time zone). A choice or correction the person made in the portal after it wins.",
  );

export const consentRecord = z
  .strictObject({
    ...personRef,
    ...consentFields,
    sourceUpdatedAt,
    wordingVersion: optText(40),
  })
  .superRefine((v, ctx) => {
    refineRef(v, ctx);
    checkBasis(v, ctx);
  });
export type ConsentRecord = z.infer<typeof consentRecord>;

/** The consents column of people.csv: `email:news=given/consent;post=allowed/allowed_until_objection`. */
export function parseConsentsCell(cell: string): { value: unknown[] } | { error: string } {
  const out: unknown[] = [];
  const tokens = cell
    .split(";")
    .map((t) => t.trim())
    .filter(Boolean);
  for (const [i, token] of tokens.entries()) {
    const m = /^([a-z]+)(?::([a-z0-9_-]+))?=([a-z_]+)\/([a-z_]+)$/.exec(token);
    if (!m) return { error: `item ${i + 1} is not channel[:topic]=status/basis` };
    out.push({ channel: m[1], topic: m[2] ?? "", status: m[3], basis: m[4] });
  }
  return { value: out };
}

export type ConsentApplied = {
  /** Statuses written, and of those, the first status ever recorded for that channel and topic. */
  changed: number;
  created: number;
  conflicts: RowConflict[];
  stale: number;
  restricted: number;
};

/**
 * Applies marketing statuses for one person inside the caller's transaction (the person's row is
 * locked, as the portal's own changes do). An unknown topic rejects the whole row (rolled back).
 */
export async function applyConsentItems(
  tx: Tx,
  personId: string,
  items: readonly ConsentItem[],
  how: {
    sourceAt: Date;
    wordingVersion?: string;
    restricted: boolean;
    fieldPrefix: string;
    ctx: ApplyContext;
  },
): Promise<ConsentApplied> {
  const result: ConsentApplied = { changed: 0, created: 0, conflicts: [], stale: 0, restricted: 0 };
  if (items.length === 0) return result;
  await lockPersonDetails(tx, personId);
  const topics = how.ctx.topics ?? (await loadTopics(tx));
  for (const [i, item] of items.entries()) {
    if (item.topic !== "" && !topics.has(item.topic)) {
      throw new RowRejection("unknown_topic", [
        {
          field: `${how.fieldPrefix}${how.fieldPrefix ? `${i}.` : ""}topic`,
          message: "no such consent topic",
        },
      ]);
    }
  }
  for (const item of items) {
    const field = `consent:${item.channel}${item.topic ? `/${item.topic}` : ""}`;
    // A restricted person's processing is limited: a source may still stop marketing, never start it.
    if (how.restricted && (item.status === "given" || item.status === "allowed")) {
      result.restricted++;
      continue;
    }
    const newerChoice = await tx.consentEvent.findFirst({
      where: {
        personId,
        channel: item.channel,
        method: { not: "import" },
        at: { gt: how.sourceAt },
        // A choice on the channel as a whole covers its topics; a row for the whole channel yields
        // to a later choice on any of its topics.
        ...(item.topic ? { topic: { in: [item.topic, ""] } } : {}),
      },
      select: { id: true },
    });
    if (newerChoice) {
      result.conflicts.push({ field, reason: "newer_choice_in_portal" });
      continue;
    }
    const state = await tx.consentState.findUnique({
      where: { personId_channel_topic: { personId, channel: item.channel, topic: item.topic } },
      select: { status: true, legalBasis: true },
    });
    if (state && state.status === item.status && state.legalBasis === item.basis) continue;
    const newerImport = await tx.consentEvent.findFirst({
      where: {
        personId,
        channel: item.channel,
        topic: item.topic,
        method: "import",
        at: { gt: how.sourceAt },
      },
      select: { id: true },
    });
    if (newerImport) {
      result.stale++;
      continue;
    }
    // The event carries the source's time: the ledger then orders it against the portal's own
    // choices by when each was made.
    await tx.consentEvent.create({
      data: {
        personId,
        at: how.sourceAt,
        channel: item.channel,
        topic: item.topic,
        action: item.status,
        method: "import",
        wordingVersion: how.wordingVersion ?? SOURCE_WORDING,
        legalBasis: item.basis,
        actorType: "import",
        staffMemberId: null,
      },
    });
    await tx.consentState.upsert({
      where: { personId_channel_topic: { personId, channel: item.channel, topic: item.topic } },
      create: {
        personId,
        channel: item.channel,
        topic: item.topic,
        status: item.status,
        legalBasis: item.basis,
      },
      update: { status: item.status, legalBasis: item.basis },
    });
    result.changed++;
    if (!state) result.created++;
  }
  if (result.changed > 0) {
    // As lib/consent/ledger.ts does: the partner sync is queued in the same transaction.
    await markPartnerPending(tx, personId, how.ctx.now);
    await enqueue(tx, "newsletter.sync", { personId });
  }
  return result;
}

export async function loadTopics(tx: Tx): Promise<Set<string>> {
  const rows = await tx.consentTopic.findMany({ select: { key: true } });
  return new Set(rows.map((r) => r.key));
}

const columns = plainColumns([
  "customerExternalId",
  "customerEmail",
  "channel",
  "topic",
  "status",
  "basis",
  "sourceUpdatedAt",
  "wordingVersion",
]);

export const consentHandler: RecordHandler<ConsentRecord> = {
  type: "consent",
  schema: consentRecord,
  columns,
  mode: "row",
  // The customer id, never the address: the report and the API answer carry no personal data.
  keyOf: (r) => `${r.customerExternalId ?? "(by email)"}|${r.channel}${r.topic ? `/${r.topic}` : ""}`,
  uniqueKeys: (r) => [`person:${refKey(r)}`],
  async apply(tx, items: ValidItem<ConsentRecord>[], ctx): Promise<ApplyResult[]> {
    const out: ApplyResult[] = [];
    const records = items.map((i) => i.data);
    for (const [data, found] of await withPeople(tx, records)) {
      const key = consentHandler.keyOf(data);
      if ("missing" in found) {
        out.push({ outcome: "rejected", reason: found.missing, key });
        continue;
      }
      const applied = await applyConsentItems(tx, found.person.id, [data], {
        sourceAt: data.sourceUpdatedAt,
        wordingVersion: data.wordingVersion,
        restricted: found.person.restrictedAt !== null,
        fieldPrefix: "",
        ctx,
      });
      if (applied.created > 0) out.push({ outcome: "created", key });
      else if (applied.changed > 0) out.push({ outcome: "updated", key });
      else if (applied.conflicts.length > 0)
        out.push({ outcome: "skipped", reason: "conflict", key, conflicts: applied.conflicts });
      else if (applied.restricted > 0) out.push({ outcome: "skipped", reason: "restricted", key });
      else if (applied.stale > 0) out.push({ outcome: "skipped", reason: "newer_in_source", key });
      else out.push({ outcome: "skipped", reason: "unchanged", key });
    }
    return out;
  },
};

/** The people type's consents (a JSON array, or the compact CSV column). */
export const consentItems = z.array(consentItem).max(50, "at most 50 statuses per person");
