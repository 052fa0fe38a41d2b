import { isValidIsoDate } from '../../core/dates.ts';

const monthNumbers: Record<string, string> = {
  Jan: '01',
  Feb: '02',
  Mar: '03',
  Apr: '04',
  May: '05',
  Jun: '06',
  Jul: '07',
  Aug: '08',
  Sep: '09',
  Oct: '10',
  Nov: '11',
  Dec: '12',
};

const utcZones = new Set(['GMT', 'UT', 'UTC', 'Z']);

const rfc2822Pattern =
  /^(?:[A-Za-z]{3},\s*)?(\d{1,2})\s+([A-Za-z]{3})\s+(\d{4})\s+(\d{2}):(\d{2})(?::(\d{2}))?\s*(GMT|UT|UTC|Z|[+-]\d{4})?$/;

/**
 * "Mon, 2 Apr 2007 19:18:42 GMT" (arXivRaw, Kaggle `versions[].created`; newer arXiv code pads
 * the day: "02 Apr") -> "2007-04-02". arXiv always writes GMT, so the date is read off directly
 * without going through Date (hot path of the Kaggle import); other offsets go through Date.
 */
export function rfc2822ToIsoDate(text: string): string | null {
  const match = rfc2822Pattern.exec(text.trim());
  if (!match) return null;
  const [, day, monthName, year, , , , zone] = match;
  const month = monthNumbers[monthName ?? ''];
  if (!month || !day || !year) return null;
  if (zone && !utcZones.has(zone)) {
    const instant = new Date(text);
    return Number.isNaN(instant.getTime()) ? null : instant.toISOString().slice(0, 10);
  }
  const date = `${year}-${month}-${day.padStart(2, '0')}`;
  return isValidIsoDate(date) ? date : null;
}

const isoTimestampPattern =
  /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?)?$/;

/**
 * "2011-11-08T18:48:36Z" (Atom) or "2014-12-29" (OAI) -> the UTC date "2011-11-08". A timestamp
 * with an offset ("2016-10-09T00:00:00-04:00") is converted to UTC first. Null when not a date.
 */
export function timestampToIsoDate(text: string): string | null {
  const trimmed = text.trim();
  const match = isoTimestampPattern.exec(trimmed);
  if (!match) return null;
  const [, date, time, zone] = match;
  if (!date || !isValidIsoDate(date)) return null;
  if (!time || !zone || zone === 'Z' || /^[+-]00:?00$/.test(zone)) return date;
  const instant = new Date(trimmed);
  return Number.isNaN(instant.getTime()) ? null : instant.toISOString().slice(0, 10);
}
