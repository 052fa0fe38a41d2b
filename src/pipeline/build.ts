import type { Clock, DateWindow } from '../core/dates.ts';
import type { Digest, Language, PaperSummary, PreferenceReason, VenueFact } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import type { Paper } from '../core/paper.ts';
import type { Topic } from '../core/topic.ts';
import { clusterPapers, nameDirections } from '../directions/index.ts';
import type { DirectionNamer } from '../directions/types.ts';
import { selectFromStore } from '../select/from-store.ts';
import { applyPreferences, type ReaderPreferences } from '../select/preferences.ts';
import { type Selection, selectPapers } from '../select/select.ts';
import type { PaperStore } from '../store/types.ts';
import { extractiveSummary } from '../summarize/engine.ts';
import type { SummaryEngine, SummaryStats } from '../summarize/types.ts';
import { computeTrends } from '../trends/index.ts';
import { directionSimilarity } from '../trends/similarity.ts';
import type { CheckReport } from '../verify/check.ts';
import { extractVenue } from '../verify/venue.ts';
import { assembleDigest, topicTitle } from './digest.ts';
import { type GroundingOutcome, groundSummaries } from './grounding.ts';
import { storeMonthlyCounts } from './history.ts';
import { type BuildOutputs, writeBuildOutputs } from './outputs.ts';

export interface BuildSettings {
  store: PaperStore;
  topic: Topic;
  language: Language;
  window: DateWindow;
  /** --input: these papers as given instead of the store's window. */
  input: Paper[] | null;
  limit: number | null;
  includeReplaced: boolean;
  includeSeen: boolean;
  engine: SummaryEngine;
  namer: DirectionNamer;
  /** --embeddings: vectors from the provider instead of TF-IDF. */
  embed?: (texts: string[]) => Promise<number[][]>;
  /** The reader's preferences (topic `prefer:` and --library); absent: topic relevance only. */
  preferences?: ReaderPreferences | null;
  outDir: string;
  siteDir: string | null;
  siteUrl?: string;
  /** Also write <slug>.html next to the Markdown. */
  html: boolean;
  clock: Clock;
  onStage?: (stage: string, done: number, total: number) => void;
}

/** Titles and abstracts of papers, from this digest when there, else from the store. */
function paperTexts(store: PaperStore, ids: string[], digestPapers: Paper[]): string[] {
  const known = new Map(digestPapers.map((paper) => [paper.id, paper]));
  const missing = ids.filter((id) => !known.has(id));
  for (const paper of store.getMany(missing)) known.set(paper.id, paper);
  return ids.flatMap((id) => {
    const paper = known.get(id);
    return paper ? [`${paper.title}\n${paper.abstract ?? ''}`] : [];
  });
}

export interface BuildResult {
  digest: Digest;
  selection: Selection;
  summaryStats: SummaryStats;
  grounding: GroundingOutcome;
  check: CheckReport;
  outputs: BuildOutputs;
  runId: number;
  warnings: string[];
}

/**
 * One digest, start to end: select -> summarize -> ground -> directions -> trends -> render ->
 * check -> write -> remember the run. The stages are pure; this function is where they meet the
 * store and the file system.
 */
export async function buildDigest(settings: BuildSettings): Promise<BuildResult | null> {
  const { store, topic, language, window } = settings;
  const stage = settings.onStage ?? (() => {});
  const warnings: string[] = [];

  const { preferences } = settings;
  // With preferences the limit is applied after them: they decide who is in, not only the order.
  const limit = preferences ? null : settings.limit;
  let selection = settings.input
    ? selectPapers(settings.input, {
        topic,
        window: null,
        limit,
        includeReplaced: settings.includeReplaced,
        seenIds: new Set(),
        asGiven: true,
      })
    : selectFromStore(store, {
        topic,
        window,
        limit,
        eventualLimit: settings.limit,
        includeReplaced: settings.includeReplaced,
        seenIds: settings.includeSeen ? new Set() : store.featuredPaperIds(topic.name, window),
      });
  let preferenceReasons: Map<string, PreferenceReason[]> | undefined;
  if (preferences) {
    const preferred = await applyPreferences(selection, preferences, {
      limit: settings.limit,
      ...(settings.embed ? { embed: settings.embed } : {}),
    });
    selection = preferred.selection;
    preferenceReasons = preferred.reasons;
  }
  const papers = selection.papers.map((entry) => entry.paper);
  if (papers.length === 0) return null;
  if (selection.dropped.seen > 0)
    warnings.push(
      `${selection.dropped.seen} papers left out: already featured in an earlier digest (--include-seen keeps them)`,
    );

  stage('summaries', 0, papers.length);
  const summarized = await settings.engine.summarizeAll(
    papers.map((paper) => ({ paper, language })),
    { onProgress: (done, total) => stage('summaries', done, total) },
  );
  const summaries = new Map<string, PaperSummary>();
  for (const paper of papers)
    summaries.set(paper.id, summarized.summaries.get(paper.id) ?? extractiveSummary(paper, language));
  const grounding = await groundSummaries(papers, summaries, settings.engine, language);
  for (const fallback of summarized.stats.fallbacks)
    warnings.push(`${fallback.paperId}: extractive summary (${fallback.reason})`);
  if (summarized.stats.leftUndone.length > 0) {
    warnings.push(
      `token budget reached: ${summarized.stats.leftUndone.length} papers left to the extractive engine (${summarized.stats.leftUndone.join(', ')})`,
    );
  }
  for (const replaced of grounding.replaced)
    warnings.push(`${replaced.paperId}: extractive summary (${replaced.reason})`);

  const venues = new Map<string, VenueFact | null>();
  for (const paper of papers) {
    const fact = extractVenue({ comments: paper.comments, journalRef: paper.journalRef, doi: paper.doi });
    venues.set(paper.id, fact.venue && fact.status ? fact : null);
  }

  stage('directions', 0, 1);
  const directionPapers = papers.map((paper) => ({
    id: paper.id,
    title: paper.title,
    abstract: paper.abstract,
    primaryCategory: paper.primaryCategory,
  }));
  const vectors = settings.embed
    ? await settings.embed(directionPapers.map((paper) => `${paper.title}\n${paper.abstract ?? ''}`))
    : undefined;
  const clustering = clusterPapers(directionPapers, { vectors });
  const directions = await nameDirections(clustering, directionPapers, language, settings.namer);

  stage('trends', 0, 1);
  const previous = store.previousRun(topic.name, language, window);
  const trends = computeTrends({
    language,
    topicName: topic.name,
    topicTitle: topicTitle(topic, language),
    window,
    directions,
    totalPapers: papers.length,
    replacedCount: selection.replacedCount,
    versionPolicy: selection.policy,
    monthly: storeMonthlyCounts(store, topic, directions, window.to),
    storedDays: (months) => store.daysWithPapers(months, window.to),
    previous: previous
      ? {
          window: previous.window,
          directions: previous.directions,
          similarity: directionSimilarity(
            directions.map((direction) => paperTexts(store, direction.paperIds, papers)),
            previous.directions.map((direction) => paperTexts(store, direction.paperIds, papers)),
          ),
        }
      : null,
  });

  const digest = assembleDigest({
    topic,
    language,
    window,
    versionPolicy: selection.policy,
    papers: selection.papers,
    ...(preferenceReasons ? { preferences: preferenceReasons } : {}),
    summaries: grounding.summaries,
    venues,
    directions,
    trends,
  });

  stage('writing', 0, 1);
  const written = await writeBuildOutputs({ digest, store, settings, papers });
  if (written.check.unsupported.length > 0) {
    warnings.push(
      `claim check failed (${written.check.unsupported.length} unsupported): post written as draft, report at ${written.outputs.report}`,
    );
  }
  for (const paper of papers) {
    const summary = grounding.summaries.get(paper.id);
    if (summary) store.indexSummary(paper.id, language, summary.text);
  }
  if (!written.runId) throw new DigestError('INTERNAL', 'the run was not saved');
  return {
    digest: written.digest,
    selection,
    summaryStats: settings.engine.totals(),
    grounding,
    check: written.check,
    outputs: written.outputs,
    runId: written.runId,
    warnings,
  };
}
