// The marketing rules as pure functions: which statuses count as "may send", which legal basis each
// channel starts from, and what a wish of the person turns into. See
// docs/decisions/0010-marketing-legal-bases.md for why each channel works the way it does.
import type { Channel } from "../generated/prisma/enums";

export type { Channel };

export const CHANNELS = ["email", "sms", "phone", "post"] as const satisfies readonly Channel[];

/** ConsentState.status and ConsentEvent.action. "allowed" only ever comes from the company's systems. */
export type ConsentStatus = "given" | "allowed" | "pending" | "withdrawn" | "objected";
export type ConsentAction = Exclude<ConsentStatus, "allowed">;

/**
 * consent: the person said yes (MFL 19 § first paragraph, GDPR Art. 6(1)(a)).
 * existing_customer: email to a customer about similar products, until they object (MFL 19 § second paragraph).
 * allowed_until_objection: addressed post and phone calls, until the person objects (MFL 20 §).
 */
export type LegalBasis = "consent" | "existing_customer" | "allowed_until_objection";

export type ConsentMethod = "portal" | "one_click" | "staff_on_behalf" | "import" | "newsletter_partner";

/**
 * The version of the wording the person saw when acting. Change the constant whenever the text in
 * messages/<locale>/preferences.json (or unsubscribe.json, or the opt-in email) changes meaning, so the
 * ledger can always be matched with what was shown.
 */
export const WORDING = {
  preferences: "2026-11",
  objection: "2026-11",
  optIn: "2026-11",
  oneClick: "2026-11",
  /** The partner's own unsubscribe page: its wording, not ours. */
  partner: "partner",
} as const;

/** What a channel falls back to when nothing is recorded: never "may send". */
export const CHANNEL_BASIS: Record<Channel, LegalBasis> = {
  email: "consent",
  sms: "consent",
  phone: "allowed_until_objection",
  post: "allowed_until_objection",
};

/** Only these channels need a confirmed address before a yes counts (double opt-in). */
export const DOUBLE_OPT_IN: ReadonlySet<Channel> = new Set<Channel>(["email"]);

export type StateRow = { channel: Channel; topic: string; status: string; legalBasis: string };

export type Effective = {
  status: ConsentStatus | "none";
  legalBasis: LegalBasis;
  /** Where the answer came from: the topic's own row, the channel as a whole, or nothing recorded. */
  source: "topic" | "channel" | "none";
};

export function isOn(status: string): boolean {
  return status === "given" || status === "allowed";
}

function asBasis(value: string, channel: Channel): LegalBasis {
  return value === "consent" || value === "existing_customer" || value === "allowed_until_objection"
    ? value
    : CHANNEL_BASIS[channel];
}

function asStatus(value: string): ConsentStatus | "none" {
  return value === "given" ||
    value === "allowed" ||
    value === "pending" ||
    value === "withdrawn" ||
    value === "objected"
    ? value
    : "none";
}

/** A topic's own row wins over the channel's row ("" = the channel as a whole). */
export function effectiveStatus(rows: readonly StateRow[], channel: Channel, topic: string): Effective {
  const own = topic ? rows.find((r) => r.channel === channel && r.topic === topic) : undefined;
  if (own)
    return { status: asStatus(own.status), legalBasis: asBasis(own.legalBasis, channel), source: "topic" };
  const whole = rows.find((r) => r.channel === channel && r.topic === "");
  if (whole) {
    return {
      status: asStatus(whole.status),
      legalBasis: asBasis(whole.legalBasis, channel),
      source: "channel",
    };
  }
  return { status: "none", legalBasis: CHANNEL_BASIS[channel], source: "none" };
}

export type PlannedChange = {
  channel: Channel;
  topic: string;
  action: ConsentAction;
  legalBasis: LegalBasis;
};

/**
 * Saying no ends whatever basis was in force: a consent is withdrawn, a marketing that was allowed
 * until objection (or under the existing-customer exception) is objected to. The ledger keeps the
 * basis that ended.
 */
export function stopChange(channel: Channel, topic: string, current: Effective): PlannedChange {
  const action: ConsentAction =
    current.status === "allowed" || current.legalBasis !== "consent" ? "objected" : "withdrawn";
  return { channel, topic, action, legalBasis: current.legalBasis };
}

/**
 * Turns the person's wishes (the ticked channel/topic pairs) into the changes to record. A yes is
 * always a consent of the person's own (pending until confirmed for email); a no ends what was in
 * force. A channel with nothing ticked is stopped as a whole too, so a topic added later does not
 * inherit an old "allowed".
 */
export function planPreferences(
  rows: readonly StateRow[],
  topics: readonly string[],
  wanted: ReadonlySet<string>,
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const channel of CHANNELS) {
    let anyWanted = false;
    for (const topic of topics) {
      const want = wanted.has(pairKey(channel, topic));
      anyWanted ||= want;
      const now = effectiveStatus(rows, channel, topic);
      if (want && !isOn(now.status) && now.status !== "pending") {
        changes.push({
          channel,
          topic,
          action: DOUBLE_OPT_IN.has(channel) ? "pending" : "given",
          legalBasis: "consent",
        });
      } else if (!want && (isOn(now.status) || now.status === "pending")) {
        changes.push(stopChange(channel, topic, now));
      }
    }
    if (!anyWanted) {
      const whole = effectiveStatus(rows, channel, "");
      if (isOn(whole.status) || whole.status === "pending") changes.push(stopChange(channel, "", whole));
    }
  }
  return changes;
}

/** Stops everything on the given channels: every topic still on (or pending) and the channel as a whole. */
export function planStopAll(
  rows: readonly StateRow[],
  topics: readonly string[],
  channels: readonly Channel[] = CHANNELS,
): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const channel of channels) {
    for (const topic of [...topicsWithRows(rows, topics), ""]) {
      const now = effectiveStatus(rows, channel, topic);
      // A topic without a row of its own follows the channel row, which is stopped below.
      if (topic !== "" && now.source !== "topic") continue;
      if (isOn(now.status) || now.status === "pending") changes.push(stopChange(channel, topic, now));
    }
  }
  return changes;
}

/** Stops one topic on one channel (a topic row of its own, so the other topics keep their state). */
export function planStopTopic(rows: readonly StateRow[], channel: Channel, topic: string): PlannedChange[] {
  const now = effectiveStatus(rows, channel, topic);
  return isOn(now.status) || now.status === "pending" ? [stopChange(channel, topic, now)] : [];
}

/**
 * An objection to direct marketing (GDPR Art. 21(2)) covers every channel and topic at once, whatever
 * was in force, including topics added later (the channel rows carry it).
 */
export function planObjection(rows: readonly StateRow[]): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const channel of CHANNELS) {
    const whole = effectiveStatus(rows, channel, "");
    if (whole.status !== "objected")
      changes.push({ channel, topic: "", action: "objected", legalBasis: whole.legalBasis });
  }
  for (const row of rows) {
    if (row.topic === "" || row.status === "objected") continue;
    changes.push({
      channel: row.channel,
      topic: row.topic,
      action: "objected",
      legalBasis: asBasis(row.legalBasis, row.channel),
    });
  }
  return changes;
}

/** Email marketing may be sent when the channel as a whole or any active topic is on. */
export function emailMarketingOn(rows: readonly StateRow[], activeTopics: readonly string[]): boolean {
  if (isOn(effectiveStatus(rows, "email", "").status)) return true;
  return activeTopics.some((t) => isOn(effectiveStatus(rows, "email", t).status));
}

export function pairKey(channel: Channel, topic: string): string {
  return `${channel}:${topic}`;
}

function topicsWithRows(rows: readonly StateRow[], topics: readonly string[]): string[] {
  return [...new Set([...topics, ...rows.filter((r) => r.topic !== "").map((r) => r.topic)])];
}
