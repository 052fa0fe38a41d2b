import { monthOfId } from '../core/arxiv-id.ts';
import { addDays, type Clock, checkWindow, type DateWindow, parseIsoDate, toIsoDate } from '../core/dates.ts';
import { DigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';

export interface WindowFlags {
  from?: string;
  to?: string;
  days?: number;
  /** The previous run's window end, for --since-last. */
  sinceLast?: string | null;
}

/**
 * The digest window. --from/--to as given (one of them alone: the other defaults to a week away);
 * --days N: the N days ending yesterday (UTC), so a daily cron never builds a half-announced day;
 * --since-last: from the day after the previous run's end to yesterday, or to --to when given (a
 * store idle for months need not catch up to today in one post). Returns null when nothing was
 * asked (the caller picks a default).
 */
export function resolveWindow(flags: WindowFlags, clock: Clock): DateWindow | null {
  const sinceLast = flags.sinceLast !== undefined;
  const range = sinceLast ? (flags.from ? '--from' : null) : flags.from || flags.to ? '--from/--to' : null;
  const given = [range, flags.days ? '--days' : null, sinceLast ? '--since-last' : null].filter(
    (name) => name !== null,
  );
  if (given.length > 1) {
    throw new DigestError('USAGE', `${given.join(' and ')} cannot be combined`, {
      hint: 'pick one way to set the window',
    });
  }
  const yesterday = addDays(toIsoDate(clock.now()), -1);
  if (flags.sinceLast !== undefined) return sinceLastWindow(flags.sinceLast, flags.to, yesterday);
  if (flags.from || flags.to) {
    const from = flags.from ? parseIsoDate(flags.from, '--from') : undefined;
    const to = flags.to ? parseIsoDate(flags.to, '--to') : undefined;
    return checkWindow({ from: from ?? addDays(to as string, -6), to: to ?? addDays(from as string, 6) });
  }
  if (flags.days) return { from: addDays(yesterday, -(flags.days - 1)), to: yesterday };
  return null;
}

function sinceLastWindow(
  previousEnd: string | null,
  toFlag: string | undefined,
  yesterday: string,
): DateWindow {
  if (previousEnd === null) {
    throw new DigestError('USAGE', '--since-last: this topic has no earlier digest in the store', {
      hint: 'build the first one with --days N or --from/--to',
    });
  }
  const from = addDays(previousEnd, 1);
  const to = toFlag ? parseIsoDate(toFlag, '--to') : yesterday;
  if (from > to) {
    throw new DigestError(
      'USAGE',
      `--since-last: the previous digest already reaches ${previousEnd}${toFlag ? `, past --to ${to}` : ''}`,
      { hint: toFlag ? `pass a --to after ${previousEnd}` : 'nothing new to cover yet; run again tomorrow' },
    );
  }
  return { from, to };
}

/** The dates a paper spans: first version (or announcement, or the id's month) to its latest version. */
function paperSpan(paper: Paper): { first: string | null; last: string | null } {
  const idMonth = monthOfId(paper.id);
  const first = paper.published ?? paper.announced ?? (idMonth ? `${idMonth}-01` : null);
  return { first, last: paper.updated ?? first };
}

/** For --input without dates: the span the papers themselves cover, so the post never claims less. */
export function windowOfPapers(papers: Paper[]): DateWindow {
  let from: string | null = null;
  let to: string | null = null;
  for (const paper of papers) {
    const { first, last } = paperSpan(paper);
    if (first && (!from || first < from)) from = first;
    if (last && (!to || last > to)) to = last;
  }
  if (!from || !to) {
    throw new DigestError('INPUT', 'the input papers carry no dates and no arXiv-style ids', {
      hint: 'pass --from and --to',
    });
  }
  return { from, to };
}
