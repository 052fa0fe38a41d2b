import type { Direction, MonthlyCount } from '../core/digest.ts';
import type { Topic } from '../core/topic.ts';
import { queryPhrases } from '../select/query-terms.ts';
import type { PaperStore } from '../store/types.ts';

/**
 * The phrases that make a paper belong to the topic in the stored history: the topic's query
 * phrases and include keywords.
 */
export function topicPhrases(topic: Topic): string[] {
  return [
    ...new Set([...queryPhrases(topic.query), ...topic.include.map((keyword) => keyword.toLowerCase())]),
  ];
}

/**
 * A direction in the stored history: topic papers that mention two of the direction's top four
 * keywords (one keyword alone, like "video", is too broad to stand for a direction).
 */
export function directionGroups(topic: Topic, direction: Direction): string[][] {
  const keywords = direction.keywords.slice(0, 4);
  const pairs: string[][] = [];
  for (let first = 0; first < keywords.length; first += 1) {
    for (let second = first + 1; second < keywords.length; second += 1) {
      pairs.push([keywords[first] as string, keywords[second] as string]);
    }
  }
  if (pairs.length === 0 && keywords[0]) pairs.push([keywords[0]]);
  return topicPhrases(topic).flatMap((phrase) => pairs.map((pair) => [phrase, ...pair]));
}

/**
 * Monthly counts the trends stage measures: every stored paper, the topic's, each direction's,
 * counting only papers up to `until` (the window's end): a past window's trends never see the
 * months the store holds after it.
 */
export function storeMonthlyCounts(
  store: PaperStore,
  topic: Topic,
  directions: Direction[],
  until: string,
): { all: MonthlyCount[]; topic: MonthlyCount[]; directions: MonthlyCount[][] } {
  const phrases = topicPhrases(topic);
  return {
    all: store.monthlyCounts(null, undefined, until),
    topic:
      phrases.length > 0
        ? store.monthlyCounts(
            phrases.map((phrase) => [phrase]),
            topic.categories,
            until,
          )
        : [],
    directions: directions.map((direction) =>
      store.monthlyCounts(directionGroups(topic, direction), topic.categories, until),
    ),
  };
}
