// Step 3: recipients without an API get a task for staff, ticked by a named person: an erasure
// instruction to a processor (Microsoft 365, WIX, Google Analytics) and an Art. 19 notice to an
// independent controller (PayPal, transport companies). Which recipients, and in which role, comes
// from the data map. The newsletter partner gets a task too when it could not be told automatically.
//
// The task names the person by references the recipient knows (customer number, invoice, payment and
// tracking numbers), never by name, address or personnummer: those are gone once erasure completes.
import type { Tx } from "../../db";
import { createRecipientTask, type TaskFacts } from "../../privacy/tasks";
import type { ErasureStepDef } from "./types";

const MAX_REFS = 40;

export const recipientTasksStep: ErasureStepDef = {
  name: "recipient_tasks",
  inside: async (tx, ctx) => {
    const newsletterManual = ctx.done.get("newsletter")?.result === "not_configured";
    const [recipients, refs] = await Promise.all([
      tx.recipient.findMany({ select: { key: true, role: true, connector: true }, orderBy: { key: "asc" } }),
      referencesOf(tx, ctx.personId),
    ]);
    let instructions = 0;
    let notices = 0;
    for (const r of recipients) {
      if (r.connector === "newsletter" && !newsletterManual) continue;
      const kind = r.role === "processor" ? "erasure_instruction" : "erasure_notice";
      await createRecipientTask(tx, {
        requestId: ctx.requestId,
        personId: ctx.personId,
        recipientKey: r.key,
        kind,
        facts: refsFor(r.key, refs),
      });
      if (kind === "erasure_instruction") instructions += 1;
      else notices += 1;
    }
    return { instructions, notices };
  },
};

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
