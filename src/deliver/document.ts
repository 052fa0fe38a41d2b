import type { DeliveryDigest, Line } from './model.ts';

/**
 * The digest as a list of units (header, one per paper, one per direction, trends) made of lines of
 * spans. Channels render spans in their own syntax; the splitter packs whole units into messages,
 * so a message boundary falls only between papers or sections.
 */
export interface Unit {
  lines: Line[];
  /** arXiv ids the unit presents (a paper unit: its paper). */
  paperIds: string[];
}

const words = {
  zh: { key: '关键创新：', readMore: '阅读全文', papers: (count: number) => `共 ${count} 篇论文` },
  en: {
    key: 'Key innovation: ',
    readMore: 'Read the full post',
    papers: (count: number) => `${count} papers`,
  },
} as const;

export function digestUnits(digest: DeliveryDigest): Unit[] {
  const text = words[digest.language];
  const header: Line[] = [[{ text: digest.title, bold: true }]];
  if (digest.overview) header.push([{ text: digest.overview }]);
  if (digest.postUrl) header.push([{ text: text.readMore, url: digest.postUrl }]);
  const units: Unit[] = [{ lines: header, paperIds: [] }];
  digest.papers.forEach((paper, index) => {
    const lines: Line[] = [[{ text: `${index + 1}. ` }, { text: paper.title, url: paper.url }]];
    if (paper.keyInnovation) lines.push([{ text: text.key }, { text: paper.keyInnovation, bold: true }]);
    if (paper.venue) lines.push([{ text: paper.venue }]);
    units.push({ lines, paperIds: [paper.id] });
  });
  digest.directions.forEach((direction, index) => {
    const lines: Line[] = [];
    // The section heading travels with the first direction: a heading alone never ends a message.
    if (index === 0 && digest.directionsHeading) lines.push([{ text: digest.directionsHeading, bold: true }]);
    lines.push([{ text: `${index + 1}. ` }, { text: direction.name, bold: true }]);
    if (direction.overview) lines.push([{ text: direction.overview }]);
    for (const paper of direction.papers) {
      const line: Line = [{ text: '• ' }, { text: paper.title, url: paper.url }];
      if (paper.note) line.push({ text: ` (${paper.note})` });
      lines.push(line);
    }
    // Directions mention papers already presented: only paper units count as delivering a paper.
    units.push({ lines, paperIds: [] });
  });
  if (digest.trends.length > 0 || digest.trendIntro.length > 0) {
    const lines: Line[] = [];
    if (digest.trendsHeading) lines.push([{ text: digest.trendsHeading, bold: true }]);
    for (const intro of digest.trendIntro) lines.push([{ text: intro }]);
    digest.trends.forEach((trend, index) => {
      lines.push([{ text: `${index + 1}. ${trend}` }]);
    });
    units.push({ lines, paperIds: [] });
  }
  if (digest.postUrl && digest.papers.length > 0) {
    units.push({
      lines: [
        [{ text: `${text.papers(digest.papers.length)} · ` }, { text: text.readMore, url: digest.postUrl }],
      ],
      paperIds: [],
    });
  }
  return units;
}
