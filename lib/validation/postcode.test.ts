import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { normaliseForeignPostcode, normalisePostcode, normaliseSwedishPostcode } from "./postcode";

describe("Swedish postcodes", () => {
  // Real postcodes: Stockholm, Sveavägen, Uppsala, Göteborg, Malmö, Kiruna, Visby.
  const good: [string, string][] = [
    ["11451", "114 51"],
    ["114 51", "114 51"],
    ["111 34", "111 34"],
    ["75321", "753 21"],
    ["411 05", "411 05"],
    ["211 20", "211 20"],
    ["981 31", "981 31"],
    ["621 55", "621 55"],
    [" 114  51 ", "114 51"],
    ["SE-114 51", "114 51"],
    ["se 11451", "114 51"],
    ["S-114 51", "114 51"],
  ];
  it.each(good)("%s -> %s", (input, expected) => {
    expect(normaliseSwedishPostcode(input)).toBe(expected);
  });

  const bad = [
    "",
    "1145",
    "114511",
    "014 51",
    "00000",
    "ABC DE",
    "114-51x",
    "11 451 1",
    "1l4 51",
    "114.51",
    "SE",
  ];
  it.each(bad)("%s is refused", (input) => {
    expect(normaliseSwedishPostcode(input)).toBeNull();
  });

  it("a postcode is checked for its country", () => {
    expect(normalisePostcode("0150", "NO")).toBe("0150");
    expect(normalisePostcode("0150", "SE")).toBeNull();
    expect(normalisePostcode("sw1a 1aa", "GB")).toBe("SW1A 1AA");
    expect(normalisePostcode("10115", "DE")).toBe("10115");
    expect(normaliseForeignPostcode("!")).toBeNull();
    expect(normaliseForeignPostcode("12345678901")).toBeNull();
  });
});

describe("properties", () => {
  const validSe = fc.integer({ min: 10000, max: 99999 }).map(String);

  it("every valid postcode normalises to NNN NN, and normalising again changes nothing", () => {
    fc.assert(
      fc.property(validSe, fc.constantFrom("", " ", "  "), (digits, gap) => {
        const typed = digits.slice(0, 3) + gap + digits.slice(3);
        const once = normaliseSwedishPostcode(typed);
        expect(once).toMatch(/^[1-9]\d{2} \d{2}$/);
        expect(normaliseSwedishPostcode(once!)).toBe(once);
      }),
    );
  });

  it("random strings never throw, and anything accepted is in the stored format", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 30 }), (s) => {
        const se = normaliseSwedishPostcode(s);
        if (se !== null) expect(se).toMatch(/^[1-9]\d{2} \d{2}$/);
        const other = normaliseForeignPostcode(s);
        if (other !== null) expect(normaliseForeignPostcode(other)).toBe(other);
      }),
      { numRuns: 3000 },
    );
  });
});
