// Recipients no connected connector serves (transport companies; PayPal, Microsoft 365, WIX and Google
// Analytics until an admin configures their connectors): for a
// copy, a staff member searches each by hand and attaches what is found, or confirms nothing more is
// held. Which recipients these are comes from the data map, so an admin's edits apply.
import { db } from "../db";
import { createRecipientTask, type TaskFacts, type TaskKind } from "../privacy/tasks";
import { query } from "../db/read-pool";
import { connectedConnectors } from "./config";
import type { Connector } from "./types";

export const manualConnector: Connector = {
  key: "manual",
  recipients: async () => {
    const [rows, connected] = await Promise.all([
      query<{ key: string; connector: string }>(
        `SELECT key, connector FROM "Recipient" ORDER BY key ASC`,
        [],
      ),
      connectedConnectors(),
    ]);
    // A connector that is not connected (not configured) is searched by staff like the rest.
    return rows.filter((r) => !connected.has(r.connector)).map((r) => r.key);
  },
  list: async (subject, ctx) => {
    const recipients = await manualConnector.recipients();
    if (ctx.purpose !== "copy") return { status: "staff_task", recipients, taskIds: [] };
    const taskIds: string[] = [];
    for (const recipientKey of recipients) {
      taskIds.push(await ensureTask(ctx.requestId, subject.personId, recipientKey, "search"));
    }
    return { status: "staff_task", recipients, taskIds };
  },
};

/** One task per request, recipient and kind, so a retried build does not ask twice. */
export async function ensureTask(
  requestId: string | null,
  personId: string,
  recipientKey: string,
  kind: TaskKind,
  facts?: TaskFacts,
): Promise<string> {
  return db.$transaction(async (tx) => {
    if (requestId) {
      // Two connectors can name the same recipient (the manual one and the newsletter partner's when it
      // is not connected) and run at once: one at a time per request and recipient, so the second
      // finds the first's task instead of adding a twin.
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(hashtext(${requestId}), hashtext(${recipientKey}))`;
      const existing = await tx.recipientTask.findFirst({
        where: { requestId, recipientKey, kind },
        select: { id: true },
      });
      if (existing) return existing.id;
    }
    const task = await createRecipientTask(tx, { requestId, personId, recipientKey, kind, facts });
    return task.id;
  });
}
