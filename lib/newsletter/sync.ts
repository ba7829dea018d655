// The "newsletter.sync" job: make the partner's contact match the portal. It reads everything from
// the database (never from the job data, which holds only the person's id), so any change (consent
// here, a name or email changed elsewhere) is synced by the same job, and running it twice is harmless.
// A failure throws so the queue retries it; the person's choice is already safe in the ledger.
import { db, type Tx } from "../db";
import { isDemo } from "../env";
import { audit } from "../audit/append";
import type { SystemActor } from "../auth/actor";
import { normaliseEmail } from "../auth/people";
import { decryptWith, existingDataKey } from "../crypto/keys";
import { emailMarketingOn } from "../consent/rules";
import {
  createContact,
  getContact,
  PartnerError,
  partnerConfigured,
  removeContact,
  updateContact,
} from "./partner";
import { markPartnerPending, NEWSLETTER_CONNECTOR } from "./partner-sync-state";
import { topicChoices, topicsConfig } from "./topics";
import { ConnectorError } from "../connectors/errors";
import { updateContactTopics } from "../connectors/newsletter-topics";

// Built here rather than with systemActor(): the worker need not load the session code (next/headers).
const SYNC_ACTOR: SystemActor = { kind: "system", name: "newsletter-sync" };

export type SyncResult = "synced" | "skipped_restricted" | "gone" | "not_configured";

export async function syncNewsletterContact(personId: string): Promise<SyncResult> {
  const startedAt = new Date();
  const where = { personId_connector: { personId, connector: NEWSLETTER_CONNECTOR } };
  const person = await db.person.findUnique({
    where: { id: personId },
    select: { id: true, email: true, firstName: true, restrictedAt: true },
  });
  if (!person) {
    // Erased before the job ran: erasure tells the partner itself.
    await db.partnerSync.updateMany({
      where: { personId, connector: NEWSLETTER_CONNECTOR },
      data: { pendingSince: null, lastError: "person_gone" },
    });
    return "gone";
  }
  // Jobs enqueued by other areas (a name or email change) have no row yet.
  await db.$transaction((tx) => markPartnerPending(tx, personId, startedAt));

  if (person.restrictedAt) {
    // Art. 18: restricted data is only stored, so nothing goes to the partner until it is lifted.
    await db.partnerSync.update({ where, data: { lastError: "restricted" } });
    return "skipped_restricted";
  }
  if (!partnerConfigured()) {
    await db.partnerSync.update({
      where,
      data: { lastError: "not_configured", ...(isDemo() ? {} : { attempts: { increment: 1 } }) },
    });
    if (isDemo()) return "not_configured";
    throw new PartnerError("not_configured", null);
  }

  const [rows, topics, topicsConf] = await Promise.all([
    db.consentState.findMany({
      where: { personId, channel: "email" },
      select: { channel: true, topic: true, status: true, legalBasis: true },
    }),
    db.consentTopic.findMany({ where: { active: true }, select: { key: true } }),
    topicsConfig(),
  ]);
  const subscribed = emailMarketingOn(
    rows,
    topics.map((t) => t.key),
  );

  let op: "created" | "updated" | "none";
  try {
    for (const old of await previousAddresses(personId, person.email)) await removeContact(old);
    const existing = await getContact(person.email);
    if (existing) {
      await updateContact({ email: person.email, firstName: person.firstName, unsubscribed: !subscribed });
      op = "updated";
    } else if (subscribed) {
      await createContact({ email: person.email, firstName: person.firstName, unsubscribed: false });
      op = "created";
    } else {
      // Never subscribed and unknown to the partner: nothing to share with it.
      op = "none";
    }
    // The choice per linked topic, beside the global flag (the contact exists now).
    if (op !== "none" && topicsConf?.topics) {
      await updateContactTopics(person.email, topicChoices(rows, topicsConf.topics), topicsConf);
    }
  } catch (err) {
    const kind =
      err instanceof PartnerError || err instanceof ConnectorError
        ? err.kind
        : (err as Error).name || "error";
    await db.partnerSync.update({
      where,
      data: { attempts: { increment: 1 }, lastError: kind.slice(0, 100) },
    });
    throw err;
  }

  await db.$transaction(async (tx) => {
    const newer = await changedSince(tx, personId, startedAt);
    await tx.partnerSync.update({
      where,
      data: {
        attempts: 0,
        lastError: null,
        syncedAt: new Date(),
        // A change made while this job ran has its own job queued: stay pending until that one runs.
        ...(newer ? {} : { pendingSince: null }),
      },
    });
    await audit(tx, SYNC_ACTOR, {
      action: "newsletter.synced",
      personId,
      targetType: "partner",
      targetId: NEWSLETTER_CONNECTOR,
      meta: {
        subscribed,
        op,
        topics: op !== "none" && topicsConf ? Object.keys(topicsConf.topics ?? {}).length : 0,
      },
    });
  });
  return "synced";
}

async function changedSince(tx: Tx, personId: string, since: Date): Promise<boolean> {
  const [consent, person] = await Promise.all([
    tx.consentState.count({ where: { personId, updatedAt: { gt: since } } }),
    tx.person.count({ where: { id: personId, updatedAt: { gt: since } } }),
  ]);
  return consent + person > 0;
}

/**
 * Addresses the person had before (from the change history, encrypted with their key): the partner's
 * contact under an old address is removed, since the SDK cannot change a contact's email. An address
 * that now belongs to someone else is left alone.
 */
async function previousAddresses(personId: string, current: string): Promise<string[]> {
  const entries = await db.changeEntry.findMany({
    where: { personId, field: "email" },
    select: { oldEnc: true },
  });
  if (entries.length === 0) return [];
  const key = await existingDataKey(db, personId);
  const old = new Set<string>();
  for (const e of entries) {
    try {
      const raw = decryptWith(key, e.oldEnc);
      const value = raw ? normaliseEmail(raw) : null;
      if (value && value !== normaliseEmail(current)) old.add(value);
    } catch {
      // Not readable with the person's key: nothing to act on.
    }
  }
  if (old.size === 0) return [];
  const taken = await db.person.findMany({
    where: { email: { in: [...old] } },
    select: { email: true },
  });
  const takenSet = new Set(taken.map((p) => normaliseEmail(p.email)));
  return [...old].filter((a) => !takenSet.has(a));
}
