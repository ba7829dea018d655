// Art. 19: the recipients that hold a corrected field are told, in the transaction of the correction.
// Which recipient holds which field comes from the data map: its links (category → recipient) narrowed
// by the field lists of lib/datamap/held-fields.ts. Through its connector where one exists (the
// newsletter partner, while it is configured: a "newsletter.sync" job pushes the current name and
// email), or a connector an admin configured that can correct (WIX, Microsoft 365, PayPal: a
// "connector.correct" job, lib/connectors/correct-job.ts, with a ConnectorOutcome row that says how it
// went), otherwise as a task for staff: an instruction to a processor, a notice to an independent controller. One open task per
// recipient, person and kind: later changes join it until staff mark it done. Each notification is
// audited, and that audit entry is what the person's "who we told" list is read from.
import { defineUseCase, SUBJECT, lockPerson } from "@/lib/kernel/use-case";
import { db, type Tx } from "@/lib/db";
import { type Actor } from "@/lib/auth/actor";
import { audit } from "@/lib/audit/append";
import { AppError } from "@/lib/errors";
import { enqueue } from "@/lib/jobs/queue";
import { joinOrOpenFieldTask, type TaskKind } from "@/lib/privacy/tasks";
import { markPartnerPending } from "@/lib/newsletter/partner-sync-state";
import { recipientName } from "@/lib/datamap/recipient-name";
import { connectorConnected, type ToldOutcome } from "@/lib/connectors/configured";
import { correctingConnectors, queueConnectorCorrection } from "@/lib/connectors/correct-job";
import { heldOf } from "@/lib/datamap/held-fields";
import type { Locale } from "@/lib/i18n/config";
import { FIELD_CATEGORY, type ChangeField } from "./fields";

export const TOLD_ACTION = "rectification.recipient_told";
const NEWSLETTER_CONNECTOR = "newsletter";

export type ToldRecipient = {
  recipientKey: string;
  /** The name as stored (an admin may have renamed the recipient): show it through recipientName. */
  storedName: string;
  role: "processor" | "controller";
  how: "connector" | "staff_task";
  taskKind: TaskKind | null;
  taskId: string | null;
  /** True when the change joined a task that was already open for this recipient. */
  joined: boolean;
  categories: string[];
  /** The changed fields this recipient holds. */
  fields: ChangeField[];
  /** The recipient's connector (Recipient.connector). */
  connector?: string;
  /** A connector passes it on (not the newsletter partner's sync): its ConnectorOutcome. */
  outcomeId?: string | null;
};

export async function notifyRecipients(
  tx: Tx,
  actor: Actor,
  input: { personId: string; fields: ChangeField[]; requestId?: string | null },
): Promise<ToldRecipient[]> {
  const changed = [...new Set(input.fields)].sort();
  const categories = [...new Set(changed.map((f) => FIELD_CATEGORY[f]))].sort();
  if (categories.length === 0) return [];
  // Callers already hold it; taken again (a no-op then) so no caller can open two tasks in a race.
  if (!(await lockPerson(tx, input.personId))) throw new AppError("not_found");
  const links = await tx.categoryRecipient.findMany({
    where: { categoryKey: { in: categories } },
    include: { recipient: true },
  });
  const byRecipient = new Map<
    string,
    {
      role: "processor" | "controller";
      name: string;
      connector: string;
      cats: Set<string>;
      fields: Set<ChangeField>;
    }
  >();
  for (const l of links) {
    const held = heldOf(l.categoryKey, l.recipientKey, changed);
    if (held.length === 0) continue;
    const entry = byRecipient.get(l.recipientKey) ?? {
      role: l.recipient.role,
      name: l.recipient.name,
      connector: l.recipient.connector,
      cats: new Set<string>(),
      fields: new Set<ChangeField>(),
    };
    entry.cats.add(l.categoryKey);
    for (const f of held) entry.fields.add(f);
    byRecipient.set(l.recipientKey, entry);
  }

  const told: ToldRecipient[] = [];
  let syncQueued = false;
  // The configured connectors that can pass a correction on themselves.
  const correcting = await correctingConnectors(tx);
  for (const [recipientKey, r] of [...byRecipient].sort(([a], [b]) => a.localeCompare(b))) {
    const cats = [...r.cats].sort();
    const fields = [...r.fields].sort();
    const toldBy = { recipientKey, storedName: r.name, role: r.role, categories: cats, fields };
    let item: ToldRecipient;
    if (r.connector === NEWSLETTER_CONNECTOR && connectorConnected(NEWSLETTER_CONNECTOR)) {
      if (!syncQueued) {
        await markPartnerPending(tx, input.personId);
        // The handler reads the current name and email itself; the job carries the id only.
        await enqueue(tx, "newsletter.sync", { personId: input.personId });
        syncQueued = true;
      }
      item = { ...toldBy, how: "connector", taskKind: null, taskId: null, joined: false };
    } else if (correcting.has(r.connector)) {
      const outcomeId = await queueConnectorCorrection(tx, {
        personId: input.personId,
        requestId: input.requestId ?? null,
        connector: r.connector,
        recipientKey,
        fields,
      });
      item = {
        ...toldBy,
        how: "connector",
        taskKind: null,
        taskId: null,
        joined: false,
        connector: r.connector,
        outcomeId,
      };
    } else {
      const kind: TaskKind = r.role === "controller" ? "correction_notice" : "correction_instruction";
      const task = await joinOrOpenFieldTask(tx, {
        requestId: input.requestId ?? null,
        personId: input.personId,
        recipientKey,
        kind,
        // Field names only: staff read the current values in the console.
        fields,
      });
      item = { ...toldBy, how: "staff_task", taskKind: kind, taskId: task.id, joined: task.joined };
    }
    told.push(item);
    await audit(tx, actor, {
      action: TOLD_ACTION,
      personId: input.personId,
      targetType: "recipient",
      targetId: recipientKey,
      meta: {
        how: item.how,
        taskId: item.taskId,
        outcomeId: item.outcomeId ?? null,
        joined: item.joined,
        requestId: input.requestId ?? null,
        categories: cats.join(","),
        fields: fields.join(","),
      },
    });
  }
  return told;
}

export type ToldView = {
  at: Date;
  recipientKey: string;
  name: string;
  how: "connector" | "staff_task";
  /** For staff tasks: open until a named staff member ticks it. */
  taskStatus: string | null;
  taskDoneAt: Date | null;
  categories: string[];
  /** Passed on by a connector (WIX, Microsoft 365, PayPal): what the system did so far. */
  outcome: ToldOutcome | null;
};

/** What the person sees: every recipient told about their corrections, newest first, and how. */
export const listToldRecipients = defineUseCase(
  "details.told_recipients",
  { action: "data.view", callers: SUBJECT },
  async (actor, locale: Locale, limit: number = 100): Promise<ToldView[]> => {
    const entries = await db.auditEntry.findMany({
      where: { personId: actor.personId, action: TOLD_ACTION },
      orderBy: { seq: "desc" },
      take: limit,
      select: { at: true, targetId: true, meta: true },
    });
    const meta = entries.map((e) => (e.meta ?? {}) as Record<string, unknown>);
    const outcomeIds = meta.map((m) => m.outcomeId).filter((x): x is string => typeof x === "string");
    const outcomes = outcomeIds.length
      ? await db.connectorOutcome.findMany({
          where: { id: { in: outcomeIds }, personId: actor.personId },
          select: { id: true, connector: true, status: true, reason: true, at: true, taskId: true },
        })
      : [];
    const outcomeById = new Map(outcomes.map((o) => [o.id, o]));
    // A connector that gave up hands the recipient to staff: that task is the one to show.
    const taskIds = [...meta.map((m) => m.taskId), ...outcomes.map((o) => o.taskId)].filter(
      (x): x is string => typeof x === "string",
    );
    const tasks = taskIds.length
      ? await db.recipientTask.findMany({
          where: { id: { in: taskIds }, personId: actor.personId },
          select: { id: true, status: true, doneAt: true },
        })
      : [];
    const taskById = new Map(tasks.map((t) => [t.id, t]));
    const dbNames = new Map(
      (await db.recipient.findMany({ select: { key: true, name: true } })).map((r) => [r.key, r.name]),
    );
    return entries.map((e, i) => {
      const m = meta[i]!;
      const key = e.targetId ?? "";
      const o = typeof m.outcomeId === "string" ? outcomeById.get(m.outcomeId) : undefined;
      const taskId = typeof m.taskId === "string" ? m.taskId : (o?.taskId ?? null);
      const task = taskId ? taskById.get(taskId) : undefined;
      return {
        at: e.at,
        recipientKey: key,
        name: recipientName(key, locale, dbNames.get(key)),
        how: m.how === "connector" ? "connector" : "staff_task",
        taskStatus: task?.status ?? null,
        taskDoneAt: task?.doneAt ?? null,
        categories: typeof m.categories === "string" && m.categories ? m.categories.split(",") : [],
        outcome: o ? { connector: o.connector, status: o.status, reason: o.reason, at: o.at } : null,
      };
    });
  },
);
