// Recipients the connectors could not take care of get a task for staff, ticked by a named person: an
// erasure instruction to a processor (Microsoft 365, WIX, Google Analytics) and an Art. 19 notice to an
// independent controller (PayPal, transport companies). Which recipients, and in which role, comes
// from the data map. The newsletter partner gets a task too when it could not be told automatically.
//
// A recipient whose connector answered the erasure (the "connectors" step's ConnectorOutcome) gets:
// - done or nothing held: no task;
// - refused: PayPal's bookkeeping refusal needs no task (the person is told to ask PayPal); any other
//   refusal (WIX: a site member, an active subscription) is a task whose facts carry the reason;
// - found and left for confirmation (Microsoft 365's messages): a task to confirm deleting them, with
//   their count;
// - failed (after the attempt limit), not configured, or no answer: today's task (with the failure).
// The task's id is kept on the outcome.
//
// The task names the person by references the recipient knows (customer number, invoice, payment and
// tracking numbers), never by name, address or personnummer: those are gone once erasure completes.
import { PAYPAL_ERASE_REFUSAL } from "../../connectors/paypal";
import type { Tx } from "../../db";
import { createRecipientTask, type TaskFacts, type TaskKind } from "../../privacy/tasks";
import type { ErasureStepDef } from "./types";

/** Refusals the person acts on themself (they are told where): no task for staff. */
const PERSON_ASKS = new Set([PAYPAL_ERASE_REFUSAL]);

type Outcome = {
  id: string;
  connector: string;
  status: string;
  reason: string | null;
  count: number | null;
};

const MAX_REFS = 40;

export const recipientTasksStep: ErasureStepDef = {
  name: "recipient_tasks",
  inside: async (tx, ctx) => {
    const newsletterManual = ctx.done.get("newsletter")?.result === "not_configured";
    const [recipients, refs, outcomes] = await Promise.all([
      tx.recipient.findMany({ select: { key: true, role: true, connector: true }, orderBy: { key: "asc" } }),
      referencesOf(tx, ctx.personId),
      tx.connectorOutcome.findMany({
        where: { requestId: ctx.requestId, action: "erase" },
        select: { id: true, connector: true, status: true, reason: true, count: true },
        orderBy: { createdAt: "asc" },
      }),
    ]);
    let instructions = 0;
    let notices = 0;
    let confirmations = 0;
    let automated = 0;
    const linked = new Set<string>();
    for (const r of recipients) {
      if (r.connector === "newsletter" && !newsletterManual) continue;
      const outcome = outcomes.find((o) => o.connector === r.connector);
      const task = taskFor(r.role, outcome);
      if (!task) {
        automated += 1;
        continue;
      }
      const created = await createRecipientTask(tx, {
        requestId: ctx.requestId,
        personId: ctx.personId,
        recipientKey: r.key,
        kind: task.kind,
        facts: { ...refsFor(r.key, refs), ...task.facts },
      });
      // One task per outcome is linked (a connector serving two recipients: the first).
      if (outcome && !linked.has(outcome.id)) {
        linked.add(outcome.id);
        await tx.connectorOutcome.update({ where: { id: outcome.id }, data: { taskId: created.id } });
      }
      if (task.kind === "erasure_instruction") instructions += 1;
      else if (task.kind === "erasure_notice") notices += 1;
      else confirmations += 1;
    }
    return { instructions, notices, confirmations, automated };
  },
};

/** The task a recipient needs after its connector's answer, or null when none is needed. */
function taskFor(
  role: "processor" | "controller",
  outcome: Outcome | undefined,
): { kind: TaskKind; facts: TaskFacts } | null {
  const kind: TaskKind = role === "processor" ? "erasure_instruction" : "erasure_notice";
  if (!outcome) return { kind, facts: {} };
  switch (outcome.status) {
    case "done":
    case "nothing_held":
      return null;
    case "refused":
      if (outcome.reason && PERSON_ASKS.has(outcome.reason)) return null;
      return { kind, facts: { connector: outcome.connector, refusal: outcome.reason ?? "refused" } };
    case "needs_confirmation":
      return {
        kind: "erasure_confirmation",
        facts: {
          connector: outcome.connector,
          toConfirm: outcome.count ?? 0,
          what: outcome.reason ?? "messages",
        },
      };
    case "failed":
      return { kind, facts: { connector: outcome.connector, failure: outcome.reason ?? "error" } };
    default:
      return { kind, facts: {} };
  }
}

type Refs = { customer: string | null; invoices: string[]; payments: string[]; shipments: string[] };

async function referencesOf(tx: Tx, personId: string): Promise<Refs> {
  const [person, invoices, payments, shipments] = await Promise.all([
    tx.person.findUnique({ where: { id: personId }, select: { externalId: true } }),
    tx.invoice.findMany({
      where: { personId },
      select: { invoiceNumber: true },
      orderBy: { issuedAt: "desc" },
      take: MAX_REFS + 1,
    }),
    tx.payment.findMany({
      where: { personId, providerRef: { not: null } },
      select: { providerRef: true },
      orderBy: { paidAt: "desc" },
      take: MAX_REFS + 1,
    }),
    tx.shipment.findMany({
      where: { order: { personId } },
      select: { carrier: true, trackingNumber: true },
      orderBy: { shippedAt: "desc" },
      take: MAX_REFS + 1,
    }),
  ]);
  return {
    customer: person?.externalId ?? null,
    invoices: invoices.map((i) => i.invoiceNumber),
    payments: payments.map((p) => p.providerRef!),
    shipments: shipments.map((s) => `${s.carrier} ${s.trackingNumber}`),
  };
}

/** The references this recipient knows the person by: PayPal invoices and payments, carriers' shipments. */
function refsFor(recipientKey: string, refs: Refs): TaskFacts {
  const facts: TaskFacts = {};
  if (refs.customer) facts.customer = refs.customer;
  const take = (items: string[]) => {
    if (items.length > MAX_REFS) facts.more = true;
    return items.slice(0, MAX_REFS);
  };
  if (recipientKey === "paypal") {
    if (refs.invoices.length) facts.invoices = take(refs.invoices);
    if (refs.payments.length) facts.payments = take(refs.payments);
  }
  if (recipientKey === "transport" && refs.shipments.length) facts.shipments = take(refs.shipments);
  return facts;
}
