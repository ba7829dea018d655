import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { parseJsonRecords, type JsonEvent } from "./json-stream";

async function* chunks(parts: string[]) {
  for (const p of parts) yield p;
}

async function parse(parts: string | string[], opts = {}): Promise<JsonEvent[]> {
  const out: JsonEvent[] = [];
  for await (const ev of parseJsonRecords(chunks(Array.isArray(parts) ? parts : [parts]), opts)) out.push(ev);
  return out;
}

const values = (events: JsonEvent[]) => events.map((e) => (e.kind === "record" ? e.value : e.code));

describe("parseJsonRecords", () => {
  it("reads JSON Lines, skipping blank lines, with each record's line", async () => {
    const events = await parse('{"a":1}\n\n{"a":"x\\ny"}\r\n{"b":[1,2]}');
    expect(values(events)).toEqual([{ a: 1 }, { a: "x\ny" }, { b: [1, 2] }]);
    expect(events.map((e) => e.line)).toEqual([1, 3, 4]);
  });

  it("reports a broken line and goes on", async () => {
    const events = await parse('{"a":1}\n{"a":\n{"a":3}\n');
    expect(values(events)).toEqual([{ a: 1 }, "invalid_json", { a: 3 }]);
    expect(events[1]!.line).toBe(2);
  });

  it("reads a JSON array element by element, with strings holding brackets, commas and escapes", async () => {
    const text = '\uFEFF [\n  {"a": "]},[\\"", "n": [1, {"x": 2}]},\n  {"a": 2}\n]\n';
    const events = await parse(text);
    expect(values(events)).toEqual([{ a: ']},["', n: [1, { x: 2 }] }, { a: 2 }]);
    expect(events.map((e) => e.line)).toEqual([2, 3]);
  });

  it("reports a broken element, an unclosed array and text after the array", async () => {
    expect(values(await parse('[{"a":1}, {"a": nope}, {"a":3}]'))).toEqual([
      { a: 1 },
      "invalid_json",
      { a: 3 },
    ]);
    expect(values(await parse('[{"a":1}, {"a":2'))).toEqual([{ a: 1 }, "invalid_json"]);
    expect(values(await parse('[{"a":1}] {"b":2}'))).toEqual([{ a: 1 }, "not_json"]);
  });

  it("refuses an element larger than the limit, and only that one", async () => {
    const big = "x".repeat(5000);
    expect(values(await parse(`[{"a":"${big}"},{"a":1}]`, { maxRecordLength: 1000 }))).toEqual([
      "record_too_large",
      { a: 1 },
    ]);
    expect(values(await parse(`{"a":"${big}"}\n{"a":1}\n`, { maxRecordLength: 1000 }))).toEqual([
      "record_too_large",
      { a: 1 },
    ]);
  });

  it("gives the same records however the text is cut (property)", async () => {
    const rec = fc.dictionary(
      fc.constantFrom("a", "b", "c"),
      fc.oneof(fc.string(), fc.integer(), fc.array(fc.string(), { maxLength: 3 })),
    );
    await fc.assert(
      fc.asyncProperty(
        fc.array(rec, { minLength: 0, maxLength: 6 }),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 6 }),
        async (records, asArray, cuts) => {
          const text = asArray
            ? JSON.stringify(records, null, 1)
            : records.map((r) => JSON.stringify(r)).join("\n");
          const parts: string[] = [];
          let at = 0;
          let k = 0;
          while (at < text.length) {
            const size = cuts[k++ % cuts.length]!;
            parts.push(text.slice(at, at + size));
            at += size;
          }
          expect(values(await parse(parts))).toEqual(records);
        },
      ),
      { numRuns: 300 },
    );
  });
});
