// Deletion end to end at the use-case level, against the real database: asking (step-up, explicit
// confirmation, who may), cancelling (whose), the reminder, the erasure job, and what remains
// afterwards: a scan of every table, the outbox and the export folder for the person's data.
import { mkdtempSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";

const exportDir = mkdtempSync(path.join(tmpdir(), "erasure-test-"));
process.env.EXPORT_DIR = exportDir;

import { db } from "../db";
import {
  actorFromSessionToken,
  type ImpersonationActor,
  type PersonActor,
  type StaffActor,
} from "../auth/actor";
import { seedDataMap } from "../datamap/policy-map";
import { deliverEmail } from "../email/send";
import { getSettings } from "../settings";
import { bookkeepingHold } from "./bookkeeping";
import { cancelDeletion, deletionPageState, requestDeletion } from "./request";
import { erasureJob, runErasure, sendReminder } from "./run";
import { STEP_NAMES } from "./steps/types";
import { isTombstoned } from "./tombstone";
import { makeRichPerson, type RichPerson } from "../../test/erasure-fixtures";
import { scanDatabase, scanFiles } from "../../test/erasure-scan";
import { makePerson } from "../../test/factories";

const base = { sessionId: "s", userId: "u" };
const asPerson = (personId: string, signedInMinutesAgo = 0): PersonActor => ({
  ...base,
  kind: "person",
  personId,
  signedInAt: new Date(Date.now() - signedInMinutesAgo * 60_000),
});
const asImpersonation = (personId: string): ImpersonationActor => ({
  ...base,
  signedInAt: new Date(),
  kind: "impersonation",
  staffMemberId: "st",
  role: "staff",
  name: "Sven",
  personId,
  impersonationId: "imp",
  reason: "phone call",
  expiresAt: new Date(Date.now() + 600_000),
});
const asStaff: StaffActor = {
  ...base,
  signedInAt: new Date(),
  kind: "staff",
  staffMemberId: "st",
  role: "admin",
  name: "A",
};

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

async function jobsFor(requestId: string) {
  return db.$queryRaw<{ data: { requestId: string; phase?: string }; start_after: Date }[]>`
    SELECT data, start_after FROM pgboss.job WHERE name = 'erasure.run' AND data->>'requestId' = ${requestId}
    ORDER BY start_after`;
}

function needlesOf(p: RichPerson): string[] {
  const pnr = p.personnummer;
  return [
    p.firstName,
    p.lastName,
    p.email,
    p.oldEmail,
    p.newEmail,
    p.phone,
    p.phone.replace("+46", "0"),
    ...(pnr ? [pnr, pnr.replace("-", ""), pnr.slice(2)] : []),
  ];
}

describe("asking for deletion", () => {
  it("needs a fresh sign-in, an explicit confirmation and the person themself", async () => {
    const p = await makePerson();
    const settings = await getSettings();
    await expect(
      requestDeletion(asPerson(p.id, settings.stepUpMinutes + 1), { confirm: true }),
    ).rejects.toMatchObject({
      code: "step_up_required",
    });
    await expect(requestDeletion(asPerson(p.id), { confirm: false })).rejects.toMatchObject({
      code: "invalid_input",
    });
    await expect(requestDeletion(asPerson(p.id), {})).rejects.toMatchObject({ code: "invalid_input" });
    // Impersonating staff can neither ask nor confirm (the policy), nor can staff as themselves.
    await expect(requestDeletion(asImpersonation(p.id), { confirm: true })).rejects.toMatchObject({
      code: "forbidden",
    });
    await expect(requestDeletion(asStaff, { confirm: true })).rejects.toMatchObject({ code: "forbidden" });
    await expect(requestDeletion(null, { confirm: true })).rejects.toMatchObject({ code: "unauthenticated" });
    expect(await db.request.count({ where: { personId: p.id } })).toBe(0);
    expect(await db.emailMessage.count({ where: { personId: p.id } })).toBe(0);
  });

  it("starts the cooling-off period, queues the job, the reminder and the confirmation, once", async () => {
    const p = await makePerson();
    const settings = await getSettings();
    const now = new Date();
    const r = await requestDeletion(asPerson(p.id), { confirm: true }, { now });
    const request = await db.request.findUniqueOrThrow({ where: { id: r.requestId } });
    expect(request.status).toBe("cooling_off");
    expect(request.type).toBe("deletion");
    // The legal deadline counts from receipt, not from the end of the cooling-off period.
    expect(request.receivedAt.getTime()).toBe(now.getTime());
    expect(request.dueAt.getTime()).toBeLessThan(now.getTime() + 40 * 86_400_000);
    expect(request.coolingOffEndsAt!.getTime()).toBe(now.getTime() + settings.coolingOffDays * 86_400_000);

    const jobs = await jobsFor(r.requestId);
    const run = jobs.find((j) => !j.data.phase)!;
    expect(Math.abs(run.start_after.getTime() - request.coolingOffEndsAt!.getTime())).toBeLessThan(1000);
    if (settings.coolingOffDays > 2) {
      const reminder = jobs.find((j) => j.data.phase === "reminder")!;
      expect(reminder.start_after.getTime()).toBeCloseTo(
        request.coolingOffEndsAt!.getTime() - 2 * 86_400_000,
        -3,
      );
    }
    const mails = await db.emailMessage.findMany({ where: { personId: p.id } });
    expect(mails.map((m) => m.kind)).toEqual(["deletionConfirm"]);
    expect(mails[0]!.to).toBe(p.email);
    expect(mails[0]!.text).toContain("Fram till dess kan du ångra dig");

    // A second click: the same request, no second email.
    const again = await requestDeletion(asPerson(p.id), { confirm: true });
    expect(again).toMatchObject({ requestId: r.requestId, existing: true });
    expect(await db.emailMessage.count({ where: { personId: p.id } })).toBe(1);

    const page = await deletionPageState(asPerson(p.id), "sv");
    expect(page.open).toMatchObject({ id: r.requestId, status: "cooling_off", canCancel: true });
    // Impersonating staff see the page, without its buttons.
    const seen = await deletionPageState(asImpersonation(p.id), "sv");
    expect(seen.canAct).toBe(false);
  });
});

describe("cancelling", () => {
  it("only the person cancels their own request, only during cooling-off; the reminder and the job then do nothing", async () => {
    const victim = await makePerson();
    const attacker = await makePerson();
    const { requestId } = await requestDeletion(asPerson(victim.id), { confirm: true });
    await requestDeletion(asPerson(attacker.id), { confirm: true });

    // Guards: the attacker naming the victim's request finds nothing; impersonation may not cancel.
    await expect(cancelDeletion(asPerson(attacker.id), { requestId })).rejects.toMatchObject({
      code: "not_found",
    });
    await expect(cancelDeletion(asImpersonation(victim.id), { requestId })).rejects.toMatchObject({
      code: "forbidden",
    });
    expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("cooling_off");

    await cancelDeletion(asPerson(victim.id), { requestId });
    expect((await db.request.findUniqueOrThrow({ where: { id: requestId } })).status).toBe("cancelled");
    // Cancelling twice is fine.
    await cancelDeletion(asPerson(victim.id), { requestId });

    expect(await sendReminder(requestId)).toBe("skipped");
    const ends = (await db.request.findUniqueOrThrow({ where: { id: requestId } })).coolingOffEndsAt!;
    expect(await runErasure(requestId, { now: () => new Date(ends.getTime() + 60_000) })).toEqual({
      status: "skipped",
    });
    expect(await db.person.count({ where: { id: victim.id } })).toBe(1);
    expect(await db.emailMessage.count({ where: { personId: victim.id, kind: "deletionReminder" } })).toBe(0);
    expect((await deletionPageState(asPerson(victim.id), "sv")).cancelledAt).not.toBeNull();
  });

  it("cannot cancel once the cooling-off period has ended", async () => {
    const p = await makePerson();
    const { requestId, coolingOffEndsAt } = await requestDeletion(asPerson(p.id), { confirm: true });
    await expect(
      cancelDeletion(asPerson(p.id), { requestId }, { now: new Date(coolingOffEndsAt!.getTime() + 1) }),
    ).rejects.toMatchObject({ code: "not_allowed_now" });
  });
});

describe("erasure", () => {
  it("erases the person everywhere, keeps held records restricted, tombstones, and is harmless to run again", async () => {
    const p = await makeRichPerson({ personnummer: true });
    const settings = await getSettings();
    const needles = needlesOf(p);
    const exclude = { Invoice: [p.heldIds[0]!], Payment: [p.heldIds[1]!] };

    // The scan finds the person before erasure, in many places: it can fail.
    const before = await scanDatabase(needles, exclude);
    const places = new Set(before.map((h) => h.where.split(".").slice(0, 2).join(".")));
    for (const t of [
      "public.Person",
      "public.EmailMessage",
      "public.SupportContact",
      "public.User",
      "public.Company",
    ]) {
      expect(places, t).toContain(t);
    }
    expect(before.some((h) => h.where === "public.Person.personnummerEnc")).toBe(p.personnummer !== null);
    expect(scanFiles(exportDir, needles).length).toBeGreaterThan(0);
    if (p.personnummer) expect(await isTombstoned(undefined, p.personnummer)).toBe(false);
    expect(await isTombstoned(p.email)).toBe(false);

    // Ask, then let the cooling-off period pass.
    const now = new Date();
    const { requestId, coolingOffEndsAt } = await requestDeletion(asPerson(p.id), { confirm: true }, { now });
    expect(await runErasure(requestId)).toEqual({ status: "not_due" });
    expect(await sendReminder(requestId, new Date(coolingOffEndsAt!.getTime() - 2 * 86_400_000))).toBe(
      "sent",
    );
    expect(await sendReminder(requestId)).toBe("skipped");
    const later = () => new Date(coolingOffEndsAt!.getTime() + 1000);
    const result = await runErasure(requestId, { now: later });
    expect(result).toMatchObject({ status: "completed", steps: [...STEP_NAMES] });

    const request = await db.request.findUniqueOrThrow({ where: { id: requestId } });
    expect(request).toMatchObject({ status: "completed", personId: null });
    const steps = await db.erasureStep.findMany({ where: { requestId } });
    expect(steps.map((s) => s.step).sort()).toEqual([...STEP_NAMES, "reminder"].sort());
    expect(await db.person.count({ where: { id: p.id } })).toBe(0);
    expect(await db.dataKey.count({ where: { personId: p.id } })).toBe(0);
    // Sessions ended: the cookie no longer signs anyone in.
    expect(await actorFromSessionToken(p.sessionToken)).toBeNull();

    // The held invoice: whole (counterparty kept), restricted, unlinked, deleted from its own date.
    const held = await db.invoice.findUniqueOrThrow({ where: { invoiceNumber: p.heldInvoiceNumber } });
    const hold = bookkeepingHold("2023-04-02", settings.financialYearEnd, settings.bookkeepingRetentionYears);
    expect(held.personId).toBeNull();
    expect(held.restrictedAt).not.toBeNull();
    expect(held.deleteAfter?.toISOString()).toBe(new Date(`${hold.deleteFrom}T00:00:00+01:00`).toISOString());
    expect(held.counterparty).toMatchObject({ email: p.email });
    const heldPayment = await db.payment.findUniqueOrThrow({ where: { id: p.heldIds[1]! } });
    expect(heldPayment).toMatchObject({ personId: null, invoiceId: held.id });
    expect(heldPayment.restrictedAt).not.toBeNull();
    // The 2015 invoice's hold has ended: it is gone.
    expect(await db.invoice.count({ where: { invoiceNumber: p.expiredInvoiceNumber } })).toBe(0);

    // Recipients without an API: an instruction to processors, an Art. 19 notice to controllers.
    const tasks = await db.recipientTask.findMany({ where: { requestId }, orderBy: { recipientKey: "asc" } });
    expect(tasks.map((t) => [t.recipientKey, t.kind])).toEqual([
      ["google_analytics", "erasure_instruction"],
      ["m365", "erasure_instruction"],
      ["newsletter", "erasure_instruction"], // no RESEND_API_KEY in tests: "not configured", so staff
      ["paypal", "erasure_notice"],
      ["transport", "erasure_notice"],
      ["wix", "erasure_instruction"],
    ]);
    // Tasks name the person by references the recipient knows, never by name or address.
    const paypal = tasks.find((t) => t.recipientKey === "paypal")!;
    expect(paypal.facts).toMatchObject({ invoices: expect.arrayContaining([p.heldInvoiceNumber]) });
    expect(JSON.stringify(paypal.facts)).not.toContain(p.email);
    expect(steps.find((s) => s.step === "newsletter")?.detail).toMatchObject({ result: "not_configured" });

    // The receipt: in Swedish, each kept record with its own date, and how to complain.
    const receiptId = String(
      (steps.find((s) => s.step === "receipt")!.detail as { emailId: string }).emailId,
    );
    const receipt = await db.emailMessage.findUniqueOrThrow({ where: { id: receiptId } });
    expect(receipt.to).toBe(p.email);
    expect(receipt.subject).toBe("Kvitto: dina personuppgifter har raderats");
    expect(receipt.text).toContain(
      `Faktura ${p.heldInvoiceNumber} (2023-04-02): sparas till och med ${hold.keepThrough}`,
    );
    expect(receipt.text).toContain("Integritetsskyddsmyndigheten (IMY)");
    expect(receipt.text).toContain("gå till domstol");
    expect(receipt.text).not.toContain(p.expiredInvoiceNumber);

    // Tombstones: the import refuses the address, the earlier address and the personnummer.
    expect(await isTombstoned(p.email)).toBe(true);
    expect(await isTombstoned(`  ${p.email.toUpperCase()} `)).toBe(true);
    expect(await isTombstoned(p.oldEmail)).toBe(true);
    if (p.personnummer) {
      expect(await isTombstoned(undefined, p.personnummer)).toBe(true);
      expect(await isTombstoned(undefined, p.personnummer.replace("-", ""))).toBe(true);
    }
    expect(await isTombstoned(`${randomUUID()}@test.example`)).toBe(false);

    // Until the receipt is delivered its row keeps the address; once delivered, only id and status.
    expect((await runErasure(requestId)).status).toBe("completed");
    expect(await deliverEmail(receiptId)).toBe("outbox");
    expect(await runErasure(requestId)).toEqual({ status: "completed", steps: [], receipt: "cleaned" });
    const emptied = await db.emailMessage.findUniqueOrThrow({ where: { id: receiptId } });
    expect(emptied).toMatchObject({ to: "", html: "", text: "", personId: null, status: "outbox" });

    // Nothing of the person anywhere, outside the held records.
    expect(await scanDatabase(needles, exclude)).toEqual([]);
    expect(scanFiles(exportDir, needles)).toEqual([]);
    expect(existsSync(path.join(exportDir, `${p.copyId}.zip.enc`))).toBe(false);
    expect(existsSync(path.join(exportDir, `.work-${p.copyId}`))).toBe(false);
    const jobs = await db.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pgboss.job WHERE data::text LIKE ${"%" + p.id + "%"}`;
    expect(jobs[0]!.n).toBe(0);

    // Running the job again changes nothing.
    const counts = async () => ({
      steps: await db.erasureStep.count({ where: { requestId } }),
      tasks: await db.recipientTask.count({ where: { requestId } }),
      emails: await db.emailMessage.count({ where: { kind: "deletionReceipt", id: receiptId } }),
      audit: await db.auditEntry.count({ where: { personId: p.id } }),
    });
    const once = await counts();
    expect(await erasureJob({ requestId })).toEqual({ status: "completed", steps: 0 });
    expect(await counts()).toEqual(once);
  });

  it("ignores job data that is not a request id", async () => {
    expect(await erasureJob({})).toEqual({ status: "invalid" });
    expect(await erasureJob({ requestId: "nope" })).toEqual({ status: "not_found" });
  });
});

describe("the receipt of a long history", () => {
  it("lists a hundred records one by one and sums up the rest per year", async () => {
    const { receiptEmail } = await import("./emails");
    const record = (i: number, year: number) => ({
      kind: "invoice" as const,
      id: `i${i}`,
      hold: "bookkeeping" as const,
      number: `N${i}`,
      amountOre: 100,
      currency: "SEK",
      provider: null,
      date: `${year}-03-01`,
      financialYearEnd: `${year}-12-31`,
      keepThrough: `${year + 7}-12-31`,
      deleteFrom: `${year + 8}-01-01`,
      deleteAfter: new Date(`${year + 8}-01-01T00:00:00+01:00`),
    });
    const kept = [
      ...Array.from({ length: 120 }, (_, i) => record(i, 2023)),
      ...Array.from({ length: 5 }, (_, i) => record(200 + i, 2024)),
    ];
    const mail = receiptEmail(
      "sv",
      {
        categories: [],
        kept,
        expired: [],
        holds: [{ key: "bookkeeping", law: "BFL", rule: "R." }],
        recipients: [],
      },
      "req-1",
    );
    expect(mail.text).toContain("Faktura N0 (2023-03-01): sparas till och med 2030-12-31.");
    expect(mail.text).toContain("Faktura N99 (2023-03-01)");
    expect(mail.text).not.toContain("Faktura N100 ");
    expect(mail.text).toContain("Ytterligare 20 poster sparas till och med 2030-12-31.");
    expect(mail.text).toContain("Ytterligare 5 poster sparas till och med 2031-12-31.");
  });
});
