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
 * --since-last: from the day after the previous run's end to yesterday. Returns null when nothing
 * was asked (the caller picks a default).
 */
export function resolveWindow(flags: WindowFlags, clock: Clock): DateWindow | null {
  const given = [
    flags.from || flags.to ? '--from/--to' : null,
    flags.days ? '--days' : null,
    flags.sinceLast !== undefined ? '--since-last' : null,
  ].filter((name) => name !== null);
  if (given.length > 1) {
    throw new DigestError('USAGE', `${given.join(' and ')} cannot be combined`, {
      hint: 'pick one way to set the window',
    });
  }
  const yesterday = addDays(toIsoDate(clock.now()), -1);
  if (flags.from || flags.to) {
    const from = flags.from ? parseIsoDate(flags.from, '--from') : undefined;
    const to = flags.to ? parseIsoDate(flags.to, '--to') : undefined;
    return checkWindow({ from: from ?? addDays(to as string, -6), to: to ?? addDays(from as string, 6) });
  }
  if (flags.days) return { from: addDays(yesterday, -(flags.days - 1)), to: yesterday };
  if (flags.sinceLast !== undefined) {
    if (flags.sinceLast === null) {
      throw new DigestError('USAGE', '--since-last: this topic has no earlier digest in the store', {
        hint: 'build the first one with --days N or --from/--to',
      });
    }
    const from = addDays(flags.sinceLast, 1);
    if (from > yesterday) {
      throw new DigestError('USAGE', `--since-last: the previous digest already reaches ${flags.sinceLast}`, {
        hint: 'nothing new to cover yet; run again tomorrow',
      });
    }
    return { from, to: yesterday };
  }
  return null;
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
