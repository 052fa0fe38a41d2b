import type { Language, PaperSummary } from '../core/digest.ts';
import { maskMath } from '../core/math.ts';
import type { Paper } from '../core/paper.ts';
import { isInstruction, sentences, terms, words } from '../core/text.ts';
import { keyPhrase, titlePhrase } from './key-phrase.ts';
import { stripLatex } from './latex.ts';
import { emptyStats, type SummaryEngine, type SummaryStats } from './types.ts';

/**
 * The offline engine: picks the abstract's sentences that state the contribution (TextRank over
 * shared terms, plus cue phrases and a position prior) and names the key clause. It never writes
 * a word that is not in the abstract; for zh the text stays English and the renderer puts the
 * Chinese frame around it.
 */

// The whole summary, in words. Sentences are never cut: one that does not fit is left out, and a
// contribution sentence longer than this stands alone.
const maxWords = 70;
const maxSentences = 3;

interface Cue {
  pattern: RegExp;
  weight: number;
  /** False when the match does not precede the contribution's object ("this paper"). */
  hasObject: boolean;
}

// "We further propose ..." names a secondary contribution; it weighs less than "We propose ...".
const secondary = '(?:further|also|then|additionally|moreover|next|finally|subsequently)';
const adverb = String.raw`(?:(?:\w+ly|first|here|thus|therefore|hence|instead)\s+)?`;
const subject =
  '(?:we|this (?:paper|work|study|article|letter|survey|review)|in this (?:paper|work|study),? we|here,? we)';
const cues: readonly Cue[] = [
  {
    pattern: new RegExp(String.raw`\b${subject}\s+${adverb}(?:propose|introduce|present)[sd]?\s+`, 'i'),
    weight: 1,
    hasObject: true,
  },
  {
    pattern: /\bour (?:key|core|main|central) (?:idea|insight|contribution) is(?: to)?\s+/i,
    weight: 0.9,
    hasObject: true,
  },
  {
    pattern: new RegExp(
      String.raw`\b${subject}\s+${adverb}(?:develop|design|build|construct|devise|formulate|release|curate|contribute|offer)(?:s|d|ed)?\s+`,
      'i',
    ),
    weight: 0.8,
    hasObject: true,
  },
  {
    pattern: new RegExp(
      String.raw`\b${subject}\s+${secondary}\s+(?:propose|introduce|present|develop|design|build|construct|curate)[sd]?\s+`,
      'i',
    ),
    weight: 0.7,
    hasObject: true,
  },
  { pattern: /\b(?:this (?:paper|work)|in this (?:paper|work))\b/i, weight: 0.4, hasObject: false },
];

// Background and motivation sentences rank high in TextRank (they share the topic's words) but say
// nothing about the contribution.
const backgroundOpening =
  /^(?:however|while|although|despite|existing|current|prior|previous|recent|traditional|conventional|most|many|more critically|yet|unfortunately)\b/i;
const resultStatement =
  /\b(?:outperform|surpass|achiev|improv|state-of-the-art|(?:experiments?|results|evaluations?|analys[ie]s) (?:\w+ )?(?:show|demonstrate|reveal|indicate|confirm))/i;
// Sentences that lean on the one before ("This is ...", "However, ..."): without it they lose their
// referent. "This paper/work ..." names the paper itself and stands alone.
const anaphoricOpening =
  /^(?:(?:this|these|those|such)\b(?!\s+(?:paper|work|study|article|letter|survey|review|thesis|report|manuscript|tutorial|chapter)\b)|(?:it|its|they|their|them|however|moreover|furthermore|thus|therefore|hence|consequently|additionally|in addition|as a result|nevertheless|nonetheless|specifically|meanwhile|besides|instead|in contrast|conversely|similarly|likewise|accordingly)\b)/i;
// Markup in an abstract ("</paper>") is addressed to a model, like an injected instruction
// (isInstruction): neither is ever quoted as the paper's claim.
const markupTag = /<\/?[a-z][\w-]*>/i;
// Links and code/data availability notes are housekeeping, never summary content.
const housekeeping =
  /https?:\/\/|\bgithub\b|\b(?:code|data|models?|datasets?|weights)\b[^.]{0,40}\b(?:is|are|will be) (?:publicly |made )?(?:available|released)/i;

interface ScoredSentence {
  index: number;
  text: string;
  wordCount: number;
  cue: { weight: number; objectStart: number | null } | null;
  score: number;
  eligible: boolean;
  /** Opens with an anaphor or connective: it reads well only right after its predecessor. */
  leans: boolean;
  result: boolean;
}

function findCue(sentence: string): ScoredSentence['cue'] {
  for (const cue of cues) {
    const match = cue.pattern.exec(sentence);
    if (match) {
      return { weight: cue.weight, objectStart: cue.hasObject ? match.index + match[0].length : null };
    }
  }
  return null;
}

/** TextRank: PageRank over the sentence graph weighted by shared-term similarity. */
function textRank(termSets: Set<string>[], iterations = 40, damping = 0.85): number[] {
  const count = termSets.length;
  const weights = termSets.map((left, i) =>
    termSets.map((right, j) => {
      if (i === j || left.size === 0 || right.size === 0) return 0;
      let shared = 0;
      for (const term of left) if (right.has(term)) shared += 1;
      const norm = Math.log(left.size + 1) + Math.log(right.size + 1);
      return shared / norm;
    }),
  );
  const outSums = weights.map((row) => row.reduce((sum, weight) => sum + weight, 0));
  let ranks = new Array<number>(count).fill(1 / count);
  for (let iteration = 0; iteration < iterations; iteration++) {
    ranks = ranks.map((_rank, i) => {
      let incoming = 0;
      for (let j = 0; j < count; j++) {
        const outSum = outSums[j] ?? 0;
        if (outSum > 0) incoming += ((weights[j]?.[i] ?? 0) / outSum) * (ranks[j] ?? 0);
      }
      return (1 - damping) / count + damping * incoming;
    });
  }
  return ranks;
}

function scoreSentences(abstractSentences: string[]): ScoredSentence[] {
  const ranks = textRank(abstractSentences.map((sentence) => new Set(terms(sentence))));
  const maxRank = Math.max(...ranks, Number.MIN_VALUE);
  const count = abstractSentences.length;
  return abstractSentences.map((text, index) => {
    const wordCount = text.split(/\s+/).length;
    const cue = findCue(text);
    let score = (ranks[index] ?? 0) / maxRank + (cue ? cue.weight * 0.6 : 0) + 0.15 * (1 - index / count);
    if (backgroundOpening.test(text) && !cue) score -= 0.3;
    if (resultStatement.test(text)) score += 0.15;
    if (wordCount < 6) score -= 0.3;
    const leans = anaphoricOpening.test(text);
    if (leans) score -= 0.2;
    return {
      index,
      text,
      wordCount,
      cue,
      score,
      eligible: !housekeeping.test(text) && !markupTag.test(text) && !isInstruction(text),
      leans,
      result: resultStatement.test(text),
    };
  });
}

/**
 * The contribution sentence (strongest cue, else best score), then the best result sentence after it,
 * then the best other sentence after it (one before it only when nothing after fits), while the total
 * stays within `maxWords`. A sentence that leans on its predecessor is taken only right after it; a
 * leaning contribution sentence brings its predecessor along when that fits, else a contribution
 * sentence that stands alone is preferred.
 */
function chooseSentences(all: ScoredSentence[]): ScoredSentence[] {
  const eligible = all.filter((sentence) => sentence.eligible);
  const scored = eligible.length > 0 ? eligible : all;
  const byScore = [...scored].sort((left, right) => right.score - left.score || left.index - right.index);
  const chosen: ScoredSentence[] = [];
  let total = 0;
  const take = (sentence: ScoredSentence) => {
    chosen.push(sentence);
    total += sentence.wordCount;
  };
  const standsHere = (sentence: ScoredSentence) =>
    !sentence.leans || chosen.some((other) => other.index === sentence.index - 1);
  const fits = (sentence: ScoredSentence) => total + sentence.wordCount <= maxWords;
  // The sentence a leaning one needs, when it stands alone and both fit together.
  const support = (sentence: ScoredSentence) => {
    const before = scored.find((other) => other.index === sentence.index - 1);
    return before && !before.leans && before.wordCount + sentence.wordCount <= maxWords ? before : null;
  };

  const cues = scored
    .filter((sentence) => sentence.cue !== null)
    .sort((left, right) => (right.cue?.weight ?? 0) - (left.cue?.weight ?? 0) || left.index - right.index);
  const strongest = cues[0];
  const first =
    strongest && (!strongest.leans || support(strongest))
      ? strongest
      : (cues.find((sentence) => !sentence.leans) ??
        strongest ??
        byScore.find((sentence) => !sentence.leans) ??
        (byScore[0] as ScoredSentence));
  const needed = first.leans ? support(first) : null;
  if (needed) take(needed);
  take(first);

  // What follows the contribution (method details, results) says more about the paper than the
  // background before it, which is read only when nothing after it fits.
  const after = byScore.filter((sentence) => sentence.index > first.index);
  const results = after.filter((sentence) => sentence.result);
  for (const pool of [results, after, byScore]) {
    if (pool === byScore && chosen.length > 1) break;
    for (const candidate of pool) {
      if (chosen.length >= maxSentences || (pool === results && chosen.length > 1)) break;
      if (chosen.includes(candidate) || !fits(candidate) || !standsHere(candidate)) continue;
      take(candidate);
      if (pool === results) break;
    }
  }
  return chosen.sort((left, right) => left.index - right.index);
}

function noAbstractSummary(paper: Paper, language: Language): PaperSummary {
  const phrase = titlePhrase(stripLatex(paper.title));
  const text =
    language === 'zh'
      ? `arXiv 元数据中没有 ${phrase} 的摘要，因此这里不作概述。`
      : `The stored arXiv metadata has no abstract for ${phrase}, so no summary is given here.`;
  return { text, keyInnovation: phrase, engine: 'extractive', fallbackReason: null, model: null };
}

/**
 * The abstract's sentences, never cut inside a formula: the splitter sees each formula as one
 * opaque token ("$p < 0.05$. Then" has no sentence end inside), and gets it back verbatim.
 */
export function mathSafeSentences(text: string): string[] {
  const { masked, restore } = maskMath(text);
  return sentences(masked).map(restore);
}

/** The extractive summary of one paper (pure and deterministic). */
export function extractiveSummary(paper: Paper, language: Language): PaperSummary {
  const abstract = paper.abstract ? stripLatex(paper.abstract).replace(/\s*\n\s*/g, ' ') : '';
  const abstractSentences = mathSafeSentences(abstract).filter((sentence) => words(sentence).length > 0);
  if (abstractSentences.length === 0) return noAbstractSummary(paper, language);
  const chosen = chooseSentences(scoreSentences(abstractSentences));
  const text = chosen.map((sentence) => sentence.text).join(' ');
  const lead =
    [...chosen]
      .filter((sentence) => sentence.cue?.objectStart != null)
      .sort(
        (left, right) => (right.cue?.weight ?? 0) - (left.cue?.weight ?? 0) || left.index - right.index,
      )[0] ?? [...chosen].sort((left, right) => right.score - left.score || left.index - right.index)[0];
  const source =
    lead?.cue?.objectStart != null ? lead.text.slice(lead.cue.objectStart) : (lead?.text ?? text);
  let phrase = keyPhrase(source, lead?.cue?.objectStart == null);
  if (!phrase || !text.includes(phrase)) phrase = keyPhrase(text, true) || (chosen[0]?.text ?? text);
  return { text, keyInnovation: phrase, engine: 'extractive', fallbackReason: null, model: null };
}

export function createExtractiveEngine(): SummaryEngine {
  const totals = emptyStats('extractive');
  return {
    name: 'extractive',
    async summarizeAll(jobs, options = {}) {
      const summaries = new Map<string, PaperSummary>();
      const stats: SummaryStats = emptyStats('extractive');
      jobs.forEach((job, index) => {
        if (options.signal?.aborted) throw options.signal.reason;
        summaries.set(job.paper.id, extractiveSummary(job.paper, job.language));
        options.onProgress?.(index + 1, jobs.length);
      });
      return { summaries, stats };
    },
    async resummarize(job) {
      // The extractive text is the abstract's own sentences; asking again gives the same answer.
      return extractiveSummary(job.paper, job.language);
    },
    totals: () => ({ ...totals }),
  };
}
