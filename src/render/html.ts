import { fileURLToPath } from 'node:url';
import { Eta } from 'eta';
import MarkdownIt from 'markdown-it';
import { absUrl } from '../core/arxiv-id.ts';
import type { Digest, DigestPaper, Language } from '../core/digest.ts';
import { DigestError } from '../core/errors.ts';
import { containsCjk, slugify } from '../core/text.ts';
import { venueLabel, venueSentence } from '../verify/venue-sentence.ts';
import type { ChartsSvg } from './charts.ts';
import { boldFirst, oneLine } from './escape.ts';
import { labels } from './labels.ts';
import { monthLabel } from './markdown.ts';
import { digestHasMath, katexStylesheetPath, textWithMathHtml, useMath } from './math-html.ts';
import { searchView } from './search.ts';
import { pageLabels } from './templates/page-labels.ts';

/**
 * The HTML page of a post, rendered from the digest (the same data as the Markdown, not a
 * conversion of it). Untrusted strings reach the page only through eta's autoEscape or through
 * markdown-it with `html: false` over text that escape.ts escaped first; the only raw inserts are
 * the stylesheet and the chart SVGs (vega escapes the text it draws). The page loads nothing:
 * styles are inline and the CSP meta forbids scripts and remote resources.
 */

const templatesDirectory = fileURLToPath(new URL('./templates/', import.meta.url));

const eta = new Eta({ views: templatesDirectory, autoEscape: true, autoTrim: [false, 'nl'], cache: true });

// linkify off: a URL inside an abstract stays text; the only links are the ones we build.
// Formulas ($…$ in the escaped text) are typeset here with KaTeX (math-html.ts).
const markdown = new MarkdownIt({ html: false, linkify: false, typographer: false });
useMath(markdown);

/** Renders one of the templates in src/render/templates (eta, autoEscape on). */
export function renderTemplate(name: string, data: object): string {
  try {
    return eta.render(`./${name}`, data);
  } catch (error) {
    throw new DigestError('INTERNAL', `template ${name} failed: ${(error as Error).message}`, {
      hint: 'this is a bug in arxiv-digest; please report it with the digest JSON',
      cause: error,
    });
  }
}

/** Site paths of the pages, relative to the site root (always "/"-separated). */
export const sitePaths = {
  index: 'index.html',
  /** Topic names are validated as slugs, but digests come from the store: slugify again. */
  topicSegment: (topicName: string): string => slugify(topicName, 'topic'),
  topic: (topicName: string): string => `topics/${sitePaths.topicSegment(topicName)}/index.html`,
  feed: (topicName: string, format: 'atom' | 'rss' | 'json'): string =>
    `topics/${sitePaths.topicSegment(topicName)}/feed.${format}`,
  post: (slug: string): string => `posts/${slugify(slug, 'digest')}.html`,
} as const;

export const feedTypes = {
  atom: 'application/atom+xml',
  rss: 'application/rss+xml',
  json: 'application/feed+json',
} as const;

export const feedFormatNames = { atom: 'Atom', rss: 'RSS', json: 'JSON Feed' } as const;

export interface HtmlPageOptions {
  charts: ChartsSvg;
  /**
   * Relative path from the page to the site root ("../" for posts/x.html). When set, the page links
   * back to the index and its topic page and announces the topic's feeds; when absent it stands alone.
   */
  siteRoot?: string;
  /** Link to the post's Markdown source, relative to the page. */
  markdownHref?: string;
  /**
   * In a site with a search index (needs siteRoot): the search box and the markup Pagefind indexes,
   * its filter names in this language (the site's, so one index has one set of filters).
   */
  searchLanguage?: Language;
}

/**
 * The KaTeX stylesheet for a page that shows formulas, relative to the page: beside a standalone
 * page, under the site root in a site. Null when the page has no formula (nothing to load).
 */
export function katexHref(digest: Digest, siteRoot: string | undefined): string | null {
  return digestHasMath(digest) ? `${siteRoot ?? ''}${katexStylesheetPath}` : null;
}

/**
 * A title split around its ISO dates, so templates can keep each date on one line: browsers break
 * lines after a hyphen, which tore "2025-11-26" into "2025-11-" and "26" in narrow headings.
 */
export function titleParts(title: string): { text: string; date: boolean }[] {
  return title
    .split(/(\d{4}-\d{2}-\d{2})/)
    .filter((text) => text !== '')
    .map((text) => ({ text, date: /^\d{4}-\d{2}-\d{2}$/.test(text) }));
}

/**
 * A fragment id for a paper: "paper-2511.21691" (old-style ids lose their slash). It sits on the
 * paper's heading, not its article: Pagefind makes sub-results (links into the page) from headings
 * with ids, so a search result links to the paper itself.
 */
export function paperAnchor(id: string): string {
  return `paper-${id.replace(/[^A-Za-z0-9._-]/g, '-')}`;
}

function summaryHtml(entry: DigestPaper, language: Language): string {
  const text = labels(language);
  const summary = entry.summary;
  if (summary.text.trim().length === 0) return markdown.renderInline(boldFirst(text.noAbstract, ''));
  // Same framing as the Markdown post: English abstract sentences in a zh post are marked as quoted.
  const frame = language === 'zh' && !containsCjk(summary.text) ? text.quotedAbstractLead : '';
  return markdown.renderInline(`${frame}${boldFirst(summary.text, summary.keyInnovation)}`);
}

function paperView(entry: DigestPaper, language: Language) {
  const { paper } = entry;
  return {
    id: paper.id,
    anchor: paperAnchor(paper.id),
    url: absUrl(paper.id, paper.version),
    title: oneLine(paper.title),
    titleHtml: textWithMathHtml(oneLine(paper.title)),
    authors: paper.authors.map(oneLine).join(', '),
    categories: paper.categories.map(oneLine),
    summaryHtml: summaryHtml(entry, language),
    fallbackNote: entry.summary.fallbackReason ? labels(language).fallbackNote : null,
    venue: venueSentence(entry.venue, language),
    preference: entry.preference?.length
      ? entry.preference.map((reason) => labels(language).preferenceReason(reason))
      : null,
  };
}

function directionViews(digest: Digest) {
  const byId = new Map(digest.papers.map((entry) => [entry.paper.id, entry]));
  const text = labels(digest.language);
  return digest.directions.map((direction, index) => {
    const ids =
      direction.representativeIds.length > 0 ? direction.representativeIds : direction.paperIds.slice(0, 3);
    const representatives = ids.flatMap((id) => {
      const entry = byId.get(id);
      if (!entry) return [];
      const month = monthLabel(entry.paper, digest.language);
      const venue = venueLabel(entry.venue, digest.language);
      return [
        {
          anchor: paperAnchor(id),
          title: oneLine(entry.paper.title),
          titleHtml: textWithMathHtml(oneLine(entry.paper.title)),
          label: venue ? `${month}${text.labelSeparator}${venue}` : month,
        },
      ];
    });
    return {
      anchor: `direction-${index + 1}`,
      name: oneLine(direction.name),
      overview: oneLine(direction.overview),
      paperCount: text.paperCount(direction.paperIds.length),
      representatives,
    };
  });
}

function footerText(digest: Digest): string {
  return `${labels(digest.language).generatedBy(digest.generator)} · arxiv-digest`;
}

/** The standalone (or in-site) HTML page of one digest. */
export function renderHtmlPage(digest: Digest, options: HtmlPageOptions): string {
  const text = labels(digest.language);
  const pageText = pageLabels(digest.language);
  const { siteRoot } = options;
  const history = digest.trends.history;
  const nav =
    siteRoot === undefined
      ? null
      : {
          home: `${siteRoot}${sitePaths.index}`,
          homeText: pageText.allDigests,
          topic: `${siteRoot}${sitePaths.topic(digest.topic.name)}`,
          topicText: oneLine(digest.topic.title),
        };
  const alternates =
    siteRoot === undefined
      ? []
      : (['atom', 'rss', 'json'] as const).map((format) => ({
          type: feedTypes[format],
          title: `${oneLine(digest.topic.title)} (${feedFormatNames[format]})`,
          href: `${siteRoot}${sitePaths.feed(digest.topic.name, format)}`,
        }));
  return renderTemplate('post', {
    page: {
      lang: text.htmlLang,
      title: oneLine(digest.title),
      description: oneLine(digest.description),
      alternates,
      nav,
      footer: footerText(digest),
      search: options.searchLanguage && siteRoot !== undefined ? searchView(siteRoot) : null,
      katexHref: katexHref(digest, siteRoot),
    },
    text,
    pageText,
    filterText: pageLabels(options.searchLanguage ?? digest.language),
    post: {
      title: oneLine(digest.title),
      titleParts: titleParts(oneLine(digest.title)),
      // The topic's name, not its title: one value per topic whatever the post language, for the filter.
      topicName: oneLine(digest.topic.name),
      languageName: pageText.languageName,
      description: oneLine(digest.description),
      date: digest.date,
      windowText: text.dateRange(digest.window.from, digest.window.to),
      paperCount: text.paperCount(digest.papers.length),
      draft: digest.draft,
      draftNotice: text.draftNotice,
      papers: digest.papers.map((entry) => paperView(entry, digest.language)),
      directions: directionViews(digest),
      trends: {
        intro: history.papers > 0 ? text.trendsIntro(history) : '',
        statements: digest.trends.statements.map((statement) => oneLine(statement.text)).filter(Boolean),
      },
      charts: options.charts,
      markdownHref: options.markdownHref ?? null,
    },
  });
}
