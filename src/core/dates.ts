import { DigestError } from './errors.ts';

/** A clock that tests can replace; everything that needs "today" takes one. */
export interface Clock {
  now(): Date;
}

export const systemClock: Clock = { now: () => new Date() };

/** A clock fixed at one instant (tests, reproducible builds). */
export function fixedClock(isoInstant: string): Clock {
  const instant = new Date(isoInstant);
  return { now: () => new Date(instant) };
}

const isoDatePattern = /^(\d{4})-(\d{2})-(\d{2})$/;

/** True for a real calendar date written YYYY-MM-DD (2025-02-30 is not). */
export function isValidIsoDate(text: string): boolean {
  const match = isoDatePattern.exec(text);
  if (!match) return false;
  const date = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().slice(0, 10) === text;
}

/** Parses a user-given YYYY-MM-DD date or throws a usage error that names the option. */
export function parseIsoDate(text: string, what: string): string {
  if (!isValidIsoDate(text)) {
    throw new DigestError('USAGE', `${what} "${text}" is not a valid date`, {
      hint: 'write it as YYYY-MM-DD, e.g. 2025-11-21',
    });
  }
  return text;
}

export function toIsoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

export function addDays(isoDate: string, days: number): string {
  const date = new Date(`${isoDate}T00:00:00Z`);
  date.setUTCDate(date.getUTCDate() + days);
  return toIsoDate(date);
}

/** Whole days from `from` to `to` (both YYYY-MM-DD); positive when `to` is later. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);
}

/** "2025-11-21" -> "2025-11". */
export function monthOf(isoDate: string): string {
  return isoDate.slice(0, 7);
}

/** Every month from `fromMonth` to `toMonth` inclusive ("2025-01" .. "2025-03" -> 3 months). */
export function monthRange(fromMonth: string, toMonth: string): string[] {
  const months: string[] = [];
  let [year, month] = fromMonth.split('-').map(Number) as [number, number];
  const [endYear, endMonth] = toMonth.split('-').map(Number) as [number, number];
  while (year < endYear || (year === endYear && month <= endMonth)) {
    months.push(`${year}-${String(month).padStart(2, '0')}`);
    month += 1;
    if (month > 12) {
      month = 1;
      year += 1;
    }
  }
  return months;
}

/** A date window, both ends inclusive, YYYY-MM-DD. */
export interface DateWindow {
  from: string;
  to: string;
}

export function checkWindow(window: DateWindow): DateWindow {
  if (window.from > window.to) {
    throw new DigestError('USAGE', `--from ${window.from} is after --to ${window.to}`, {
      hint: 'swap them or pick an earlier --from',
    });
  }
  return window;
}
