// Tests only: what an erasure leaves behind for one person (lib/erasure/test-fixtures.ts's rich
// person), with the person's unique values neutralised, so the end state of an interrupted erasure
// can be compared with that of an uninterrupted one (lib/erasure/crash.test.ts,
// test/worker-crash.test.ts).
import { db } from "../lib/db";
import type { RichPerson } from "./erasure-fixtures";
import { tombstoneEmailHash } from "../lib/erasure/tombstone";

export async function stepsOf(requestId: string): Promise<string[]> {
  return (await db.erasureStep.findMany({ where: { requestId }, select: { step: true } }))
    .map((s) => s.step)
    .sort();
}

/** Everything erasure leaves behind for one person, with the person's unique values neutralised. */
export async function erasureOutcome(p: RichPerson, requestId: string) {
  const norm = (s: string | null) =>
    (s ?? "")
      .replaceAll(p.tag, "TAG")
      .replaceAll(p.tag.toUpperCase(), "TAG")
      .replaceAll(p.id, "ID")
      .replaceAll(requestId, "REQ");
  const tables = await db.$queryRaw<{ table_name: string }[]>`
    SELECT table_name FROM information_schema.columns
    WHERE table_schema = 'public' AND column_name = 'personId' ORDER BY table_name`;
  const perTable: Record<string, number> = {};
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ n: number }[]>(
      `SELECT count(*)::int AS n FROM "${table_name}" WHERE "personId" = $1`,
      p.id,
    );
    perTable[table_name] = rows[0]!.n;
  }
  const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
  const invoices = await db.invoice.findMany({
    where: { invoiceNumber: { in: [p.heldInvoiceNumber, p.expiredInvoiceNumber] } },
    orderBy: { invoiceNumber: "asc" },
  });
  const payments = await db.payment.findMany({
    where: { externalId: { startsWith: `p-${p.tag}-` } },
    orderBy: { externalId: "asc" },
  });
  const tasks = await db.recipientTask.findMany({ where: { requestId }, orderBy: { recipientKey: "asc" } });
  const receiptStep = await db.erasureStep.findUnique({
    where: { requestId_step: { requestId, step: "receipt" } },
  });
  const receiptId = String((receiptStep?.detail as { emailId?: string } | null)?.emailId ?? "");
  const receiptJobs = await db.$queryRaw<{ n: number }[]>`
    SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'id' = ${receiptId}`;
  return {
    perTable,
    steps: await stepsOf(requestId),
    request: { status: request.status, personId: request.personId },
    person: await db.person.count({ where: { id: p.id } }),
    dataKey: await db.dataKey.count({ where: { personId: p.id } }),
    invoices: invoices.map((i) => ({
      number: norm(i.invoiceNumber),
      personId: i.personId,
      restricted: i.restrictedAt !== null,
      deleteAfter: i.deleteAfter?.toISOString() ?? null,
      counterparty: Object.keys(i.counterparty as object).sort(),
    })),
    payments: payments.map((x) => ({
      ref: norm(x.externalId),
      personId: x.personId,
      deleteAfter: x.deleteAfter?.toISOString() ?? null,
    })),
    tasks: tasks.map((t) => ({
      recipient: t.recipientKey,
      kind: t.kind,
      facts: norm(JSON.stringify(t.facts)),
    })),
    receipts: await db.emailMessage.count({ where: { id: receiptId } }),
    receiptJobs: receiptJobs[0]!.n,
    emailsToPerson: await db.emailMessage.count({
      where: { to: { in: [p.email, p.oldEmail, p.newEmail], mode: "insensitive" } },
    }),
    tombstones: await db.tombstone.count({
      where: { emailHash: { in: [tombstoneEmailHash(p.email), tombstoneEmailHash(p.oldEmail)] } },
    }),
    audit: (
      await db.auditEntry.groupBy({
        by: ["action"],
        where: { personId: p.id, action: { startsWith: "erasure." } },
        _count: true,
      })
    )
      .map((g) => `${g.action}:${g._count}`)
      .sort(),
  };
}
