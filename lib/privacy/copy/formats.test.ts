// The copy's encoders: CSV that any RFC 4180 reader parses back to the same values, HTML escaping,
// and the Stockholm date-time and amount formats of the readable report.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { BOM, cellFormatter, csvField, csvLine, escapeHtml, parseCsv, stockholmDateTime } from "./formats";

describe("CSV", () => {
  it("round-trips any text (quotes, commas, line breaks, unicode) except formula-like text", () => {
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
          const expected = table.map((r) =>
            r.map((v) => (/^(?:[=@\t\r]|[+-](?![\d\s]))/.test(v) ? `'${v}` : v)),
          );
          expect(parsed).toEqual(expected);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("quotes what needs quoting and neutralises spreadsheet formulas, leaving numbers and phone numbers", () => {
    expect(csvField('say "hi", ok')).toBe('"say ""hi"", ok"');
    expect(csvField("two\r\nlines")).toBe('"two\r\nlines"');
    expect(csvField('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvField("@SUM(A1)")).toBe("'@SUM(A1)");
    expect(csvField("+46701740605")).toBe("+46701740605");
    expect(csvField(-5)).toBe("-5");
    expect(csvField(null)).toBe("");
    expect(csvField({ a: 1 })).toBe('"{""a"":1}"');
    expect(csvLine(["a", 1, true, null])).toBe("a,1,true,\r\n");
  });
});

describe("report formatting", () => {
  it("escapes HTML", () => {
    expect(escapeHtml(`<img src="x" onerror='y'>&`)).toBe(
      "&lt;img src=&quot;x&quot; onerror=&#39;y&#39;&gt;&amp;",
    );
  });

  it("shows instants in Stockholm time across clock changes", () => {
    expect(stockholmDateTime("2026-07-01T10:00:00.000Z")).toBe("2026-07-01 12:00");
    expect(stockholmDateTime("2026-03-29T00:59:00.000Z")).toBe("2026-03-29 01:59");
    expect(stockholmDateTime("2026-03-29T01:00:00.000Z")).toBe("2026-03-29 03:00");
    expect(stockholmDateTime("2026-10-25T00:30:00.000Z")).toBe("2026-10-25 02:30");
    expect(stockholmDateTime("2026-10-25T01:30:00.000Z")).toBe("2026-10-25 02:30");
    expect(stockholmDateTime("2026-12-31T23:30:00.000Z")).toBe("2027-01-01 00:30");
  });

  it("formats öre as amounts in the person's language", () => {
    const money = { key: "amountOre", type: "money_ore" as const };
    expect(cellFormatter("sv")(money, 123456789, "SEK")).toBe("1\u00a0234\u00a0567,89 SEK");
    expect(cellFormatter("en")(money, 123456789, "SEK")).toBe("1,234,567.89 SEK");
    expect(cellFormatter("en")(money, -5, "EUR")).toBe("-0.05 EUR");
    expect(cellFormatter("sv")({ key: "b", type: "boolean" }, true)).toBe("Ja");
    expect(
      cellFormatter("en")({ key: "j", type: "json" }, { cardBrand: "Visa", cardLast4: "0417", x: null }),
    ).toBe("cardBrand: Visa; cardLast4: 0417");
  });
});
