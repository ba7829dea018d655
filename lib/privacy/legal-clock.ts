// The legal clock for data-subject requests (GDPR Art. 12(3)): one month from receipt, counted the
// way EU Regulation 1182/71 and Swedish law count it. Pure calendar arithmetic, no date library and
// no I/O, so it can run anywhere (server, worker, tests) and always gives the same answer.
//
// Every calendar date is a Europe/Stockholm date: the request is "received" on the Stockholm day of
// the receipt instant, whatever time zone the server runs in. Dates are passed around as ISO
// 'YYYY-MM-DD' strings (they sort and compare correctly as strings); instants are Dates.
//
// Holidays follow today's rules (lag 1989:253 as amended in 2005) for every year; nothing here needs
// historical holiday calendars. The tested range is 1900–2200; any Gregorian year 1583–9999 works.

const TIME_ZONE = "Europe/Stockholm";
const DAY_MS = 86_400_000;
const MIN_YEAR = 1583; // first full Gregorian year: the Easter algorithm is Gregorian
const MAX_YEAR = 9999; // ISO dates here always have a four-digit year

export type DueStatus = "overdue" | "due_soon" | "ok";

export type SwedishHoliday = { date: string; name: string };

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

/**
 * The deadline as an instant: the very end (23:59:59.999 Stockholm time) of the due day, so the
 * whole due day counts. See `dueDay` for how the day is found.
 */
export function dueDate(receivedAt: Date, months = 1): Date {
  return endOfStockholmDay(dueDay(receivedAt, months));
}

/**
 * The due day as 'YYYY-MM-DD': `months` calendar months after the Stockholm day of receipt (same
 * day-of-month, clamped to the month's last day), then moved forward past Saturdays, Sundays,
 * Swedish public holidays and the eves that count as holidays (Art. 3(4) of Regulation 1182/71).
 *
 * Extensions: Art. 12(3) allows two further months. The extended deadline is computed from the
 * receipt day with months = 3, not by adding two months to the first deadline, because the first
 * deadline may already have been clamped (31 Jan → 28 Feb) or moved past a holiday, and chaining
 * would carry those shifts over (31 Jan + 3 = 30 Apr, but 28 Feb + 2 = 28 Apr).
 */
export function dueDay(receivedAt: Date, months = 1): string {
  if (!Number.isInteger(months) || months < 1) {
    throw new RangeError(`months must be a positive integer, got ${months}`);
  }
  const plain = addMonthsClamped(stockholmDay(receivedAt), months);
  return nextWorkingDayOnOrAfter(plain);
}

/**
 * Adds whole calendar months to an ISO date. If the day-of-month does not exist in the target
 * month, the result is that month's last day (2026-01-31 + 1 → 2026-02-28). Months may be negative.
 * Used with months = 3 for extended deadlines (see `dueDay`).
 */
export function addMonthsClamped(isoDate: string, months: number): string {
  if (!Number.isInteger(months)) throw new RangeError(`months must be an integer, got ${months}`);
  const { y, m, d } = parseIsoDate(isoDate);
  const index = y * 12 + (m - 1) + months; // months since year 0, so carries are plain division
  const year = Math.floor(index / 12);
  const month = index - year * 12 + 1;
  checkYear(year);
  return formatIso(year, month, Math.min(d, daysInMonth(year, month)));
}

/** True for Saturdays, Sundays, Swedish public holidays and Midsummer, Christmas and New Year's Eve. */
export function isSwedishNonWorkingDay(isoDate: string): boolean {
  const { y } = parseIsoDate(isoDate);
  const weekday = weekdayOf(dayNumber(isoDate));
  return weekday === SATURDAY || weekday === SUNDAY || holidaySet(y).has(isoDate);
}

/**
 * The Swedish public holidays plus the three eves that lag 1930:173 treats as holidays, in date
 * order. Two entries can share a date (e.g. Kristi himmelsfärdsdag on 1 May in 2008); both are kept
 * because both are true. Easter Saturday and Whitsun Eve are not listed: they are always Saturdays.
 */
export function swedishHolidays(year: number): SwedishHoliday[] {
  checkYear(year);
  const easter = dayNumber(easterSunday(year));
  const at = (month: number, day: number) => formatIso(year, month, day);
  const fromEaster = (days: number) => isoFromDayNumber(easter + days);

  const list: SwedishHoliday[] = [
    { date: at(1, 1), name: "Nyårsdagen" },
    { date: at(1, 6), name: "Trettondedag jul" },
    { date: fromEaster(-2), name: "Långfredagen" },
    { date: fromEaster(0), name: "Påskdagen" },
    { date: fromEaster(1), name: "Annandag påsk" },
    { date: at(5, 1), name: "Första maj" },
    { date: fromEaster(39), name: "Kristi himmelsfärdsdag" },
    { date: fromEaster(49), name: "Pingstdagen" },
    { date: at(6, 6), name: "Sveriges nationaldag" },
    { date: weekdayOnOrAfter(at(6, 19), FRIDAY), name: "Midsommarafton" },
    { date: weekdayOnOrAfter(at(6, 20), SATURDAY), name: "Midsommardagen" },
    { date: weekdayOnOrAfter(at(10, 31), SATURDAY), name: "Alla helgons dag" },
    { date: at(12, 24), name: "Julafton" },
    { date: at(12, 25), name: "Juldagen" },
    { date: at(12, 26), name: "Annandag jul" },
    { date: at(12, 31), name: "Nyårsafton" },
  ];
  // Array.prototype.sort is stable, so same-date entries keep the order above.
  return list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
}

/**
 * Whole calendar days (Stockholm) from `now` to `due`: 0 on the due day itself, negative once the
 * due day has passed. Calendar days, not 24-hour periods, so DST changes do not skew the count.
 */
export function daysLeft(due: Date, now: Date): number {
  return dayNumber(stockholmDay(due)) - dayNumber(stockholmDay(now));
}

/**
 * 'overdue' once `now` is past the `due` instant; 'due_soon' when at most `soonDays` calendar days
 * remain (the due day itself included); otherwise 'ok'. Overdue compares instants, so a deadline
 * that is not an end-of-day instant still turns overdue exactly when it passes.
 */
export function dueStatus(due: Date, now: Date, soonDays = 7): DueStatus {
  if (!Number.isFinite(soonDays) || soonDays < 0) {
    throw new RangeError(`soonDays must be a non-negative number, got ${soonDays}`);
  }
  if (checkInstant(now) > checkInstant(due)) return "overdue";
  return daysLeft(due, now) <= soonDays ? "due_soon" : "ok";
}

/** The Stockholm calendar date of an instant, as 'YYYY-MM-DD'. */
export function stockholmDay(instant: Date): string {
  return new Date(wallClockAsUtc(checkInstant(instant))).toISOString().slice(0, 10);
}

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic on "day numbers": days since 1970-01-01, independent of any time zone.
// ---------------------------------------------------------------------------------------------

const FRIDAY = 5;
const SATURDAY = 6;
const SUNDAY = 0;

function dayNumber(isoDate: string): number {
  const { y, m, d } = parseIsoDate(isoDate);
  return Date.UTC(y, m - 1, d) / DAY_MS;
}

function isoFromDayNumber(n: number): string {
  return new Date(n * DAY_MS).toISOString().slice(0, 10);
}

/** 0 = Sunday … 6 = Saturday, like Date#getDay. Day 0 (1970-01-01) was a Thursday. */
function weekdayOf(n: number): number {
  return (((n + 4) % 7) + 7) % 7;
}

function weekdayOnOrAfter(isoDate: string, weekday: number): string {
  const n = dayNumber(isoDate);
  return isoFromDayNumber(n + ((weekday - weekdayOf(n) + 7) % 7));
}

function nextWorkingDayOnOrAfter(isoDate: string): string {
  let n = dayNumber(isoDate);
  // Terminates quickly: the longest run of non-working days is five (e.g. Christmas Eve on a Wednesday).
  while (isSwedishNonWorkingDay(isoFromDayNumber(n))) n += 1;
  return isoFromDayNumber(n);
}

function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Easter Sunday by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return formatIso(year, month, day);
}

// Holiday lookups happen in a loop for every deadline; cache one Set per year.
const holidaySets = new Map<number, Set<string>>();

function holidaySet(year: number): Set<string> {
  let set = holidaySets.get(year);
  if (!set) {
    set = new Set(swedishHolidays(year).map((h) => h.date));
    holidaySets.set(year, set);
  }
  return set;
}

// ---------------------------------------------------------------------------------------------
// ISO date parsing and validation
// ---------------------------------------------------------------------------------------------

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseIsoDate(isoDate: string): { y: number; m: number; d: number } {
  const match = ISO_DATE.exec(isoDate);
  if (!match) throw new RangeError(`not an ISO date (YYYY-MM-DD): ${JSON.stringify(isoDate)}`);
  const y = Number(match[1]);
  const m = Number(match[2]);
  const d = Number(match[3]);
  checkYear(y);
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) {
    throw new RangeError(`no such calendar date: ${isoDate}`);
  }
  return { y, m, d };
}

function formatIso(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function checkYear(year: number): void {
  if (!Number.isInteger(year) || year < MIN_YEAR || year > MAX_YEAR) {
    throw new RangeError(`year out of range ${MIN_YEAR}–${MAX_YEAR}: ${year}`);
  }
}

function checkInstant(instant: Date): number {
  const t = instant.getTime();
  if (Number.isNaN(t)) throw new RangeError("invalid Date");
  return t;
}

// ---------------------------------------------------------------------------------------------
// Stockholm wall-clock time via Intl (the runtime's tz database handles DST and history)
// ---------------------------------------------------------------------------------------------

const stockholmFormat = new Intl.DateTimeFormat("en-US", {
  timeZone: TIME_ZONE,
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23", // "00" at midnight, never "24"
});

const HOUR_MS = 3_600_000;
/** Stockholm's offset from UTC per UTC hour (its changes fall on whole UTC hours): one Intl call an hour. */
const offsets = new Map<number, number>();

/** Stockholm wall-clock time of `t`, encoded as if it were UTC (ms precision kept). */
export function wallClockAsUtc(t: number): number {
  const hour = Math.floor(t / HOUR_MS);
  let offset = offsets.get(hour);
  if (offset === undefined) {
    const at = hour * HOUR_MS;
    const p: Record<string, number> = {};
    for (const part of stockholmFormat.formatToParts(at)) p[part.type] = Number(part.value);
    offset = Date.UTC(p.year!, p.month! - 1, p.day!, p.hour!, p.minute!) - at;
    if (offsets.size > 200_000) offsets.clear();
    offsets.set(hour, offset);
  }
  return t + offset;
}

/**
 * The instant of 23:59:59.999 Stockholm time on `isoDate`: guess with the UTC offset in force
 * around then, correct once, and check. Swedish DST changes happen at 01:00 UTC, never near local
 * midnight, so the guess is already exact in practice; the correction and the check keep the answer
 * right (or loudly wrong) even if the tz data ever says otherwise.
 */
function endOfStockholmDay(isoDate: string): Date {
  const { y, m, d } = parseIsoDate(isoDate);
  const wall = Date.UTC(y, m - 1, d, 23, 59, 59, 999);
  let t = wall - (wallClockAsUtc(wall) - wall);
  t = wall - (wallClockAsUtc(t) - t);
  if (wallClockAsUtc(t) !== wall) {
    // Unreachable with real tz data; fail loudly rather than return a wrong deadline.
    throw new Error(`could not resolve end of day ${isoDate} in ${TIME_ZONE}`);
  }
  return new Date(t);
}
