// The newsletter partner's topics: each portal consent topic an admin has linked to a partner topic
// (ConsentTopic.partnerTopicId) is synced both ways.
//
// - Out: the "newsletter.sync" job writes the person's choice per linked topic (opt_in / opt_out) to the
//   partner's contact, next to its global unsubscribed flag.
// - In: the partner's `contact.topics.updated` webhook. As with the contact webhook, the partner can
//   only take away: an opt-out there withdraws that topic's email marketing here (method
//   newsletter_partner); an opt-in there is not a consent the portal can prove, so the portal's state is
//   synced back instead.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db, type Tx } from "../db";
import { choiceMadeSince, withPartnerPerson } from "../consent/apply-partner-event";
import { env } from "../env";
import { enqueue } from "../jobs/queue";
import { activeTopicKeys, loadStates, recordChangesAudited } from "../consent/ledger";
import { effectiveStatus, isOn, planStopTopic, WORDING, type StateRow } from "../consent/rules";
import {
  newsletterTopicsConnector,
  type NewsletterTopicsConfig,
  type TopicChoice,
} from "../connectors/newsletter-topics";
import type { Connector } from "../connectors/types";
import { markPartnerPending } from "./partner-sync-state";

/** The active portal topics linked to a partner topic: portal key → partner topic id. */
export async function linkedTopics(client: Tx | typeof db = db): Promise<Record<string, string>> {
  const rows = await client.consentTopic.findMany({
    where: { active: true, partnerTopicId: { not: null } },
    select: { key: true, partnerTopicId: true },
  });
  return Object.fromEntries(rows.map((r) => [r.key, r.partnerTopicId!]));
}

/** The partner configuration with the linked topics, or null when none is linked or no key is set. */
export async function topicsConfig(client: Tx | typeof db = db): Promise<NewsletterTopicsConfig | null> {
  if (!env().RESEND_API_KEY) return null;
  const topics = await linkedTopics(client);
  if (Object.keys(topics).length === 0) return null;
  return { apiKey: env().RESEND_API_KEY, baseUrl: env().RESEND_BASE_URL, topics };
}

/** The person's choice per linked topic, as the portal's ledger has it (email channel). */
export function topicChoices(
  rows: readonly StateRow[],
  topics: Readonly<Record<string, string>>,
): TopicChoice[] {
  return Object.keys(topics)
    .sort()
    .map((topic) => ({ topic, subscribed: isOn(effectiveStatus(rows, "email", topic).status) }));
}

/** The copy's reader of the partner's topic choices, when topics are linked. */
export async function topicsConnector(): Promise<Connector | null> {
  const config = await topicsConfig();
  return config ? newsletterTopicsConnector(config) : null;
}

export type TopicsEvent = { email: string; choices: TopicChoice[]; at: Date | null };
export type TopicsEventResult = "withdrawn" | "no_change" | "resync" | "stale" | "unknown_person";

export const applyPartnerTopics = defineUseCase(
  "consent.partner_topics",
  { action: "consent.partner_event", callers: ["system"] },
  async (actor, event: TopicsEvent): Promise<TopicsEventResult> => {
    return withPartnerPerson(event.email, async (tx, person) => {
      const resync = async () => {
        await markPartnerPending(tx, person.id);
        await enqueue(tx, "newsletter.sync", { personId: person.id });
      };
      // Late or out of order: a choice at the partner from before the person's latest choice here must
      // not undo it; the portal's state is written back instead.
      if (await choiceMadeSince(tx, person.id, event.at)) {
        await resync();
        return "stale";
      }
      const rows = await loadStates(tx, person.id);
      const active = new Set(await activeTopicKeys(tx));
      const stops = event.choices
        .filter((c) => !c.subscribed && active.has(c.topic))
        .flatMap((c) => planStopTopic(rows, "email", c.topic));
      const optedInThere = event.choices.some(
        (c) => c.subscribed && active.has(c.topic) && !isOn(effectiveStatus(rows, "email", c.topic).status),
      );
      let changed = 0;
      if (stops.length > 0) {
        changed = await recordChangesAudited(
          tx,
          actor,
          person.id,
          stops,
          { method: "newsletter_partner", wordingVersion: WORDING.partner },
          { action: "consent.partner_unsubscribe" },
        );
      }
      if (optedInThere) {
        await resync();
        return changed > 0 ? "withdrawn" : "resync";
      }
      return changed > 0 ? "withdrawn" : "no_change";
    });
  },
);
