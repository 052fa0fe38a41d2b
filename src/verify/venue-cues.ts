import type { VenueStatus } from '../core/digest.ts';

/**
 * The words that state a venue status in a comment ("accepted to", "submitted to", "under review
 * at", "published in", "appearing in" ...). A cue's status is what its words say, nothing more.
 */

export interface Cue {
  status: VenueStatus;
  start: number;
  end: number;
  text: string;
}

// Order matters only for equal starts: the longer phrase ("to be published in") wins.
const cuePatterns: [RegExp, VenueStatus][] = [
  [/\b(?:to be|will be)\s+(?:published|presented)\s+(?:in|at|by|as|on)\b/gi, 'accepted'],
  [
    /(?<!\bif\s)(?<!\bonce\s)\b(?:conditionally\s+)?ac(?:cepted|cepte|cpeted|cpected|epted|cpetd)\b(?:\s+(?:as|for|to|at|by|in|into|on|with)\b)?/gi,
    'accepted',
  ],
  [/\baccept\s+(?:to|at|by|in)\b/gi, 'accepted'],
  // "Accept-demonstration at BHASHA Workshop".
  [/\baccept-[a-z]+\s+(?:to|at|by|in)\b/gi, 'accepted'],
  [/\b(?:to|will)\s+appear\b(?:\s+(?:in|at|on)\b)?/gi, 'accepted'],
  [/\bforthcoming\b(?:\s+(?:in|at)\b)?/gi, 'accepted'],
  [/\bin\s+press\b/gi, 'accepted'],
  [/\bcamera[-\s]ready\b(?:\s+(?:version\s+)?(?:for|of|at|to)\b)?/gi, 'accepted'],
  [
    /\b(?:oral|spotlight|poster|highlight)(?:\s+(?:presentation|paper|talk))?(?:\s*\([^()]{1,20}\))?\s+(?:at|in|for|of)\b/gi,
    'accepted',
  ],
  [/\b(?:invited\s+)?(?:oral\s+|poster\s+)?presentation\s+(?:at|in)\b/gi, 'accepted'],
  [/\bpublished\s+(?:in|at|as|on|with|to)\b/gi, 'published'],
  // "Appeared at the workshop" was presented there; "appeared in" / "appearing in" is print.
  [/\bappeared\s+at\b/gi, 'presented'],
  [/\bappear(?:ed|s|ing)\s+(?:in|at|as)\b/gi, 'published'],
  [/\b(?:in\s+)?(?:the\s+)?proceedings\s+of\b|\bin\s+proceedings\b/gi, 'published'],
  [/\bpresented\s+(?:(?:this|our|the)\s+(?:[\w-]+\s+){0,3})?(?:at|in|as|during|on)\b/gi, 'presented'],
  [/(?<!\bto be\s)(?<!\bbe\s)\bsubmitted\s+(?:to|at|for|in|as)\b/gi, 'submitted'],
  [/(?<!\bto be\s)(?<!\bbe\s)\bsubmitted\b(?=\s*(?:$|[,.;)]))/gi, 'submitted'],
  [/(?<!\bconsidering\s)(?<!\bplanned\s)(?<!\bfor\s)\bsubmission\s+(?:to|at|for)\b/gi, 'submitted'],
  [/\bsubmit\s+to\b/gi, 'submitted'],
  [/\bunder\s+the\s+review\s+of\b/gi, 'under_review'],
  [/\bunder\s+peer[\s-]review\b(?:\s+(?:at|for|in|by|with)\b)?/gi, 'under_review'],
  [/\bundergoing\s+(?:peer\s+)?review\b(?:\s+(?:at|for|in|by|with)\b)?/gi, 'under_review'],
  [/\bunder[\s-]?review\b(?:\s+(?:at|for|in|by|with|of)\b)?/gi, 'under_review'],
  [/\bunder\s+(?:submission|consideration|revision)\b(?:\s+(?:at|to|for|in|by)\b)?/gi, 'under_review'],
  [/\bin\s+(?:submission|review)\b/gi, 'under_review'],
];

export const statusRank: Record<VenueStatus, number> = {
  published: 5,
  accepted: 4,
  presented: 3,
  under_review: 2,
  submitted: 1,
};

export const positive = (status: VenueStatus) =>
  status === 'accepted' || status === 'published' || status === 'presented';

export function findCues(text: string, boundaries: number[]): Cue[] {
  const cues: Cue[] = [];
  for (const [pattern, status] of cuePatterns) {
    for (const match of text.matchAll(pattern)) {
      cues.push({ status, start: match.index, end: match.index + match[0].length, text: match[0] });
    }
  }
  cues.sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Cue[] = [];
  for (const cue of cues) {
    const last = kept[kept.length - 1];
    if (last && cue.start < last.end) continue;
    // "To appear in: X: Companion Proceedings of Y" - the proceedings belong to the statement before.
    const sameSentence = last && !boundaries.some((position) => position >= last.end && position < cue.start);
    if (sameSentence && /proceedings/i.test(cue.text)) continue;
    kept.push(cue);
  }
  return kept;
}
