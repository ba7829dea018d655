import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "../db";
import { deliverEmail, queueEmail } from "./send";
import { startFakeResend, type FakeResend } from "../../e2e/fake-resend";
import { uniqueEmail } from "../../test/factories";

let fake: FakeResend;
const saved = { ...process.env };

beforeAll(async () => {
  fake = await startFakeResend(0);
});
afterAll(async () => {
  await fake.close();
  process.env = saved;
});

async function queue(to: string) {
  return db.$transaction((tx) =>
    queueEmail(tx, { to, kind: "test", subject: "Hej", html: "<p>Hej</p>", text: "Hej" }),
  );
}

describe("email", () => {
  it("queues the message and its delivery job in one transaction", async () => {
    const to = uniqueEmail();
    const id = await queue(to);
    const jobs = await db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*)::bigint AS n FROM pgboss.job WHERE name = 'email.send' AND data->>'id' = ${id}`;
    expect(Number(jobs[0]!.n)).toBe(1);
  });

  it("a rolled-back change leaves neither message nor job", async () => {
    const to = uniqueEmail();
    await expect(
      db.$transaction(async (tx) => {
        await queueEmail(tx, { to, kind: "test", subject: "x", html: "x", text: "x" });
        throw new Error("rollback");
      }),
    ).rejects.toThrow("rollback");
    expect(await db.emailMessage.count({ where: { to } })).toBe(0);
  });

  it("in demo mode without a key the message lands in the outbox", async () => {
    delete process.env.RESEND_API_KEY;
    await resetEnv({ PORTAL_MODE: "demo" });
    const id = await queue(uniqueEmail());
    expect(await deliverEmail(id)).toBe("outbox");
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id } })).status).toBe("outbox");
  });

  it("in production without a key delivery fails loudly, never silently", async () => {
    await resetEnv({ PORTAL_MODE: "production" });
    const id = await queue(uniqueEmail());
    await expect(deliverEmail(id)).rejects.toThrow(/No email transport/);
    expect((await db.emailMessage.findUniqueOrThrow({ where: { id } })).status).toBe("failed");
  });

  it("sends through the Resend SDK, retries after a provider failure, and keeps no body in production", async () => {
    await resetEnv({ PORTAL_MODE: "production", RESEND_API_KEY: "re_test", RESEND_BASE_URL: fake.url });
    const to = uniqueEmail();
    const id = await queue(to);
    await fetch(`${fake.url}/_test/fail`, { method: "POST", body: JSON.stringify({ count: 1 }) });
    await expect(deliverEmail(id)).rejects.toThrow(/not accepted/);
    expect(await deliverEmail(id)).toBe("sent");
    expect(fake.emails.filter((e) => e.to.includes(to))).toHaveLength(1);
    const row = await db.emailMessage.findUniqueOrThrow({ where: { id } });
    expect(row.status).toBe("sent");
    expect(row.text).toBe("");
    // Delivering again is harmless.
    expect(await deliverEmail(id)).toBe("sent");
    expect(fake.emails.filter((e) => e.to.includes(to))).toHaveLength(1);
  });
});

async function resetEnv(values: Record<string, string>) {
  Object.assign(process.env, values);
  // env() reads the environment again when it changed.
}
