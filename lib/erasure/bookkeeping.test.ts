// Bokföringslagen 7 kap. 2 §: kept until the end of the seventh year after the end of the calendar
// year in which the financial year ended. Fixed cases for calendar and broken financial years.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  bookkeepingHold,
  bookkeepingHoldAt,
  deleteAfterInstant,
  financialYearEndOf,
  isStillHeld,
} from "./bookkeeping";

describe("bookkeeping hold", () => {
  it.each([
    // [voucher date, financial-year end, FY ends, kept through, deleted from]
    ["2023-04-02", "12-31", "2023-12-31", "2030-12-31", "2031-01-01"],
    ["2023-12-31", "12-31", "2023-12-31", "2030-12-31", "2031-01-01"],
    ["2024-01-01", "12-31", "2024-12-31", "2031-12-31", "2032-01-01"],
    ["2023-04-02", "06-30", "2023-06-30", "2030-12-31", "2031-01-01"],
    ["2023-06-30", "06-30", "2023-06-30", "2030-12-31", "2031-01-01"],
    ["2023-07-01", "06-30", "2024-06-30", "2031-12-31", "2032-01-01"],
    ["2023-08-01", "06-30", "2024-06-30", "2031-12-31", "2032-01-01"],
    ["2023-05-01", "04-30", "2024-04-30", "2031-12-31", "2032-01-01"],
    // A year ending on the last day of February: 28th in common years, 29th in leap years.
    ["2023-03-01", "02-29", "2024-02-29", "2031-12-31", "2032-01-01"],
    ["2023-02-28", "02-29", "2023-02-28", "2030-12-31", "2031-01-01"],
  ])("a voucher of %s with the financial year ending %s", (date, fyEnd, fy, keep, from) => {
    expect(financialYearEndOf(date, fyEnd)).toBe(fy);
    expect(bookkeepingHold(date, fyEnd, 7)).toEqual({
      date,
      financialYearEnd: fy,
      keepThrough: keep,
      deleteFrom: from,
    });
  });

  it("counts the years from the setting", () => {
    expect(bookkeepingHold("2023-04-02", "12-31", 10).keepThrough).toBe("2033-12-31");
  });

  it("uses the Stockholm calendar day of the voucher's instant", () => {
    // 23:30 UTC on New Year's Eve is already 1 January in Stockholm: the next financial year.
    expect(bookkeepingHoldAt(new Date("2023-12-31T23:30:00Z"), "12-31", 7).keepThrough).toBe("2031-12-31");
    expect(bookkeepingHoldAt(new Date("2023-12-31T22:30:00Z"), "12-31", 7).keepThrough).toBe("2030-12-31");
  });

  it("is deleted from the first instant of 1 January (Stockholm) of the following year", () => {
    const hold = bookkeepingHold("2023-04-02", "12-31", 7);
    expect(deleteAfterInstant(hold.deleteFrom).toISOString()).toBe("2030-12-31T23:00:00.000Z");
    expect(isStillHeld(hold, new Date("2030-12-31T22:59:59Z"))).toBe(true);
    expect(isStillHeld(hold, new Date("2030-12-31T23:00:00Z"))).toBe(false);
  });

  it("always keeps a voucher at least seven full years after its own date, and never past the eighth", () => {
    const day = fc.date({
      min: new Date("1990-01-01T12:00:00Z"),
      max: new Date("2090-12-31T12:00:00Z"),
      noInvalidDate: true,
    });
    const fyEnd = fc.constantFrom("12-31", "06-30", "04-30", "08-31", "02-29", "09-30");
    fc.assert(
      fc.property(day, fyEnd, (d, end) => {
        const date = d.toISOString().slice(0, 10);
        const hold = bookkeepingHold(date, end, 7);
        const year = Number(date.slice(0, 4));
        const keptYear = Number(hold.keepThrough.slice(0, 4));
        return (
          hold.financialYearEnd >= date &&
          keptYear >= year + 7 &&
          keptYear <= year + 8 &&
          hold.keepThrough.endsWith("-12-31")
        );
      }),
    );
  });

  it("refuses what is not a date", () => {
    expect(() => bookkeepingHold("2023-02-30", "12-31", 7)).toThrow(RangeError);
    expect(() => financialYearEndOf("2023-01-01", "13-01")).toThrow(RangeError);
  });
});
