// The partner's webhook over HTTP semantics: Svix-signed requests into the exported handler.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { seedDataMap } from "@/lib/datamap/policy-map";
import { signSvix } from "@/lib/newsletter/webhook-signature";
import { makePerson } from "@/test/factories";
import { POST } from "./route";

beforeAll(async () => {
  await db.$transaction((tx) => seedDataMap(tx), { timeout: 60_000 });
});

function signed(payload: unknown, opts: { secret?: string; at?: Date; tamper?: boolean } = {}) {
  const body = JSON.stringify(payload);
  const id = `msg_${randomUUID()}`;
  const ts = String(Math.floor((opts.at ?? new Date()).getTime() / 1000));
  const sig = signSvix(opts.secret ?? env().NEWSLETTER_WEBHOOK_SECRET!, id, ts, body);
  return new Request("http://localhost:3000/api/webhooks/newsletter", {
    method: "POST",
    headers: {
      "content-type": "application/json",
      "svix-id": id,
      "svix-timestamp": ts,
      "svix-signature": `v1,${sig}`,
    },
    body: opts.tamper ? body.replace("true", "false") : body,
  });
}

function contactEvent(
  email: string,
  unsubscribed: boolean,
  type = "contact.updated",
  updatedAt = new Date(),
) {
  return {
    type,
    created_at: updatedAt.toISOString(),
    data: {
      id: randomUUID(),
      audience_id: randomUUID(),
      segment_ids: [],
      created_at: "2026-01-01T00:00:00.000Z",
      updated_at: updatedAt.toISOString(),
      email,
      first_name: "Test",
      last_name: null,
      unsubscribed,
    },
  };
}

async function subscribed() {
  const p = await makePerson();
  await db.consentState.createMany({
    data: [
      { personId: p.id, channel: "email", topic: "news", status: "given", legalBasis: "consent" },
      { personId: p.id, channel: "sms", topic: "news", status: "given", legalBasis: "consent" },
    ],
  });
  return p;
}

const ledger = (personId: string) =>
  db.consentEvent.findMany({ where: { personId }, orderBy: { id: "asc" } });
const syncJobs = async (personId: string) =>
  Number(
    (
      await db.$queryRaw<{ n: bigint }[]>`
    SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'newsletter.sync' AND data->>'personId' = ${personId}`
    )[0]!.n,
  );

describe("POST /api/webhooks/newsletter", () => {
  it("refuses a bad signature with 401 and stores nothing", async () => {
    const p = await subscribed();
    const wrongSecret = "whsec_" + Buffer.alloc(24, 1).toString("base64");
    for (const req of [
      signed(contactEvent(p.email, true), { secret: wrongSecret }),
      signed(contactEvent(p.email, true), { tamper: true }),
      signed(contactEvent(p.email, true), { at: new Date(Date.now() - 10 * 60_000) }),
      new Request("http://localhost:3000/api/webhooks/newsletter", {
        method: "POST",
        body: JSON.stringify(contactEvent(p.email, true)),
      }),
    ]) {
      const res = await POST(req);
      expect(res.status).toBe(401);
    }
    expect(await ledger(p.id)).toHaveLength(0);
    expect(await syncJobs(p.id)).toBe(0);
    expect(
      (await db.consentState.findFirstOrThrow({ where: { personId: p.id, channel: "email" } })).status,
    ).toBe("given");
  });

  it("a signed unsubscribe lands in the ledger (newsletter_partner) and stops email only; a replay adds nothing", async () => {
    const p = await subscribed();
    const event = contactEvent(p.email.toUpperCase(), true);
    const res = await POST(signed(event));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ result: "unsubscribed" });
    const rows = await ledger(p.id);
    expect(rows.map((e) => [e.channel, e.topic, e.action, e.method, e.actorType, e.legalBasis])).toEqual([
      ["email", "news", "withdrawn", "newsletter_partner", "partner", "consent"],
    ]);
    expect(
      (await db.consentState.findFirstOrThrow({ where: { personId: p.id, channel: "sms" } })).status,
    ).toBe("given");
    const again = await POST(signed(event));
    expect(await again.json()).toEqual({ result: "no_change" });
    expect(await ledger(p.id)).toHaveLength(1);
  });

  it("a re-subscribe at the partner is not taken as consent: the portal's state is pushed back", async () => {
    const p = await makePerson();
    const res = await POST(signed(contactEvent(p.email, false)));
    expect(await res.json()).toEqual({ result: "resync" });
    expect(await ledger(p.id)).toHaveLength(0);
    expect(await syncJobs(p.id)).toBe(1);
  });

  it("an unsubscribe older than the person's latest choice in the portal does not undo it", async () => {
    const p = await makePerson();
    const before = new Date(Date.now() - 60_000);
    await db.consentState.create({
      data: { personId: p.id, channel: "email", topic: "news", status: "given", legalBasis: "consent" },
    });
    await db.consentEvent.create({
      data: {
        personId: p.id,
        channel: "email",
        topic: "news",
        action: "given",
        method: "portal",
        wordingVersion: "2026-11",
        legalBasis: "consent",
        actorType: "person",
      },
    });
    const res = await POST(signed(contactEvent(p.email, true, "contact.updated", before)));
    expect(await res.json()).toEqual({ result: "stale" });
    expect(await ledger(p.id)).toHaveLength(1);
  });

  it("unknown people and other event types are acknowledged and ignored; a malformed body is 400", async () => {
    expect(
      await (await POST(signed(contactEvent("nobody-" + randomUUID() + "@test.example", true)))).json(),
    ).toEqual({
      result: "unknown_person",
    });
    expect(await (await POST(signed({ type: "email.delivered", data: {} }))).json()).toEqual({
      result: "ignored",
    });
    expect((await POST(signed({ type: "contact.updated", data: { nope: 1 } }))).status).toBe(400);
  });

  // Before, the address was matched with ILIKE: `…@test.exampl_` or `%@%` unsubscribed whoever matched,
  // and a NUL in the address was a 500 (so the partner redelivered it forever).
  it("matches the address exactly: a pattern unsubscribes no one, a NUL is acknowledged and changes nothing", async () => {
    const p = await subscribed();
    const [local, domain] = p.email.split("@") as [string, string];
    for (const address of [
      `${local}@${domain.slice(0, -1)}_`,
      `${local.slice(0, -1)}_@${domain}`,
      `${local.slice(0, 4)}%@${domain}`,
      "%@%",
      `${p.email}\u0000`,
      `${local}\u0000@${domain}`,
    ]) {
      const res = await POST(signed(contactEvent(address, true)));
      expect(res.status, address).toBe(200);
      expect(await res.json(), address).toEqual({ result: "unknown_person" });
    }
    expect(await ledger(p.id)).toHaveLength(0);
    expect(await syncJobs(p.id)).toBe(0);
    // The person's own address, in any case, still works.
    const res = await POST(signed(contactEvent(` ${p.email.toUpperCase()} `, true)));
    expect(await res.json()).toEqual({ result: "unsubscribed" });
    expect(await ledger(p.id)).toHaveLength(1);
  });
});
