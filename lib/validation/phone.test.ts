import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { checkPhone, formatPhone, normalisePhone } from "./phone";

describe("normalisePhone: known-good numbers", () => {
  const good: [string, string][] = [
    ["070-123 45 67", "+46701234567"],
    ["0701234567", "+46701234567"],
    ["070 123 45 67", "+46701234567"],
    ["+46 70 123 45 67", "+46701234567"],
    ["+46701234567", "+46701234567"],
    ["0046 70 123 45 67", "+46701234567"],
    ["0046701234567", "+46701234567"],
    ["+46 (0)70-123 45 67", "+46701234567"],
    ["+46 070 123 45 67", "+46701234567"],
    ["(070) 123 45 67", "+46701234567"],
    ["08-123 456 78", "+46812345678"],
    ["08-12 34 56", "+468123456"],
    ["031-123 45", "+463112345"],
    ["+47 412 34 567", "+4741234567"],
    ["+358 40 123 4567", "+358401234567"],
    ["+1 (202) 555-0143", "+12025550143"],
    ["  0701740605  ", "+46701740605"],
  ];
  it.each(good)("%s -> %s", (input, expected) => {
    expect(normalisePhone(input)).toBe(expected);
  });
});

describe("checkPhone: known-bad numbers, with the reason", () => {
  const bad: [string, string][] = [
    ["", "phone_invalid"],
    ["   ", "phone_invalid"],
    ["abc", "phone_invalid"],
    ["070-ABC 45 67", "phone_invalid"],
    ["0701234567 ext 12", "phone_invalid"],
    ["701234567", "phone_invalid"], // no trunk 0, no country code: ambiguous
    ["+0701234567", "phone_invalid"],
    ["00 0701234567", "phone_invalid"],
    ["070+1234567", "phone_invalid"],
    ["070-12", "phone_too_short"],
    ["+46 12345", "phone_too_short"],
    ["0701234567890", "phone_too_long"],
    ["+46 70 123 45 67 89", "phone_too_long"],
    ["+47 1234", "phone_too_short"],
    ["+1234567890123456", "phone_too_long"],
    ["070 123 45 67; DROP TABLE", "phone_invalid"],
  ];
  it.each(bad)("%s is refused (%s)", (input, error) => {
    expect(checkPhone(input)).toEqual({ ok: false, error });
    expect(normalisePhone(input)).toBeNull();
  });
});

describe("properties", () => {
  it("never throws on any string", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 60 }), (s) => {
        checkPhone(s);
      }),
      { numRuns: 2000 },
    );
  });

  it("every result is E.164: a plus and 8 to 15 digits, never starting with 0", () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+0-9 ()-]{0,24}$/), (s) => {
        const v = normalisePhone(s);
        if (v !== null) expect(v).toMatch(/^\+[1-9]\d{7,14}$/);
      }),
      { numRuns: 3000 },
    );
  });

  it("normalising is idempotent: a stored number normalises to itself, also as displayed", () => {
    const swedishMobile = fc
      .tuple(fc.constantFrom("70", "72", "73", "76", "79"), fc.stringMatching(/^\d{7}$/))
      .map(([p, rest]) => `0${p}-${rest.slice(0, 3)} ${rest.slice(3, 5)} ${rest.slice(5)}`);
    fc.assert(
      fc.property(swedishMobile, (typed) => {
        const v = normalisePhone(typed);
        expect(v).not.toBeNull();
        expect(normalisePhone(v!)).toBe(v);
        expect(normalisePhone(formatPhone(v!))).toBe(v);
      }),
    );
  });

  it("letters anywhere make a number invalid", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^0\d{9}$/),
        fc.nat(),
        fc.constantFrom(..."abcxyzABCÅÄÖé"),
        (digits, at, letter) => {
          const i = at % (digits.length + 1);
          expect(checkPhone(digits.slice(0, i) + letter + digits.slice(i))).toEqual({
            ok: false,
            error: "phone_invalid",
          });
        },
      ),
    );
  });
});
