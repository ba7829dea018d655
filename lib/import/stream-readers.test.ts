// The streaming readers of import files: CSV records and JSON records, each fed in arbitrary chunks.
import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { csvField, parseCsv, type CsvEvent } from "./csv";
import { parseJsonRecords, type JsonEvent } from "./json-stream";

/** Every event a reader gives for this text, handed to it in these chunks. */
async function collect<E, O>(
  reader: (input: AsyncIterable<string | Uint8Array>, options: O) => AsyncGenerator<E>,
  text: string | (string | Uint8Array)[],
  options: O,
): Promise<E[]> {
  async function* chunks() {
    for (const p of Array.isArray(text) ? text : [text]) yield p;
  }
  const out: E[] = [];
  for await (const ev of reader(chunks(), options)) out.push(ev);
  return out;
}

/** The text (or its bytes) in pieces of these sizes, taken in turn. */
function cut<T extends string | Uint8Array>(source: T, sizes: number[]): T[] {
  const parts: T[] = [];
  let at = 0;
  let k = 0;
  while (at < source.length) {
    const size = sizes[k++ % sizes.length]!;
    parts.push(source.slice(at, at + size) as T);
    at += size;
  }
  return parts;
}

const parseCsvText = (text: string | (string | Uint8Array)[], opts = {}): Promise<CsvEvent[]> =>
  collect(parseCsv, text, opts);
const parseJsonText = (text: string | string[], opts = {}): Promise<JsonEvent[]> =>
  collect(parseJsonRecords, text, opts);

const rows = (events: CsvEvent[]) => events.map((e) => (e.kind === "row" ? e.fields : e.code));

describe("parseCsv", () => {
  it("reads plain fields and both line ends, with or without a final newline", async () => {
    expect(rows(await parseCsvText("a,b,c\n1,2,3\r\n4,5,6"))).toEqual([
      ["a", "b", "c"],
      ["1", "2", "3"],
      ["4", "5", "6"],
    ]);
    expect(rows(await parseCsvText("a,b\n1,2\n"))).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
  });

  it("keeps empty fields and skips blank lines", async () => {
    expect(rows(await parseCsvText("a,,c\n\n,,\n"))).toEqual([
      ["a", "", "c"],
      ["", "", ""],
    ]);
  });

  it("handles quotes, escaped quotes, delimiters and newlines inside quotes", async () => {
    const events = await parseCsvText(
      'name,note\n"Andersson, Anna","She said ""hej""\nand left"\nx,"a\r\nb"\n',
    );
    expect(rows(events)).toEqual([
      ["name", "note"],
      ["Andersson, Anna", 'She said "hej"\nand left'],
      ["x", "a\r\nb"],
    ]);
    // Line numbers are where each record starts, counting the newlines inside quotes.
    expect(events.map((e) => e.line)).toEqual([1, 2, 4]);
  });

  it("drops a UTF-8 byte order mark, also when it arrives as bytes split across chunks", async () => {
    const bytes = new TextEncoder().encode("\uFEFFnamn,stad\nÅsa,Göteborg\n");
    const split = [bytes.slice(0, 1), bytes.slice(1, 2), bytes.slice(2, 15), bytes.slice(15)];
    expect(rows(await parseCsvText(split))).toEqual([
      ["namn", "stad"],
      ["Åsa", "Göteborg"],
    ]);
  });

  it("reports an unclosed quote as an error at the line where it opened", async () => {
    const events = await parseCsvText('a,b\n1,2\n3,"never closed\n4,5\n');
    expect(rows(events)).toEqual([["a", "b"], ["1", "2"], "unclosed_quote"]);
    expect(events[2]).toMatchObject({ kind: "error", line: 3 });
  });

  it("reports a field that is too large for its record and goes on with the next", async () => {
    const huge = "x".repeat(2000);
    const events = await parseCsvText(`a,b\n1,${huge}\n2,"${huge}"\n3,ok\n`, { maxFieldLength: 1000 });
    expect(rows(events)).toEqual([["a", "b"], "field_too_large", "field_too_large", ["3", "ok"]]);
    expect(events.map((e) => e.line)).toEqual([1, 2, 3, 4]);
  });

  it("reports text after a closing quote for that record only", async () => {
    const events = await parseCsvText('a,b\n"x"y,1\n2,3\n');
    expect(rows(events)).toEqual([["a", "b"], "bad_quote", ["2", "3"]]);
  });

  it("splits CR LF across chunks as one line end", async () => {
    const events = await parseCsvText(["a,b\r", "\n1,2\r", "\n"]);
    expect(rows(events)).toEqual([
      ["a", "b"],
      ["1", "2"],
    ]);
    expect(events.map((e) => e.line)).toEqual([1, 2]);
  });

  it("parses whatever it wrote, however the text is cut into chunks (property)", async () => {
    const fieldArb = fc.string({ unit: fc.constantFrom("a", "ö", ",", '"', "\n", "\r\n", " ", "x", "€") });
    const recordArb = fc
      .array(fieldArb, { minLength: 1, maxLength: 5 })
      .filter((r) => !(r.length === 1 && r[0] === ""));
    await fc.assert(
      fc.asyncProperty(
        fc.array(recordArb, { minLength: 1, maxLength: 8 }),
        fc.constantFrom("\n", "\r\n"),
        fc.array(fc.integer({ min: 1, max: 7 }), { minLength: 1, maxLength: 10 }),
        fc.boolean(),
        async (records, eol, cuts, asBytes) => {
          const lines = records.map((r) => r.map((f) => csvField(f)).join(","));
          const text = lines.join(eol) + eol;
          const events = await parseCsvText(cut(asBytes ? new TextEncoder().encode(text) : text, cuts));
          expect(rows(events)).toEqual(records);
          // Each record's line is one more than the line ends before it.
          let offset = 0;
          const expectedLines = lines.map((l) => {
            const before = text.slice(0, offset);
            offset += l.length + eol.length;
            return (before.match(/\r\n|\r|\n/g) ?? []).length + 1;
          });
          expect(events.map((e) => e.line)).toEqual(expectedLines);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("streams: a long file does not keep its records", async () => {
    async function* many() {
      yield "id,text\n";
      for (let i = 0; i < 50_000; i++) yield `${i},"line ${i}, with a comma"\n`;
    }
    let count = 0;
    let last: CsvEvent | undefined;
    for await (const ev of parseCsv(many())) {
      count++;
      last = ev;
    }
    expect(count).toBe(50_001);
    expect(last).toMatchObject({ kind: "row", line: 50_001, fields: ["49999", "line 49999, with a comma"] });
  });
});

describe("csvField", () => {
  it("quotes only what needs quoting", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField('a "b"')).toBe('"a ""b"""');
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField(null)).toBe("");
    expect(csvField(12)).toBe("12");
  });
});

const values = (events: JsonEvent[]) => events.map((e) => (e.kind === "record" ? e.value : e.code));

describe("parseJsonRecords", () => {
  it("reads JSON Lines, skipping blank lines, with each record's line", async () => {
    const events = await parseJsonText('{"a":1}\n\n{"a":"x\\ny"}\r\n{"b":[1,2]}');
    expect(values(events)).toEqual([{ a: 1 }, { a: "x\ny" }, { b: [1, 2] }]);
    expect(events.map((e) => e.line)).toEqual([1, 3, 4]);
  });

  it("reports a broken line and goes on", async () => {
    const events = await parseJsonText('{"a":1}\n{"a":\n{"a":3}\n');
    expect(values(events)).toEqual([{ a: 1 }, "invalid_json", { a: 3 }]);
    expect(events[1]!.line).toBe(2);
  });

  it("reads a JSON array element by element, with strings holding brackets, commas and escapes", async () => {
    const text = '\uFEFF [\n  {"a": "]},[\\"", "n": [1, {"x": 2}]},\n  {"a": 2}\n]\n';
    const events = await parseJsonText(text);
    expect(values(events)).toEqual([{ a: ']},["', n: [1, { x: 2 }] }, { a: 2 }]);
    expect(events.map((e) => e.line)).toEqual([2, 3]);
  });

  it("reports a broken element, an unclosed array and text after the array", async () => {
    expect(values(await parseJsonText('[{"a":1}, {"a": nope}, {"a":3}]'))).toEqual([
      { a: 1 },
      "invalid_json",
      { a: 3 },
    ]);
    expect(values(await parseJsonText('[{"a":1}, {"a":2'))).toEqual([{ a: 1 }, "invalid_json"]);
    expect(values(await parseJsonText('[{"a":1}] {"b":2}'))).toEqual([{ a: 1 }, "not_json"]);
  });

  it("refuses an element larger than the limit, and only that one", async () => {
    const big = "x".repeat(5000);
    expect(values(await parseJsonText(`[{"a":"${big}"},{"a":1}]`, { maxRecordLength: 1000 }))).toEqual([
      "record_too_large",
      { a: 1 },
    ]);
    expect(values(await parseJsonText(`{"a":"${big}"}\n{"a":1}\n`, { maxRecordLength: 1000 }))).toEqual([
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
          expect(values(await parseJsonText(cut(text, cuts)))).toEqual(records);
        },
      ),
      { numRuns: 300 },
    );
  });
});
