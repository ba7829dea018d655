import { describe, it, expect } from "vitest";
import fc from "fast-check";
import {
  addMonthsClamped,
  daysLeft,
  dueDate,
  dueDay,
  dueStatus,
  isSwedishNonWorkingDay,
  stockholmDay,
  swedishHolidays,
} from "./legal-clock";

// A receipt at midday Stockholm time (10:00Z is 11:00 or 12:00 local), so the day is unambiguous.
const at = (isoDate: string) => new Date(`${isoDate}T10:00:00Z`);

// Weekday of an ISO date, computed independently of the module under test.
const WEEKDAYS = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"] as const;
const weekday = (isoDate: string) => WEEKDAYS[new Date(`${isoDate}T00:00:00Z`).getUTCDay()];
const daysBetween = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

// Stockholm wall-clock rendering, to check the end-of-day instants independently.
const stockholmClock = new Intl.DateTimeFormat("sv-SE", {
  timeZone: "Europe/Stockholm",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
  hourCycle: "h23",
});

describe("dueDay: fixed cases", () => {
  it("31 Jan 2026 + 1 month clamps to Sat 28 Feb, then moves to Mon 2 Mar", () => {
    expect(weekday("2026-02-28")).toBe("Sat");
    expect(addMonthsClamped("2026-01-31", 1)).toBe("2026-02-28");
    expect(dueDay(at("2026-01-31"))).toBe("2026-03-02");
    expect(weekday("2026-03-02")).toBe("Mon");
  });

  // Each case: the weekdays it relies on, and the due day of a request received on `received`.
  const cases: {
    name: string;
    received: string;
    months?: number;
    due: string;
    weekdays: [string, string][];
  }[] = [
    {
      name: "leap year: 31 Jan 2028 + 1 month is Tue 29 Feb 2028, a working day",
      received: "2028-01-31",
      due: "2028-02-29",
      weekdays: [["2028-02-29", "Tue"]],
    },
    {
      name: "Easter: 3 Mar 2026 → Fri 3 Apr (Långfredagen) → Sat, Påskdagen, Annandag påsk → Tue 7 Apr",
      received: "2026-03-03",
      due: "2026-04-07",
      weekdays: [
        ["2026-04-03", "Fri"],
        ["2026-04-07", "Tue"],
      ],
    },
    {
      name: "Midsummer: 19 May 2026 → Fri 19 Jun (Midsommarafton) → Sat (Midsommardagen), Sun → Mon 22 Jun",
      received: "2026-05-19",
      due: "2026-06-22",
      weekdays: [["2026-06-19", "Fri"]],
    },
    {
      name: "Christmas: 24 Nov 2026 → Thu 24 Dec (Julafton) → Juldagen, Sat 26 (Annandag jul), Sun → Mon 28 Dec",
      received: "2026-11-24",
      due: "2026-12-28",
      weekdays: [
        ["2026-12-24", "Thu"],
        ["2026-12-28", "Mon"],
      ],
    },
    {
      name: "New Year: 30 Nov 2029 → Sun 30 Dec → Mon 31 Dec (Nyårsafton) → Tue 1 Jan (Nyårsdagen) → Wed 2 Jan 2030",
      received: "2029-11-30",
      due: "2030-01-02",
      weekdays: [
        ["2029-12-30", "Sun"],
        ["2029-12-31", "Mon"],
        ["2030-01-02", "Wed"],
      ],
    },
    {
      name: "New Year's Eve as the plain date: 31 Oct 2026 + 2 months = Thu 31 Dec → Fri 1 Jan, Sat, Sun → Mon 4 Jan 2027",
      received: "2026-10-31",
      months: 2,
      due: "2027-01-04",
      weekdays: [
        ["2026-12-31", "Thu"],
        ["2027-01-04", "Mon"],
      ],
    },
    {
      name: "plain Saturday: 7 Feb 2026 → Sat 7 Mar → Mon 9 Mar",
      received: "2026-02-07",
      due: "2026-03-09",
      weekdays: [["2026-03-07", "Sat"]],
    },
    {
      name: "National Day: 6 May 2028 → Tue 6 Jun (Sveriges nationaldag) → Wed 7 Jun",
      received: "2028-05-06",
      due: "2028-06-07",
      weekdays: [["2028-06-06", "Tue"]],
    },
    {
      name: "Trettondedag jul: 6 Dec 2025 → Tue 6 Jan 2026 → Wed 7 Jan",
      received: "2025-12-06",
      due: "2026-01-07",
      weekdays: [["2026-01-06", "Tue"]],
    },
    {
      name: "Ascension: 14 Apr 2026 → Thu 14 May (Easter 5 Apr + 39) → Fri 15 May",
      received: "2026-04-14",
      due: "2026-05-15",
      weekdays: [["2026-05-14", "Thu"]],
    },
    {
      name: "ordinary day stays put: 10 Mar 2026 → Fri 10 Apr 2026",
      received: "2026-03-10",
      due: "2026-04-10",
      weekdays: [["2026-04-10", "Fri"]],
    },
  ];
  it.each(cases)("$name", ({ received, months, due, weekdays }) => {
    for (const [day, name] of weekdays) expect(weekday(day)).toBe(name);
    expect(dueDay(at(received), months)).toBe(due);
  });

  it("receipt late in UTC is already the next day in Stockholm: 2026-03-31T22:30Z is 1 Apr 00:30 CEST", () => {
    const received = new Date("2026-03-31T22:30:00Z");
    expect(stockholmDay(received)).toBe("2026-04-01");
    // 1 Apr + 1 month = Fri 1 May (Första maj) → Sat, Sun → Mon 4 May. Had the UTC day (31 Mar)
    // been used, the answer would have been Thu 30 Apr.
    expect(weekday("2026-05-01")).toBe("Fri");
    expect(dueDay(received)).toBe("2026-05-04");
    // Half an hour earlier it is still 31 Mar in Stockholm.
    expect(dueDay(new Date("2026-03-31T21:30:00Z"))).toBe("2026-04-30");
  });

  it("extension is counted from receipt with months = 3, not chained from the first deadline", () => {
    // 31 Jan 2026 + 3 months = Thu 30 Apr (a working day; Valborgsmässoafton is not a holiday).
    expect(weekday("2026-04-30")).toBe("Thu");
    expect(dueDay(at("2026-01-31"), 3)).toBe("2026-04-30");
    // Chaining would have given 2 Mar + 2 months = Sat 2 May → Mon 4 May: a different answer.
    expect(addMonthsClamped("2026-03-02", 2)).toBe("2026-05-02");
  });

  it("rejects bad input", () => {
    expect(() => dueDay(new Date("nope"))).toThrow(RangeError);
    expect(() => dueDay(at("2026-01-01"), 0)).toThrow(RangeError);
    expect(() => dueDay(at("2026-01-01"), 1.5)).toThrow(RangeError);
  });
});

describe("dueDate: end of the due day in Stockholm", () => {
  it("winter (CET, UTC+1): due Mon 2 Mar 2026 ends at 22:59:59.999Z", () => {
    expect(dueDate(at("2026-01-31")).toISOString()).toBe("2026-03-02T22:59:59.999Z");
  });

  it("summer (CEST, UTC+2): due Mon 4 May 2026 ends at 21:59:59.999Z", () => {
    expect(dueDate(new Date("2026-03-31T22:30:00Z")).toISOString()).toBe("2026-05-04T21:59:59.999Z");
  });

  it("receipt in winter, deadline after the spring DST change: 3 Mar → Tue 7 Apr 2026, CEST", () => {
    expect(dueDate(at("2026-03-03")).toISOString()).toBe("2026-04-07T21:59:59.999Z");
  });

  it("receipt in summer, deadline after the autumn DST change (25 Oct 2026): 1 Oct → Sun 1 Nov → Mon 2 Nov, CET", () => {
    expect(weekday("2026-11-01")).toBe("Sun");
    expect(dueDate(at("2026-10-01")).toISOString()).toBe("2026-11-02T22:59:59.999Z");
  });
});

describe("addMonthsClamped", () => {
  it("clamps, crosses years and goes backwards", () => {
    expect(addMonthsClamped("2026-03-31", 1)).toBe("2026-04-30");
    expect(addMonthsClamped("2027-12-31", 2)).toBe("2028-02-29");
    expect(addMonthsClamped("2100-01-29", 1)).toBe("2100-02-28"); // 2100 is not a leap year
    expect(addMonthsClamped("2000-01-30", 1)).toBe("2000-02-29"); // 2000 is
    expect(addMonthsClamped("2026-11-15", 3)).toBe("2027-02-15");
    expect(addMonthsClamped("2026-03-31", -1)).toBe("2026-02-28");
    expect(addMonthsClamped("2026-01-15", -1)).toBe("2025-12-15");
    expect(addMonthsClamped("2026-05-20", 0)).toBe("2026-05-20");
  });

  it("rejects malformed and impossible dates", () => {
    expect(() => addMonthsClamped("2026-02-30", 1)).toThrow(RangeError);
    expect(() => addMonthsClamped("2026-2-3", 1)).toThrow(RangeError);
    expect(() => addMonthsClamped("2026-01-01", 0.5)).toThrow(RangeError);
  });
});

describe("swedishHolidays", () => {
  const easter = (year: number) => swedishHolidays(year).find((h) => h.name === "Påskdagen")?.date;

  it.each([
    [2024, "2024-03-31"],
    [2025, "2025-04-20"],
    [2026, "2026-04-05"],
    [2027, "2027-03-28"],
    [2038, "2038-04-25"], // latest possible date
    [2000, "2000-04-23"],
    [2285, "2285-03-22"], // earliest possible date (outside the tested range, same algorithm)
  ])("Easter Sunday %i is %s", (year, date) => {
    expect(easter(year)).toBe(date);
  });

  it("lists 2026 in full, in date order", () => {
    expect(swedishHolidays(2026)).toEqual([
      { date: "2026-01-01", name: "Nyårsdagen" },
      { date: "2026-01-06", name: "Trettondedag jul" },
      { date: "2026-04-03", name: "Långfredagen" },
      { date: "2026-04-05", name: "Påskdagen" },
      { date: "2026-04-06", name: "Annandag påsk" },
      { date: "2026-05-01", name: "Första maj" },
      { date: "2026-05-14", name: "Kristi himmelsfärdsdag" },
      { date: "2026-05-24", name: "Pingstdagen" },
      { date: "2026-06-06", name: "Sveriges nationaldag" },
      { date: "2026-06-19", name: "Midsommarafton" },
      { date: "2026-06-20", name: "Midsommardagen" },
      { date: "2026-10-31", name: "Alla helgons dag" },
      { date: "2026-12-24", name: "Julafton" },
      { date: "2026-12-25", name: "Juldagen" },
      { date: "2026-12-26", name: "Annandag jul" },
      { date: "2026-12-31", name: "Nyårsafton" },
    ]);
  });

  it("keeps both entries when two holidays share a date (Ascension on 1 May 2008)", () => {
    const firstOfMay = swedishHolidays(2008).filter((h) => h.date === "2008-05-01");
    expect(firstOfMay.map((h) => h.name)).toEqual(["Första maj", "Kristi himmelsfärdsdag"]);
  });

  it("Alla helgons dag can fall in November (2025: Sat 1 Nov)", () => {
    const allSaints = swedishHolidays(2025).find((h) => h.name === "Alla helgons dag");
    expect(allSaints?.date).toBe("2025-11-01");
  });

  it("holds its invariants for every year 1900–2200", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1900, max: 2200 }), (year) => {
        const list = swedishHolidays(year);
        const byName = new Map(list.map((h) => [h.name, h.date]));
        expect(list).toHaveLength(16);
        for (const h of list) expect(h.date.startsWith(`${year}-`)).toBe(true);
        const e = byName.get("Påskdagen")!;
        expect(weekday(e)).toBe("Sun");
        expect(e >= `${year}-03-22` && e <= `${year}-04-25`).toBe(true);
        expect(weekday(byName.get("Långfredagen")!)).toBe("Fri");
        expect(weekday(byName.get("Kristi himmelsfärdsdag")!)).toBe("Thu");
        expect(weekday(byName.get("Pingstdagen")!)).toBe("Sun");
        const eve = byName.get("Midsommarafton")!;
        expect(weekday(eve)).toBe("Fri");
        expect(eve >= `${year}-06-19` && eve <= `${year}-06-25`).toBe(true);
        expect(daysBetween(eve, byName.get("Midsommardagen")!)).toBe(1);
        const allSaints = byName.get("Alla helgons dag")!;
        expect(weekday(allSaints)).toBe("Sat");
        expect(allSaints >= `${year}-10-31` && allSaints <= `${year}-11-06`).toBe(true);
        for (const h of list) expect(isSwedishNonWorkingDay(h.date)).toBe(true);
      }),
      { numRuns: 500 },
    );
  });
});

describe("isSwedishNonWorkingDay", () => {
  it("weekends, holidays and eves are non-working; ordinary weekdays and other eves are working", () => {
    expect(isSwedishNonWorkingDay("2026-02-28")).toBe(true); // Saturday
    expect(isSwedishNonWorkingDay("2026-03-01")).toBe(true); // Sunday
    expect(isSwedishNonWorkingDay("2026-12-31")).toBe(true); // Nyårsafton, Thursday
    expect(isSwedishNonWorkingDay("2026-06-19")).toBe(true); // Midsommarafton
    expect(isSwedishNonWorkingDay("2026-03-02")).toBe(false); // Monday
    expect(isSwedishNonWorkingDay("2026-04-30")).toBe(false); // Valborgsmässoafton: a working day
    expect(isSwedishNonWorkingDay("2026-05-25")).toBe(false); // Annandag pingst: abolished 2005
  });

  it("rejects malformed dates", () => {
    expect(() => isSwedishNonWorkingDay("2026-13-01")).toThrow(RangeError);
    expect(() => isSwedishNonWorkingDay("20260101")).toThrow(RangeError);
  });
});

describe("daysLeft and dueStatus", () => {
  const due = dueDate(at("2026-01-31")); // end of Mon 2 Mar 2026 (22:59:59.999Z)

  it("counts Stockholm calendar days", () => {
    expect(daysLeft(due, new Date("2026-02-20T08:00:00Z"))).toBe(10);
    expect(daysLeft(due, new Date("2026-03-02T00:00:00Z"))).toBe(0); // 01:00 on the due day
    expect(daysLeft(due, new Date("2026-03-02T22:59:59.999Z"))).toBe(0);
    expect(daysLeft(due, new Date("2026-03-02T23:00:00Z"))).toBe(-1); // 00:00 on 3 Mar in Stockholm
    expect(daysLeft(due, new Date("2026-03-12T12:00:00Z"))).toBe(-10);
  });

  it("is unaffected by a DST change in between", () => {
    const summerDue = dueDate(at("2026-03-03")); // Tue 7 Apr 2026, CEST
    expect(daysLeft(summerDue, new Date("2026-03-28T12:00:00Z"))).toBe(10);
  });

  it("classifies ok / due_soon / overdue", () => {
    expect(dueStatus(due, new Date("2026-02-20T08:00:00Z"))).toBe("ok"); // 10 days
    expect(dueStatus(due, new Date("2026-02-22T12:00:00Z"))).toBe("ok"); // 8 days
    expect(dueStatus(due, new Date("2026-02-23T12:00:00Z"))).toBe("due_soon"); // 7 days
    expect(dueStatus(due, new Date("2026-03-02T22:59:59.999Z"))).toBe("due_soon"); // last moment
    expect(dueStatus(due, new Date("2026-03-02T23:00:00Z"))).toBe("overdue");
    expect(dueStatus(due, new Date("2026-02-20T08:00:00Z"), 14)).toBe("due_soon");
    expect(() => dueStatus(due, new Date("2026-02-20T08:00:00Z"), -1)).toThrow(RangeError);
  });
});

describe("dueDay: properties", () => {
  // Receipt instants across the supported range, at any time of day.
  const receipt = fc.date({
    min: new Date("1900-01-01T00:00:00Z"),
    max: new Date("2200-09-30T00:00:00Z"),
    noInvalidDate: true,
  });
  const months = fc.constantFrom(1, 2, 3);
  const runs = { numRuns: 500 };

  it("never falls on a non-working day", () => {
    fc.assert(
      fc.property(receipt, months, (r, m) => {
        expect(isSwedishNonWorkingDay(dueDay(r, m))).toBe(false);
      }),
      runs,
    );
  });

  it("is on or after the plain clamped date and at most 5 days later", () => {
    fc.assert(
      fc.property(receipt, months, (r, m) => {
        const plain = addMonthsClamped(stockholmDay(r), m);
        const shift = daysBetween(plain, dueDay(r, m));
        expect(shift).toBeGreaterThanOrEqual(0);
        expect(shift).toBeLessThanOrEqual(5);
      }),
      runs,
    );
  });

  it("is strictly after the receipt day", () => {
    fc.assert(
      fc.property(receipt, months, (r, m) => {
        expect(dueDay(r, m) > stockholmDay(r)).toBe(true);
      }),
      runs,
    );
  });

  it("is monotonic: a later receipt never gives an earlier due day", () => {
    fc.assert(
      fc.property(receipt, receipt, months, (a, b, m) => {
        const [early, late] = a.getTime() <= b.getTime() ? [a, b] : [b, a];
        expect(dueDay(early, m) <= dueDay(late, m)).toBe(true);
      }),
      runs,
    );
  });

  it("is monotonic for neighbouring days too (where clamping and holidays bite)", () => {
    fc.assert(
      fc.property(receipt, fc.integer({ min: 1, max: 3 }), months, (r, gap, m) => {
        const later = new Date(r.getTime() + gap * 86_400_000);
        expect(dueDay(r, m) <= dueDay(later, m)).toBe(true);
      }),
      runs,
    );
  });

  it("dueDate is the last millisecond of the due day in Stockholm", () => {
    fc.assert(
      fc.property(receipt, months, (r, m) => {
        const day = dueDay(r, m);
        const end = dueDate(r, m);
        expect(stockholmDay(end)).toBe(day);
        expect(stockholmClock.format(end)).toBe(`${day} 23:59:59`);
        expect(stockholmDay(new Date(end.getTime() + 1))).toBe(
          new Date(Date.parse(`${day}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10),
        );
      }),
      runs,
    );
  });
});
