// How long a bookkeeping record (a voucher: invoice, payment) must be kept under Bokföringslagen
// (1999:1078) 7 kap. 2 §: until the end of the seventh year after the end of the calendar year in
// which the financial year ended. Pure calendar arithmetic on Europe/Stockholm dates ('YYYY-MM-DD'),
// computed per record.
//
// For a voucher dated D: find the financial year that contains D and its last day E (the company's
// financial-year end is "MM-DD"); keep through 31 December of year(E) + years; delete from 1 January
// of the year after.
import { stockholmDay } from "../privacy/legal-clock";

export type BookkeepingHold = {
  /** The voucher's date (Stockholm). */
  date: string;
  /** The last day of the financial year the voucher belongs to. */
  financialYearEnd: string;
  /** The last day the record must be kept. */
  keepThrough: string;
  /** The first day the record may (and must) be deleted. */
  deleteFrom: string;
};

/** The last day of the financial year containing `date`, for a financial year ending on `fyEnd` ("MM-DD"). */
export function financialYearEndOf(date: string, fyEnd: string): string {
  const { y } = parseDate(date);
  const m = /^(\d{2})-(\d{2})$/.exec(fyEnd);
  if (!m) throw new RangeError(`financial-year end must be MM-DD, got ${JSON.stringify(fyEnd)}`);
  const month = Number(m[1]);
  const day = Number(m[2]);
  if (month < 1 || month > 12 || day < 1 || day > 31) throw new RangeError(`no such day: ${fyEnd}`);
  // A year ending "02-29" (or "04-31") ends on the month's last day when that day does not exist.
  const endThisYear = isoDate(y, month, Math.min(day, daysInMonth(y, month)));
  return date <= endThisYear ? endThisYear : isoDate(y + 1, month, Math.min(day, daysInMonth(y + 1, month)));
}

export function bookkeepingHold(date: string, fyEnd: string, years: number): BookkeepingHold {
  if (!Number.isInteger(years) || years < 1)
    throw new RangeError(`years must be a positive integer, got ${years}`);
  const financialYearEnd = financialYearEndOf(date, fyEnd);
  const lastYear = Number(financialYearEnd.slice(0, 4)) + years;
  return {
    date,
    financialYearEnd,
    keepThrough: `${lastYear}-12-31`,
    deleteFrom: `${lastYear + 1}-01-01`,
  };
}

/** The hold of a voucher dated at an instant (its Stockholm calendar day counts). */
export function bookkeepingHoldAt(instant: Date, fyEnd: string, years: number): BookkeepingHold {
  return bookkeepingHold(stockholmDay(instant), fyEnd, years);
}

/**
 * The first instant of `deleteFrom` in Stockholm: Record.deleteAfter. deleteFrom is always a
 * 1 January, when Sweden is on CET (UTC+01:00), so the offset is fixed.
 */
export function deleteAfterInstant(deleteFrom: string): Date {
  parseDate(deleteFrom);
  if (!deleteFrom.endsWith("-01-01")) throw new RangeError(`deleteFrom must be a 1 January: ${deleteFrom}`);
  return new Date(`${deleteFrom}T00:00:00+01:00`);
}

/** True while the record must still be kept on `now`'s Stockholm day. */
export function isStillHeld(hold: BookkeepingHold, now: Date): boolean {
  return stockholmDay(now) <= hold.keepThrough;
}

function parseDate(date: string): { y: number; m: number; d: number } {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!m) throw new RangeError(`not an ISO date: ${JSON.stringify(date)}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`no such date: ${date}`);
  return { y, m: mo, d };
}

function daysInMonth(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

function isoDate(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}
