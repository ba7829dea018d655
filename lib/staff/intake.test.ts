// Intake: registered with the real received date, confirmed from the person's own mailbox first.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { makePerson } from "../../test/factories";
import { systemActor, type StaffActor } from "../auth/actor";
import { dueDate, stockholmDay } from "../privacy/legal-clock";
import { confirmRequest, registerRequest } from "./intake";
import { readConfirmToken, signConfirmToken } from "./confirm-token";
import { makeStaffActor } from "../../test/staff-support";
import { seedDataMap } from "../datamap/policy-map";

let staff: StaffActor;
const link = systemActor("request-confirm-link");
beforeAll(async () => {
  staff = await makeStaffActor();
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

function tokenFrom(text: string): string {
  const m = /\/confirm-request\?token=([A-Za-z0-9_.%-]+)/.exec(text);
  if (!m) throw new Error("no confirmation link");
  return decodeURIComponent(m[1]!);
}

async function lastMail(personId: string, kind: string) {
  return db.emailMessage.findFirstOrThrow({ where: { personId, kind }, orderBy: { createdAt: "desc" } });
}

/** A request staff register as received today. */
function registeredToday(personId: string, type: string, channel: string) {
  return registerRequest(staff, { personId, type, channel, receivedDate: stockholmDay(new Date()) });
}

describe("intake", () => {
  it("registers with the real received date; the deadline counts from it; nothing happens until the person confirms", async () => {
    const person = await makePerson({ language: "en" });
    const received = new Date(Date.now() - 5 * 86_400_000);
    const receivedDate = stockholmDay(received);
    const request = await registerRequest(staff, {
      personId: person.id,
      type: "objection",
      channel: "letter",
      receivedDate,
      details: "Objects to profiling",
    });
    expect(request.status).toBe("awaiting_confirmation");
    expect(stockholmDay(request.receivedAt)).toBe(receivedDate);
    expect(request.dueAt.toISOString()).toBe(dueDate(request.receivedAt, 1).toISOString());
    expect(request.channel).toBe("letter");
    // The details are stored encrypted, never in clear.
    expect(Buffer.from(request.detailsEnc!).toString("utf8")).not.toContain("profiling");

    const mail = await lastMail(person.id, "requestConfirm");
    expect(mail.to).toBe(person.email);
    const token = tokenFrom(mail.text);
    expect(readConfirmToken(token)).toMatchObject({ requestId: request.id, personId: person.id });

    // A tampered token does nothing.
    const tampered = token.slice(0, -2) + (token.endsWith("AA") ? "BB" : "AA");
    await expect(confirmRequest(link, tampered)).rejects.toMatchObject({ code: "invalid_input" });
    // Nor does a session (only the emailed link confirms).
    await expect(confirmRequest(staff, token)).rejects.toMatchObject({ code: "forbidden" });
    expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "awaiting_confirmation",
    );

    expect(await confirmRequest(link, token)).toEqual({ status: "confirmed", type: "objection" });
    expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe("received");
    expect(await confirmRequest(link, token)).toEqual({ status: "already", type: "objection" });
  });

  it("refuses a received date in the future, or an unknown person", async () => {
    const person = await makePerson();
    const tomorrow = stockholmDay(new Date(Date.now() + 2 * 86_400_000));
    await expect(
      registerRequest(staff, { personId: person.id, type: "copy", channel: "phone", receivedDate: tomorrow }),
    ).rejects.toMatchObject({ code: "invalid_input" });
    await expect(
      registerRequest(staff, {
        personId: "nobody",
        type: "copy",
        channel: "phone",
        receivedDate: stockholmDay(new Date()),
      }),
    ).rejects.toMatchObject({ code: "not_found" });
    expect(await db.request.count({ where: { personId: person.id } })).toBe(0);
  });

  it("the link expires after 7 days", async () => {
    const person = await makePerson();
    const request = await registeredToday(person.id, "objection", "email");
    const old = signConfirmToken(request.id, person.id, new Date(Date.now() - 8 * 86_400_000));
    await expect(confirmRequest(link, old)).rejects.toMatchObject({ code: "expired" });
    // A link for another person's request does not confirm it.
    const other = await makePerson();
    await expect(confirmRequest(link, signConfirmToken(request.id, other.id))).rejects.toMatchObject({
      code: "not_found",
    });
    expect((await db.request.findUniqueOrThrow({ where: { id: request.id } })).status).toBe(
      "awaiting_confirmation",
    );
  });

  it("a confirmed deletion starts its cooling-off period; a confirmed restriction takes effect", async () => {
    const person = await makePerson();
    const deletion = await registeredToday(person.id, "deletion", "phone");
    // Nothing irreversible before the confirmation: no erasure job.
    const jobs = () =>
      db.$queryRaw<
        { n: number }[]
      >`SELECT count(*)::int AS n FROM pgboss.job WHERE name = 'erasure.run' AND data->>'requestId' = ${deletion.id}`;
    expect((await jobs())[0]!.n).toBe(0);
    await confirmRequest(link, tokenFrom((await lastMail(person.id, "requestConfirm")).text));
    const row = await db.request.findUniqueOrThrow({ where: { id: deletion.id } });
    expect(row.status).toBe("cooling_off");
    expect(row.coolingOffEndsAt).toBeInstanceOf(Date);
    expect((await jobs())[0]!.n).toBeGreaterThan(0);

    const p2 = await makePerson();
    const restriction = await registeredToday(p2.id, "restriction", "letter");
    expect((await db.person.findUniqueOrThrow({ where: { id: p2.id } })).restrictedAt).toBeNull();
    await confirmRequest(link, tokenFrom((await lastMail(p2.id, "requestConfirm")).text));
    expect((await db.person.findUniqueOrThrow({ where: { id: p2.id } })).restrictedAt).toBeInstanceOf(Date);
    expect(
      await db.recipientTask.count({ where: { requestId: restriction.id, kind: "restriction_notice" } }),
    ).toBeGreaterThan(0);
  });
});
