import { parse as parseYaml } from 'yaml';
import type { Language } from '../core/digest.ts';
import { maskMath } from '../core/math.ts';

/**
 * Reads a digest post back into its parts: frontmatter, one paragraph per paper (author, linked
 * title, summary), the representative papers of the directions section and the trend lines. It is
 * lenient on purpose: it also reads the hand-written seed post (2-space indents, other wording).
 */

export interface MarkdownLink {
  /** Link text, Markdown escapes removed. */
  text: string;
  /** The destination exactly as written between the parentheses. */
  url: string;
  start: number;
  end: number;
}

export interface PaperParagraph {
  link: MarkdownLink;
  /** The author named before the link ("Yusuf Dalva"), or null when none is. */
  author: string | null;
  /** "等人的" / "et al." was written: the post claims several authors. */
  severalAuthors: boolean;
  /** Everything after the link, Markdown removed. */
  summary: string;
  /** The paragraph after it when that one gives reader-preference reasons ("★ …"), Markdown removed. */
  preference: string | null;
}

export interface RepresentativeLine {
  link: MarkdownLink;
  /** The parenthesis after the link: "2025年11月发表于arXiv | NeurIPS 2025". */
  note: string | null;
  line: string;
}

export interface ParsedPost {
  frontmatter: Record<string, unknown>;
  language: Language;
  paragraphs: PaperParagraph[];
  representatives: RepresentativeLine[];
  /** Lines of the trends section that are numbered statements. */
  trendStatements: string[];
  /** Other lines of the trends section (intro, span). */
  trendLines: string[];
  /** Every link in the post, frontmatter strings included. */
  links: MarkdownLink[];
}

/**
 * Removes Markdown emphasis and backslash escapes, leaving the text a reader sees. Formulas are not
 * Markdown: "$k_B T N_q$" keeps its underscores and backslashes, as the renderer hands it to KaTeX.
 */
export function plainText(markdown: string): string {
  const { masked, restore } = maskMath(markdown, { dollarsOnly: true });
  return restore(
    masked
      .replace(/\*\*|__/g, '')
      .replace(/(^|[^\\])[*_](?=\S)|(?<=\S)(?<!\\)[*_](?=$|[^*_\w])/g, '$1')
      .replace(/\\([!-/:-@[-`{-~])/g, '$1')
      .replace(/\s+/g, ' ')
      .trim(),
  );
}

function closingBracket(text: string, open: number): number {
  let depth = 0;
  for (let index = open; index < text.length; index += 1) {
    const character = text[index];
    if (character === '\\') {
      index += 1;
      continue;
    }
    if (character === '\n' && text[index + 1] === '\n') return -1;
    if (character === '[') depth += 1;
    else if (character === ']') {
      depth -= 1;
      if (depth === 0) return index;
    }
  }
  return -1;
}

/** Inline links `[text](url)` with escaped and nested brackets in the text. */
export function findLinks(text: string): MarkdownLink[] {
  const links: MarkdownLink[] = [];
  for (let index = 0; index < text.length; index += 1) {
    if (text[index] === '\\') {
      index += 1;
      continue;
    }
    if (text[index] !== '[') continue;
    const close = closingBracket(text, index);
    if (close === -1 || text[close + 1] !== '(') continue;
    let depth = 0;
    let end = -1;
    for (let position = close + 1; position < text.length; position += 1) {
      const character = text[position];
      if (character === '\n') break;
      if (character === '(') depth += 1;
      else if (character === ')') {
        depth -= 1;
        if (depth === 0) {
          end = position;
          break;
        }
      }
    }
    if (end === -1) continue;
    links.push({
      text: plainText(text.slice(index + 1, close)),
      url: text.slice(close + 2, end),
      start: index,
      end: end + 1,
    });
    index = end;
  }
  return links;
}

const isArxivLink = (link: MarkdownLink) => /arxiv\.org/i.test(link.url);

export function splitFrontmatter(markdown: string): { frontmatter: Record<string, unknown>; body: string } {
  const match = /^\uFEFF?---\r?\n([\s\S]*?)\r?\n---\r?\n?/.exec(markdown);
  if (!match) return { frontmatter: {}, body: markdown };
  let frontmatter: Record<string, unknown> = {};
  try {
    const parsed: unknown = parseYaml(match[1] ?? '');
    if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
      frontmatter = parsed as Record<string, unknown>;
  } catch {
    frontmatter = {};
  }
  return { frontmatter, body: markdown.slice(match[0].length) };
}

function paperParagraph(paragraph: string, language: Language): PaperParagraph | null {
  const link = findLinks(paragraph).find(isArxivLink);
  if (!link) return null;
  const before = plainText(paragraph.slice(0, link.start));
  let author: string | null = null;
  let severalAuthors = false;
  const zh = /^(.*?)\s*(等人的|等人|的)\s*$/.exec(before);
  const en = /^(.*?)(\s+et al\.?)?\s*[,，:]?\s*$/.exec(before);
  if (zh?.[1] && (language === 'zh' || !en?.[2])) {
    author = zh[1].trim();
    severalAuthors = zh[2] !== '的';
  } else if (en?.[1]) {
    author = en[1].trim();
    severalAuthors = Boolean(en[2]);
  }
  const summary = plainText(paragraph.slice(link.end).replace(/^\s*[:：,，]\s*/, ''));
  return { link, author: author || null, severalAuthors, summary, preference: null };
}

/** Splits the post into its parts. */
export function parsePost(markdown: string): ParsedPost {
  const normalized = markdown.replace(/\r\n?/g, '\n');
  const { frontmatter, body } = splitFrontmatter(normalized);
  const declared = typeof frontmatter.lang === 'string' ? frontmatter.lang.toLowerCase() : '';
  const language: Language =
    declared === 'zh' || declared.startsWith('zh-')
      ? 'zh'
      : declared === 'en'
        ? 'en'
        : /等人|研究方向/.test(body)
          ? 'zh'
          : 'en';
  const sections = body.split(/^(?=#{2,4}\s)/m);
  const paragraphs: PaperParagraph[] = [];
  const representatives: RepresentativeLine[] = [];
  const trendStatements: string[] = [];
  const trendLines: string[] = [];
  for (const section of sections) {
    const heading = /^#{2,4}\s+(.*)/.exec(section)?.[1] ?? '';
    if (!heading) {
      for (const paragraph of section.split(/\n\s*\n/)) {
        const parsed = paperParagraph(paragraph.trim(), language);
        if (parsed) paragraphs.push(parsed);
        // A "★ …" paragraph says why the paper before it matches the reader's preferences.
        const previous = paragraphs.at(-1);
        if (!parsed && previous && previous.preference === null && /^★/.test(paragraph.trim()))
          previous.preference = plainText(paragraph.trim());
      }
    } else if (/方向|direction/i.test(heading)) {
      for (const line of section.split('\n')) {
        const link = findLinks(line).find(isArxivLink);
        if (!link) continue;
        const note = /\(([^()]*)\)\s*$/.exec(line.slice(link.end).replace(/\*+\s*/g, ''))?.[1] ?? null;
        representatives.push({ link, note: note ? plainText(note) : null, line: line.trim() });
      }
    } else if (/趋势|trend/i.test(heading)) {
      for (const line of section.split('\n').slice(1)) {
        const trimmed = line.trim();
        if (!trimmed) continue;
        if (/^\d+[.)、]\s*/.test(trimmed))
          trendStatements.push(plainText(trimmed.replace(/^\d+[.)、]\s*/, '')));
        else trendLines.push(plainText(trimmed.replace(/^[-*+]\s+/, '')));
      }
    }
  }
  const frontmatterText = Object.values(frontmatter)
    .filter((value): value is string => typeof value === 'string')
    .join('\n');
  const links = [...findLinks(frontmatterText), ...findLinks(body)];
  return { frontmatter, language, paragraphs, representatives, trendStatements, trendLines, links };
}
