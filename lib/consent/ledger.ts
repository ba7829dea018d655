// The one writer of the consent ledger. Every change is an append-only ConsentEvent (the database
// refuses UPDATE and DELETE on it), the current state beside it in ConsentState, and a
// "newsletter.sync" job, all in the caller's transaction: a change and its sync commit or fail together.
// The ledger names the person by id only and holds no other personal data.
import type { Tx } from "../db";
import type { Actor } from "../auth/actor";
import { audit } from "../audit/append";
import type { AuditAction } from "../audit/actions";
import { AppError } from "../errors";
import { enqueue } from "../jobs/queue";
import { markPartnerPending } from "../newsletter/partner-sync-state";
import type { ConsentMethod, PlannedChange, StateRow } from "./rules";

export type LockedPerson = {
  id: string;
  email: string;
  firstName: string | null;
  language: string;
};

/**
 * Locks the person's row for the rest of the transaction, so two changes for one person (a double
 * click, a one-click POST racing the preferences page) are applied one after the other and the second
 * sees the first.
 */
export async function lockPersonDetails(tx: Tx, personId: string): Promise<LockedPerson | null> {
  const rows = await tx.$queryRaw<LockedPerson[]>`
    SELECT id, email, "firstName", language FROM "Person" WHERE id = ${personId} FOR UPDATE`;
  return rows[0] ?? null;
}

export async function loadStates(tx: Tx, personId: string): Promise<StateRow[]> {
  return tx.consentState.findMany({
    where: { personId },
    select: { channel: true, topic: true, status: true, legalBasis: true },
  });
}

export async function activeTopicKeys(tx: Tx): Promise<string[]> {
  const topics = await tx.consentTopic.findMany({
    where: { active: true },
    orderBy: [{ sortOrder: "asc" }, { key: "asc" }],
    select: { key: true },
  });
  return topics.map((t) => t.key);
}

/**
 * Who acted when no one was signed in: the person, through a link emailed to them (confirming a
 * subscription, one-click unsubscribe), or the newsletter partner reporting what the person did there.
 */
const SYSTEM_ACTORS: Record<string, LedgerActorType> = {
  "opt-in-link": "person_link",
  "one-click": "person_link",
  "newsletter-webhook": "partner",
};

/** person: signed in; person_link: by a link emailed to them; import: from the company's systems. */
export type LedgerActorType = "person" | "person_link" | "impersonation" | "partner" | "import" | "system";

/** Who acted, as the ledger records it. Impersonating staff always act "on the person's behalf". */
export function ledgerActor(
  actor: Actor,
  method: ConsentMethod,
): { actorType: LedgerActorType; staffMemberId: string | null; method: ConsentMethod } {
  switch (actor.kind) {
    case "person":
      return { actorType: "person", staffMemberId: null, method };
    case "impersonation":
      return { actorType: "impersonation", staffMemberId: actor.staffMemberId, method: "staff_on_behalf" };
    case "system":
      return { actorType: SYSTEM_ACTORS[actor.name] ?? "system", staffMemberId: null, method };
    case "staff":
      // Staff change preferences only while impersonating the person, never from the staff console.
      throw new AppError("forbidden");
  }
}

export async function recordChanges(
  tx: Tx,
  actor: Actor,
  personId: string,
  changes: readonly PlannedChange[],
  how: { method: ConsentMethod; wordingVersion: string; at?: Date },
): Promise<number> {
  if (changes.length === 0) return 0;
  const who = ledgerActor(actor, how.method);
  const at = how.at ?? new Date();
  for (const c of changes) {
    await tx.consentEvent.create({
      data: {
        personId,
        at,
        channel: c.channel,
        topic: c.topic,
        action: c.action,
        method: who.method,
        wordingVersion: how.wordingVersion,
        legalBasis: c.legalBasis,
        actorType: who.actorType,
        staffMemberId: who.staffMemberId,
      },
    });
    await tx.consentState.upsert({
      where: { personId_channel_topic: { personId, channel: c.channel, topic: c.topic } },
      create: { personId, channel: c.channel, topic: c.topic, status: c.action, legalBasis: c.legalBasis },
      update: { status: c.action, legalBasis: c.legalBasis },
    });
  }
  await markPartnerPending(tx, personId, at);
  // The handler reads the current state from the database, so duplicate jobs are harmless; a
  // singleton key could drop the job of a change made while an earlier sync is running.
  await enqueue(tx, "newsletter.sync", { personId });
  return changes.length;
}

/** A consent status taken over from the company's systems, as of `at` (default: now). */
export type ImportedConsent = {
  channel: "email" | "sms" | "phone" | "post";
  topic: string;
  status: string;
  legalBasis: string;
  at?: Date;
};

/** Imported statuses keep their basis; each gets its ledger entry (method "import"). */
export async function importConsentStates(
  tx: Tx,
  personId: string,
  rows: readonly ImportedConsent[],
  how: { wordingVersion: string; actorType: string },
): Promise<void> {
  await tx.consentState.createMany({
    data: rows.map((r) => ({
      personId,
      channel: r.channel,
      topic: r.topic,
      status: r.status,
      legalBasis: r.legalBasis,
    })),
  });
  await tx.consentEvent.createMany({
    data: rows.map((r) => ({
      personId,
      at: r.at,
      channel: r.channel,
      topic: r.topic,
      action: r.status,
      method: "import",
      wordingVersion: how.wordingVersion,
      legalBasis: r.legalBasis,
      actorType: how.actorType,
    })),
  });
}

/** Records the changes and, when there were any, one audit entry that counts them. */
export async function recordChangesAudited(
  tx: Tx,
  actor: Actor,
  personId: string,
  changes: readonly PlannedChange[],
  how: { method: ConsentMethod; wordingVersion: string },
  entry: { action: AuditAction; meta?: Record<string, string | null> },
): Promise<number> {
  const changed = await recordChanges(tx, actor, personId, changes, how);
  if (changed > 0) {
    await audit(tx, actor, {
      action: entry.action,
      personId,
      targetType: "consent",
      meta: { changes: changed, ...entry.meta },
    });
  }
  return changed;
}
