import type { Language, TrendFact, TrendStatement, VersionPolicy } from '../core/digest.ts';

/**
 * Offline trend sentences: each one is filled from facts and names the figures it rests on. Time
 * words are explicit dates and months (never "recent years"), so they cannot outrun the data.
 */

type Values = TrendFact['values'];

const text = (value: number | string | undefined): string => String(value ?? '');
const pct = (value: number | string | undefined): string => `${Number(value ?? 0).toFixed(1)}%`;
const months = (label: number | string | undefined, language: Language): string => {
  const [first, last] = String(label ?? '').split('..');
  if (!last) return first ?? '';
  return language === 'zh' ? `${first} 至 ${last}` : `${first} to ${last}`;
};

/** A matched direction may carry another name last time; say which, or the reader cannot find it. */
const renamed = (name: string, values: Values): boolean =>
  values.previousName !== undefined && values.previousName !== '' && values.previousName !== name;

interface Phrasebook {
  versions(policy: VersionPolicy, values: Values, window: { from: string; to: string }): string;
  largest(name: string, values: Values): string;
  others(parts: string[]): string;
  otherPart(name: string, values: Values): string;
  topicGrowth(topic: string, values: Values, span: Values): string;
  noHistory(span: Values): string;
  directionGrowth(name: string, values: Values): string;
  comparison(parts: string[], window: { from: string; to: string }): string;
  comparisonPart(status: string, name: string, values: Values): string;
}

const zh: Phrasebook = {
  versions: (policy, values, window) =>
    policy === 'as-given'
      ? `本期按输入文件原样收录 ${text(values.total)} 篇论文，其中 ${text(values.replaced)} 篇（${pct(values.percent)}）为更新版本（v2 及以上）。`
      : policy === 'include-replaced'
        ? `本期收录 ${window.from} 至 ${window.to} 的 ${text(values.total)} 篇论文，含 ${text(values.replaced)} 篇更新版本（v2 及以上，${pct(values.percent)}）。`
        : `本期只收录 ${window.from} 至 ${window.to} 首次提交的新论文，共 ${text(values.total)} 篇；更新版本不计入。`,
  largest: (name, values) =>
    `本期最大的方向是“${name}”，占 ${pct(values.percent)}（${text(values.count)}/${text(values.total)} 篇）。`,
  others: (parts) => `其余方向的占比：${parts.join('；')}。`,
  otherPart: (name, values) =>
    `“${name}” ${pct(values.percent)}（${text(values.count)}/${text(values.total)}）`,
  topicGrowth: (topic, values, span) =>
    `库中有数据的 ${text(span.coveredMonths)} 个月（${text(span.fromMonth)} 至 ${text(span.toMonth)}）里，“${topic}”相关论文占全部论文的比例在 ${months(values.recentMonths, 'zh')} 为 ${pct(values.recentShare)}，此前（${months(values.earlierMonths, 'zh')}）为 ${pct(values.earlierShare)}，为此前的 ${Number(values.ratio).toFixed(1)}x。`,
  noHistory: (span) =>
    Number(span.coveredMonths) > 0
      ? `库中只有 ${text(span.fromMonth)} 至 ${text(span.toMonth)} 共 ${text(span.coveredMonths)} 个月的数据（${text(span.storedPapers)} 篇），不足以判断增长趋势；以上占比只描述本期。`
      : `库中没有每月至少 ${text(span.minimum)} 篇论文的历史数据，无法判断增长趋势；以上占比只描述本期（${text(span.windowDays)} 天的窗口）。`,
  directionGrowth: (name, values) =>
    `“${name}”在本主题论文中的占比由 ${pct(values.earlierShare)}（${months(values.earlierMonths, 'zh')}）变为 ${pct(values.recentShare)}（${months(values.recentMonths, 'zh')}），为此前的 ${Number(values.ratio).toFixed(1)}x。`,
  comparison: (parts, window) => `与上一期（${window.from} 至 ${window.to}）相比：${parts.join('；')}。`,
  comparisonPart: (status, name, values) =>
    status === 'new'
      ? `新出现的方向“${name}”（${pct(values.currentShare)}）`
      : status === 'gone'
        ? `上一期的“${name}”（${pct(values.previousShare)}）本期没有对应方向`
        : `${status === 'growing' ? '增长' : status === 'fading' ? '减弱' : '持平'}的方向“${name}”（${renamed(name, values) ? `上一期“${text(values.previousName)}”：` : ''}${pct(values.previousShare)} → ${pct(values.currentShare)}）`,
};

const en: Phrasebook = {
  versions: (policy, values, window) =>
    policy === 'as-given'
      ? `This digest takes the ${text(values.total)} papers of the input file as given; ${text(values.replaced)} of them (${pct(values.percent)}) are replaced versions (v2 or later).`
      : policy === 'include-replaced'
        ? `This digest covers ${text(values.total)} papers from ${window.from} to ${window.to}, including ${text(values.replaced)} replaced versions (v2 or later, ${pct(values.percent)}).`
        : `This digest covers only new submissions first posted from ${window.from} to ${window.to}: ${text(values.total)} papers; replaced versions are left out.`,
  largest: (name, values) =>
    `The largest direction is "${name}" with ${pct(values.percent)} of the papers (${text(values.count)}/${text(values.total)}).`,
  others: (parts) => `The other directions: ${parts.join('; ')}.`,
  otherPart: (name, values) =>
    `"${name}" ${pct(values.percent)} (${text(values.count)}/${text(values.total)})`,
  topicGrowth: (topic, values, span) =>
    `Over the ${text(span.coveredMonths)} months the store covers (${text(span.fromMonth)} to ${text(span.toMonth)}), "${topic}" papers made up ${pct(values.recentShare)} of all papers in ${months(values.recentMonths, 'en')} against ${pct(values.earlierShare)} before (${months(values.earlierMonths, 'en')}): ${Number(values.ratio).toFixed(1)}x.`,
  noHistory: (span) =>
    Number(span.coveredMonths) > 0
      ? `The store holds only ${text(span.coveredMonths)} ${Number(span.coveredMonths) === 1 ? 'month' : 'months'} of data (${text(span.fromMonth)} to ${text(span.toMonth)}, ${text(span.storedPapers)} papers), too little to judge growth; the shares above describe this digest only.`
      : `The store has no month with at least ${text(span.minimum)} papers, so growth cannot be judged; the shares above describe this digest only (a ${text(span.windowDays)}-day window).`,
  directionGrowth: (name, values) =>
    `"${name}" went from ${pct(values.earlierShare)} of the topic's papers (${months(values.earlierMonths, 'en')}) to ${pct(values.recentShare)} (${months(values.recentMonths, 'en')}): ${Number(values.ratio).toFixed(1)}x.`,
  comparison: (parts, window) =>
    `Against the previous digest (${window.from} to ${window.to}): ${parts.join('; ')}.`,
  comparisonPart: (status, name, values) =>
    status === 'new'
      ? `new direction "${name}" (${pct(values.currentShare)})`
      : status === 'gone'
        ? `"${name}" (${pct(values.previousShare)} last time) has no counterpart now`
        : `${status} "${name}" (${pct(values.previousShare)} → ${pct(values.currentShare)})${renamed(name, values) ? `, "${text(values.previousName)}" last time` : ''}`,
};

export interface StatementInputs {
  language: Language;
  topicTitle: string;
  versionPolicy: VersionPolicy;
  window: { from: string; to: string };
  previousWindow: { from: string; to: string } | null;
  facts: TrendFact[];
}

export function trendStatements(inputs: StatementInputs): TrendStatement[] {
  const book = inputs.language === 'zh' ? zh : en;
  const byId = new Map(inputs.facts.map((fact) => [fact.id, fact]));
  const statements: TrendStatement[] = [];
  const versions = byId.get('versions');
  if (versions)
    statements.push({
      text: book.versions(inputs.versionPolicy, versions.values, inputs.window),
      factIds: ['versions'],
    });

  const shares = inputs.facts
    .filter((fact) => fact.kind === 'share' && fact.id.startsWith('share:'))
    .sort((a, b) => Number(b.values.count) - Number(a.values.count) || a.id.localeCompare(b.id));
  const [largest, ...others] = shares;
  if (largest)
    statements.push({ text: book.largest(largest.subject, largest.values), factIds: [largest.id] });
  if (others.length > 0) {
    statements.push({
      text: book.others(others.map((fact) => book.otherPart(fact.subject, fact.values))),
      factIds: others.map((fact) => fact.id),
    });
  }

  const span = byId.get('span');
  const topicGrowth = byId.get('growth:topic');
  if (span && topicGrowth) {
    statements.push({
      text: book.topicGrowth(inputs.topicTitle, topicGrowth.values, span.values),
      factIds: ['growth:topic', 'span'],
    });
  } else if (span) {
    statements.push({ text: book.noHistory(span.values), factIds: ['span'] });
  }
  const directionGrowth = inputs.facts
    .filter((fact) => fact.kind === 'growth' && fact.id !== 'growth:topic')
    .sort(
      (a, b) =>
        Math.abs(Number(b.values.ratio) - 1) - Math.abs(Number(a.values.ratio) - 1) ||
        a.id.localeCompare(b.id),
    )
    .slice(0, 3);
  for (const fact of directionGrowth)
    statements.push({ text: book.directionGrowth(fact.subject, fact.values), factIds: [fact.id] });

  const comparisons = inputs.facts.filter((fact) => fact.kind === 'comparison');
  if (comparisons.length > 0 && inputs.previousWindow) {
    statements.push({
      text: book.comparison(
        comparisons.map((fact) => book.comparisonPart(String(fact.values.status), fact.subject, fact.values)),
        inputs.previousWindow,
      ),
      factIds: comparisons.map((fact) => fact.id),
    });
  }
  return statements;
}
