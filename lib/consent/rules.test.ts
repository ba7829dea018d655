// Properties of the pure rules, over arbitrary stored states and wishes.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  CHANNELS,
  effectiveStatus,
  isOn,
  pairKey,
  planObjection,
  planPreferences,
  planStopAll,
  type Channel,
  type PlannedChange,
  type StateRow,
} from "./rules";

const TOPICS = ["news", "offers", "surveys"];
const STATUSES = ["given", "allowed", "pending", "withdrawn", "objected"];
const BASES = ["consent", "existing_customer", "allowed_until_objection"];

const rowsArb = fc
  .array(
    fc.record({
      channel: fc.constantFrom(...CHANNELS),
      topic: fc.constantFrom("", ...TOPICS, "old-topic"),
      status: fc.constantFrom(...STATUSES),
      legalBasis: fc.constantFrom(...BASES),
    }),
    { maxLength: 12 },
  )
  .map((rows) => {
    const seen = new Set<string>();
    return rows.filter(
      (r) => !seen.has(pairKey(r.channel, r.topic)) && seen.add(pairKey(r.channel, r.topic)),
    );
  });

const wantedArb = fc.subarray(CHANNELS.flatMap((c) => TOPICS.map((t) => pairKey(c, t))));

function apply(rows: StateRow[], changes: PlannedChange[]): StateRow[] {
  const out = rows.map((r) => ({ ...r }));
  for (const c of changes) {
    const existing = out.find((r) => r.channel === c.channel && r.topic === c.topic);
    if (existing) Object.assign(existing, { status: c.action, legalBasis: c.legalBasis });
    else out.push({ channel: c.channel, topic: c.topic, status: c.action, legalBasis: c.legalBasis });
  }
  return out;
}

describe("consent rules", () => {
  it("after saving, exactly the wanted pairs are on (email ones pending until confirmed)", () => {
    fc.assert(
      fc.property(rowsArb, wantedArb, (rows, wantedList) => {
        const wanted = new Set(wantedList);
        const after = apply(rows, planPreferences(rows, TOPICS, wanted));
        for (const channel of CHANNELS) {
          for (const topic of TOPICS) {
            const e = effectiveStatus(after, channel, topic);
            const want = wanted.has(pairKey(channel, topic));
            expect(isOn(e.status) || e.status === "pending").toBe(want);
          }
        }
        // A new yes is always the person's own consent; email never starts as given.
        for (const c of planPreferences(rows, TOPICS, wanted)) {
          if (c.action === "given" || c.action === "pending") expect(c.legalBasis).toBe("consent");
          if (c.channel === "email") expect(c.action).not.toBe("given");
        }
        // Saving the same wishes again changes nothing.
        expect(planPreferences(after, TOPICS, wanted)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("stopping everything leaves nothing on, on any topic including unknown ones, and is idempotent", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const after = apply(rows, planStopAll(rows, TOPICS));
        for (const channel of CHANNELS) {
          for (const topic of [...TOPICS, "old-topic", "added-later", ""]) {
            const s = effectiveStatus(after, channel, topic).status;
            expect(isOn(s) || s === "pending").toBe(false);
          }
        }
        expect(planStopAll(after, TOPICS)).toEqual([]);
      }),
      { numRuns: 400 },
    );
  });

  it("stopping one channel leaves the others as they were", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const after = apply(rows, planStopAll(rows, TOPICS, ["email"]));
        for (const channel of CHANNELS.filter((c): c is Exclude<Channel, "email"> => c !== "email")) {
          for (const topic of TOPICS) {
            expect(effectiveStatus(after, channel, topic)).toEqual(effectiveStatus(rows, channel, topic));
          }
        }
      }),
    );
  });

  it("an objection leaves every channel and topic objected, and keeps the basis that ended", () => {
    fc.assert(
      fc.property(rowsArb, (rows) => {
        const changes = planObjection(rows);
        const after = apply(rows, changes);
        for (const channel of CHANNELS) {
          for (const topic of [...TOPICS, "old-topic", "added-later", ""]) {
            expect(effectiveStatus(after, channel, topic).status).toBe("objected");
          }
        }
        for (const c of changes) {
          const before = rows.find((r) => r.channel === c.channel && r.topic === c.topic);
          if (before) expect(c.legalBasis).toBe(before.legalBasis);
        }
      }),
      { numRuns: 400 },
    );
  });

  it("saying no to what was allowed is an objection; to a consent, a withdrawal", () => {
    const rows: StateRow[] = [
      { channel: "post", topic: "", status: "allowed", legalBasis: "allowed_until_objection" },
      { channel: "email", topic: "news", status: "given", legalBasis: "consent" },
      { channel: "email", topic: "offers", status: "allowed", legalBasis: "existing_customer" },
    ];
    const changes = planStopAll(rows, TOPICS);
    expect(changes).toEqual(
      expect.arrayContaining([
        { channel: "post", topic: "", action: "objected", legalBasis: "allowed_until_objection" },
        { channel: "email", topic: "news", action: "withdrawn", legalBasis: "consent" },
        { channel: "email", topic: "offers", action: "objected", legalBasis: "existing_customer" },
      ]),
    );
  });
});
