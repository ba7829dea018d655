// Issue 16, findings 3, 5 and 6: every way of asking for a sign-in link goes through one use-case
// that validates and normalises the address, applies the rate limits, and answers alike for known
// and unknown addresses; the per-address limit cannot be used by one client to lock another out.
import { randomUUID } from "node:crypto";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "../db";
import { makePerson, uniqueEmail } from "../../test/factories";

const signInCalls: { email: string; redirect: boolean; redirectTo: string; scope: unknown }[] = [];
vi.mock("./auth", async () => {
  const { linkRequestScope } = await import("./link-request-context");
  return {
    signIn: async (_provider: string, options: { email: string; redirect: boolean; redirectTo: string }) => {
      signInCalls.push({ ...options, scope: linkRequestScope.getStore() });
      return "http://localhost:3000/api/auth/verify-request?provider=email&type=email";
    },
  };
});

const { requestSignInLink, ADDRESS_CEILING_FACTOR } = await import("./request-link");
const { DEFAULT_SETTINGS } = await import("../settings");

const PER_ADDRESS = DEFAULT_SETTINGS.signInLimitPerAddress;

/** A client address of its own for each test, so counters never carry over between tests. */
function newClient(): string {
  return `198.18.${Math.floor(Math.random() * 256)}.${1 + Math.floor(Math.random() * 254)}-${randomUUID()}`;
}

async function queuedTo(to: string) {
  return db.emailMessage.count({ where: { to } });
}

beforeEach(() => {
  signInCalls.length = 0;
});

describe("requestSignInLink: validation (finding 6)", () => {
  const victim = "victim@y.example";
  it.each([
    "a@x.example,b@y.example",
    "a@x.example\nbcc: victim@y.example",
    "a@x.example\r\nbcc: victim@y.example",
    "name <victim@y.example>",
    '"victim@y.example"@x.example',
    "notanemail",
    "a@x.example victim@y.example",
    "a\uff20x.example\uff20y.example",
    `${"a".repeat(10_000)}@x.example`,
    "",
    "   ",
  ])("refuses %j: nothing queued, no link asked for", async (email) => {
    const before = await db.emailMessage.count();
    const result = await requestSignInLink({ email }, { client: newClient() });
    expect(result.outcome).toBe("invalid");
    expect(await db.emailMessage.count()).toBe(before);
    expect(await queuedTo(victim)).toBe(0);
    expect(signInCalls).toHaveLength(0);
  });

  it("refuses an address that is not a string", async () => {
    for (const email of [undefined, null, 42, ["a@x.example"], { a: 1 }]) {
      expect((await requestSignInLink({ email }, { client: newClient() })).outcome).toBe("invalid");
    }
  });

  it("normalises a valid address: one 'nothing held' email to the normalised address", async () => {
    const address = uniqueEmail("norm");
    const typed = `  ${address.toUpperCase()}\t`;
    const result = await requestSignInLink({ email: typed }, { client: newClient() });
    expect(result).toEqual({ outcome: "sent" });
    expect(await queuedTo(address)).toBe(1);
    expect(await db.emailMessage.count({ where: { to: typed } })).toBe(0);
  });

  it("asks Auth.js for a link for a known address, normalised, with a safe destination", async () => {
    const person = await makePerson();
    const result = await requestSignInLink(
      { email: person.email.toUpperCase(), next: "/\t/127.0.0.1:3499/phish" },
      { client: newClient(), locale: "en" },
    );
    expect(result).toEqual({ outcome: "sent" });
    expect(signInCalls).toEqual([
      {
        email: person.email,
        redirect: false,
        redirectTo: "/my-data",
        scope: { address: person.email, locale: "en" },
      },
    ]);
    expect(await queuedTo(person.email)).toBe(0); // the email provider queues it, under Auth.js
  });
});

describe("requestSignInLink: the same answer for known and unknown addresses (finding 3)", () => {
  it("answers 'sent' for both", async () => {
    const person = await makePerson();
    const client = newClient();
    const known = await requestSignInLink({ email: person.email }, { client });
    const unknown = await requestSignInLink({ email: uniqueEmail("nobody") }, { client });
    expect(known).toEqual(unknown);
  });
});

describe("requestSignInLink: rate limits (finding 5)", () => {
  // The limits count in fixed windows (lib/auth/rate-limit.ts): the clock stands still inside one window,
  // so a test that crosses a window's end on a slow machine does not start counting afresh half-way.
  beforeEach(() => {
    const hour = 3_600_000;
    vi.useFakeTimers({ toFake: ["Date"] });
    vi.setSystemTime(Math.floor(Date.now() / hour) * hour + 7 * 60_000);
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("another client using up an address's limit does not keep its owner out", async () => {
    const person = await makePerson();
    const attacker = newClient();
    const outcomes = [];
    for (let i = 0; i <= PER_ADDRESS; i++) {
      outcomes.push((await requestSignInLink({ email: person.email }, { client: attacker })).outcome);
    }
    expect(outcomes.slice(0, PER_ADDRESS).every((o) => o === "sent")).toBe(true);
    expect(outcomes[PER_ADDRESS]).toBe("limited");

    signInCalls.length = 0;
    const owner = await requestSignInLink({ email: person.email }, { client: newClient() });
    expect(owner).toEqual({ outcome: "sent" });
    expect(signInCalls).toHaveLength(1);
  });

  it("one client is limited per address, also for unknown addresses", async () => {
    const address = uniqueEmail("limit");
    const client = newClient();
    for (let i = 0; i < PER_ADDRESS; i++) await requestSignInLink({ email: address }, { client });
    expect((await requestSignInLink({ email: address }, { client })).outcome).toBe("limited");
    expect(await queuedTo(address)).toBe(PER_ADDRESS);
  });

  it("all clients together reach a ceiling per address; requests one client may not make do not count", async () => {
    const address = uniqueEmail("ceiling");
    const byCeiling = { action: "auth.rate_limited", meta: { equals: { by: "address-ceiling" } } };
    const ceilingRefusals = await db.auditEntry.count({ where: byCeiling });
    const ceiling = PER_ADDRESS * ADDRESS_CEILING_FACTOR;
    // One client far over its own budget spends only its own share of the ceiling.
    const greedy = newClient();
    for (let i = 0; i < PER_ADDRESS * 3; i++) await requestSignInLink({ email: address }, { client: greedy });
    let sent = PER_ADDRESS;
    while (sent < ceiling) {
      const client = newClient();
      for (let i = 0; i < PER_ADDRESS && sent < ceiling; i++, sent++) {
        expect((await requestSignInLink({ email: address }, { client })).outcome).toBe("sent");
      }
    }
    expect((await requestSignInLink({ email: address }, { client: newClient() })).outcome).toBe("limited");
    expect(await queuedTo(address)).toBe(ceiling);
    expect(await db.auditEntry.count({ where: byCeiling })).toBeGreaterThan(ceilingRefusals);
  });

  it("a client is limited across addresses", async () => {
    const client = newClient();
    const before = await db.setting.findUnique({ where: { key: "signInLimitPerClient" } });
    await db.setting.upsert({
      where: { key: "signInLimitPerClient" },
      create: { key: "signInLimitPerClient", value: 3 },
      update: { value: 3 },
    });
    try {
      const outcomes = [];
      for (let i = 0; i < 4; i++) {
        outcomes.push((await requestSignInLink({ email: uniqueEmail("c") }, { client })).outcome);
      }
      expect(outcomes).toEqual(["sent", "sent", "sent", "limited"]);
      expect((await requestSignInLink({ email: uniqueEmail("c") }, { client: newClient() })).outcome).toBe(
        "sent",
      );
    } finally {
      if (before) await db.setting.update({ where: { key: before.key }, data: { value: before.value! } });
      else await db.setting.delete({ where: { key: "signInLimitPerClient" } });
    }
  });
});
