// What the newsletter partner reports back (its own unsubscribe link, or staff editing the contact
// there). The partner can only take away: an unsubscribe there withdraws all email marketing here
// (method newsletter_partner). A re-subscribe or a new contact at the partner is not a consent the
// portal can prove, so it is not taken; instead a sync is queued, which puts the portal's state back.
import { defineUseCase } from "@/lib/kernel/use-case";
import { db, type Tx } from "../db";
import { enqueue } from "../jobs/queue";
import { markPartnerPending } from "../newsletter/partner-sync-state";
import { usableAddress } from "../validation/email-address";
import {
  activeTopicKeys,
  loadStates,
  lockPersonDetails,
  recordChangesAudited,
  type LockedPerson,
} from "./ledger";
import { emailMarketingOn, planStopAll, WORDING } from "./rules";

export type PartnerEvent = {
  type: "contact.created" | "contact.updated" | "contact.deleted";
  email: string;
  unsubscribed: boolean;
  /** When the partner changed the contact; an event older than the portal's last email change is stale. */
  updatedAt?: Date | null;
};

export type PartnerEventResult = "unsubscribed" | "no_change" | "resync" | "stale" | "unknown_person";

/**
 * Whether the person chose here (any email consent change not reported by the partner itself) after the
 * partner's event happened: the event is then stale and must not undo that choice. A redelivered partner
 * event is no change, since the partner's own reports do not count.
 */
export async function choiceMadeSince(
  tx: Tx,
  personId: string,
  at: Date | null | undefined,
): Promise<boolean> {
  if (!at) return false;
  const latest = await tx.consentEvent.findFirst({
    where: { personId, channel: "email", method: { not: "newsletter_partner" } },
    orderBy: { at: "desc" },
    select: { at: true },
  });
  return Boolean(latest && latest.at > at);
}

/**
 * The person a partner's event names, locked for the rest of the transaction `work` runs in; nobody
 * ("unknown_person") when no one holds exactly this address. A pattern such as `%@%` or
 * `…@demo.exampl_` matches no one, and an address the database could not even store (a NUL) is
 * nobody's; either way the event is acknowledged and nothing changes.
 */
export async function withPartnerPerson<T>(
  address: string,
  work: (tx: Tx, person: LockedPerson) => Promise<T>,
): Promise<T | "unknown_person"> {
  const email = usableAddress(address);
  if (!email) return "unknown_person";
  const found = await db.person.findUnique({ where: { email }, select: { id: true } });
  if (!found) return "unknown_person";
  return db.$transaction(async (tx) => {
    const person = await lockPersonDetails(tx, found.id);
    return person ? work(tx, person) : "unknown_person";
  });
}

export const applyPartnerEvent = defineUseCase(
  "consent.partner_event",
  { action: "consent.partner_event", callers: ["system"] },
  async (actor, event: PartnerEvent): Promise<PartnerEventResult> => {
    return withPartnerPerson(event.email, async (tx, person) => {
      const rows = await loadStates(tx, person.id);
      const topics = await activeTopicKeys(tx);
      // Webhooks arrive late and out of order: an unsubscribe the partner reports from before the
      // person's latest choice here (e.g. our own sync of an earlier withdrawal) must not undo it.
      if (await choiceMadeSince(tx, person.id, event.updatedAt)) {
        await markPartnerPending(tx, person.id);
        await enqueue(tx, "newsletter.sync", { personId: person.id });
        return "stale";
      }
      if (event.type !== "contact.deleted" && event.unsubscribed) {
        const changed = await recordChangesAudited(
          tx,
          actor,
          person.id,
          planStopAll(rows, topics, ["email"]),
          { method: "newsletter_partner", wordingVersion: WORDING.partner },
          { action: "consent.partner_unsubscribe" },
        );
        return changed === 0 ? "no_change" : "unsubscribed";
      }
      // The partner now differs from the portal (re-subscribed, created or deleted there): put it back.
      const partnerOn = event.type !== "contact.deleted" && !event.unsubscribed;
      if (partnerOn === emailMarketingOn(rows, topics)) return "no_change";
      await markPartnerPending(tx, person.id);
      await enqueue(tx, "newsletter.sync", { personId: person.id });
      return "resync";
    });
  },
);
