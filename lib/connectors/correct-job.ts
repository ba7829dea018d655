// Art. 16/19 through a connector: a correction's recipient whose connector is connected and can
// correct (WIX, Microsoft 365, PayPal) gets a ConnectorOutcome row (action "correct", status "pending",
// the fields' names) and a "connector.correct" job, both in the correction's transaction. The job
// carries ids only; it reads the person's current values, asks the connector to correct each field, and
// records what the system did. A failure is retried by the queue (with backoff; the HTTP client already
// waits for Retry-After); after the last attempt the recipient becomes a staff task, as without the
// connector, and the outcome says "failed". A refusal (PayPal keeps issued invoices) is told to the person.
import { db, type Tx } from "../db";
import { decryptForPerson } from "../crypto/keys";
import { enqueue } from "../jobs/queue";
import { queueEmail } from "../email/send";
import { renderEmail } from "../email/templates";
import { env } from "../env";
import { localeOf } from "../i18n/config";
import { translator } from "../i18n/messages";
import { joinOrOpenFieldTask, type TaskKind } from "../privacy/tasks";
import { FIELD_CATEGORY, type ChangeField } from "../privacy/rectification/fields";
import { configuredConnectors } from "./config";
import { outcomeWords } from "./outcome-words";
import { failureKind, withTimeout } from "./run";
import type { ActionOutcome, Connector, Subject } from "./types";

export const CORRECT_ACTION = "correct";
export const CORRECT_QUEUE = "connector.correct";
/** Attempts in all (the first and the queue's retries) before staff take over. */
export const CORRECT_ATTEMPTS = 5;
/** Time for one attempt (every field of the correction). */
const ATTEMPT_TIMEOUT_MS = 5 * 60_000;

/** The connectors a correction can go through now: connected (configured) and able to correct. */
export async function correctingConnectors(client: Tx | typeof db = db): Promise<Map<string, Connector>> {
  const out = new Map<string, Connector>();
  for (const c of await configuredConnectors(client)) if (c.correct) out.set(c.key, c);
  return out;
}

/**
 * In the correction's transaction: the pending outcome and its job. After an email change the
 * connector finds the person's records by the previous address: it is the change history's entry
 * (ChangeEntry.oldEnc, sealed with the person's data key), whose id goes with the job.
 */
export async function queueConnectorCorrection(
  tx: Tx,
  input: {
    personId: string;
    requestId: string | null;
    connector: string;
    recipientKey: string;
    fields: readonly ChangeField[];
  },
): Promise<string> {
  const outcome = await tx.connectorOutcome.create({
    data: {
      personId: input.personId,
      requestId: input.requestId,
      connector: input.connector,
      recipientKey: input.recipientKey,
      action: CORRECT_ACTION,
      status: "pending",
      fields: [...input.fields],
    },
    select: { id: true },
  });
  const emailChange = input.fields.includes("email")
    ? await tx.changeEntry.findFirst({
        where: { personId: input.personId, field: "email" },
        orderBy: { id: "desc" },
        select: { id: true },
      })
    : null;
  await enqueue(
    tx,
    CORRECT_QUEUE,
    { outcomeId: outcome.id, ...(emailChange ? { emailChangeId: emailChange.id.toString() } : {}) },
    { retryLimit: CORRECT_ATTEMPTS - 1, retryDelay: 30, retryBackoff: true },
  );
  return outcome.id;
}

export type CorrectJobOptions = {
  /** Tests: the connectors to use instead of the configured ones. */
  connectors?: Map<string, Connector>;
  now?: () => Date;
};

/** The "connector.correct" job. Throws to be retried; after the last attempt, staff take over. */
export async function connectorCorrectJob(
  data: Record<string, unknown>,
  opts: CorrectJobOptions = {},
): Promise<string> {
  const now = opts.now ?? (() => new Date());
  const outcomeId = String(data.outcomeId ?? "");
  const outcome = await db.connectorOutcome.findUnique({ where: { id: outcomeId } });
  if (!outcome || outcome.status !== "pending" || outcome.action !== CORRECT_ACTION) return "skipped";
  const person = outcome.personId
    ? await db.person.findUnique({
        where: { id: outcome.personId },
        select: { id: true, email: true, firstName: true, lastName: true, language: true },
      })
    : null;
  if (!person) {
    // Erased meanwhile: nothing is left to pass on.
    await db.connectorOutcome.update({
      where: { id: outcome.id },
      data: { status: "failed", reason: "person_gone" },
    });
    return "person_gone";
  }
  const { attempts } = await db.connectorOutcome.update({
    where: { id: outcome.id },
    data: { attempts: { increment: 1 } },
    select: { attempts: true },
  });
  const connector = (opts.connectors ?? (await correctingConnectors())).get(outcome.connector);
  if (!connector?.correct) {
    // The connector was switched off after the correction: staff tell the recipient, as without it.
    await toStaff(outcome.id, "not_configured", null);
    return "not_configured";
  }
  const subject: Subject = {
    personId: person.id,
    email: person.email,
    firstName: person.firstName,
    lastName: person.lastName,
  };
  // The email first: the system finds the person by their previous address, and every later field by
  // the address it now holds.
  const fields = [...outcome.fields].sort((a, b) =>
    a === "email" ? -1 : b === "email" ? 1 : a.localeCompare(b),
  );
  let results: ActionOutcome[];
  try {
    if (!outcome.fields.includes("email")) {
      // An email change passed on after this correction was queued has to reach the system first: until
      // then it holds the person's records under the previous address, and this correction would find
      // nothing. (Its own job then finds it done.)
      const emailFirst = await db.connectorOutcome.findMany({
        where: {
          personId: person.id,
          connector: outcome.connector,
          action: CORRECT_ACTION,
          status: "pending",
          fields: { has: "email" },
        },
        orderBy: { createdAt: "asc" },
        select: { id: true },
      });
      for (const e of emailFirst) await connectorCorrectJob(await jobDataOf(e.id), opts);
    }
    const previous = fields.includes("email") ? await previousEmail(person.id, data.emailChangeId) : null;
    const controller = new AbortController();
    results = await withTimeout(
      (async () => {
        const out: ActionOutcome[] = [];
        for (const field of fields) {
          const category = FIELD_CATEGORY[field as ChangeField] ?? "contact";
          out.push(
            await connector.correct!(
              subject,
              { category, field, ...(field === "email" ? { previous } : {}) },
              { requestId: outcome.requestId, signal: controller.signal },
            ),
          );
        }
        return out;
      })(),
      ATTEMPT_TIMEOUT_MS,
      controller,
    );
  } catch (err) {
    const kind = failureKind(err);
    if (attempts >= CORRECT_ATTEMPTS) {
      await toStaff(outcome.id, "failed", kind);
      return "failed";
    }
    await db.connectorOutcome.update({ where: { id: outcome.id }, data: { reason: kind } });
    throw err;
  }

  if (results.some((r) => r.status === "not_configured" || r.status === "staff_task")) {
    await toStaff(outcome.id, "not_configured", null);
    return "not_configured";
  }
  const refused = results.find(
    (r): r is Extract<ActionOutcome, { status: "refused" }> => r.status === "refused",
  );
  const done = results.filter((r): r is Extract<ActionOutcome, { status: "done" }> => r.status === "done");
  const status = refused ? "refused" : done.length > 0 ? "done" : "nothing_held";
  const count = done.reduce((a, r) => a + (r.count ?? 0), 0);
  const at = now();
  await db.$transaction(async (tx) => {
    const updated = await tx.connectorOutcome.updateMany({
      where: { id: outcome.id, status: "pending" },
      data: {
        status,
        reason: refused?.reason ?? null,
        count: done.length > 0 ? count : null,
        at,
      },
    });
    if (updated.count === 0 || !refused) return;
    // The system will not correct what it holds: the person is told, and where to ask it.
    const locale = localeOf(person.language);
    const message = outcomeWords(
      { connector: outcome.connector, action: CORRECT_ACTION, status: "refused", reason: refused.reason, at },
      locale,
    );
    const type = translator(locale, "requests")("types.correction");
    const mail = renderEmail(
      locale,
      "requestUpdate",
      { type, message },
      { url: `${env().PORTAL_URL}/details` },
    );
    await queueEmail(tx, { to: person.email, kind: "requestUpdate", personId: person.id, ...mail });
  });
  return status;
}

/** The data of an outcome's job (ids only), as the queue holds it. */
async function jobDataOf(outcomeId: string): Promise<Record<string, unknown>> {
  const rows = await db.$queryRaw<{ data: Record<string, unknown> | null }[]>`
    SELECT data FROM pgboss.job WHERE name = ${CORRECT_QUEUE} AND data->>'outcomeId' = ${outcomeId}
    ORDER BY created_on DESC LIMIT 1`;
  return rows[0]?.data ?? { outcomeId };
}

/** The address before the email change, from the change history (sealed with the person's key). */
async function previousEmail(personId: string, entryId: unknown): Promise<string | null> {
  if (typeof entryId !== "string" || !/^\d{1,19}$/.test(entryId)) return null;
  const entry = await db.changeEntry.findFirst({
    where: { id: BigInt(entryId), personId, field: "email" },
    select: { oldEnc: true },
  });
  if (!entry?.oldEnc) return null;
  return decryptForPerson(db, personId, entry.oldEnc);
}

/** The recipient becomes a staff task (joining an open one), as when no connector exists. */
async function toStaff(outcomeId: string, status: "failed" | "not_configured", reason: string | null) {
  await db.$transaction(async (tx) => {
    const outcome = await tx.connectorOutcome.findUnique({ where: { id: outcomeId } });
    if (!outcome || outcome.status !== "pending" || !outcome.personId || !outcome.recipientKey) return;
    const recipient = await tx.recipient.findUnique({
      where: { key: outcome.recipientKey },
      select: { role: true },
    });
    const kind: TaskKind = recipient?.role === "controller" ? "correction_notice" : "correction_instruction";
    const task = await joinOrOpenFieldTask(tx, {
      requestId: outcome.requestId,
      personId: outcome.personId,
      recipientKey: outcome.recipientKey,
      kind,
      fields: outcome.fields,
    });
    await tx.connectorOutcome.update({ where: { id: outcomeId }, data: { status, reason, taskId: task.id } });
  });
}
