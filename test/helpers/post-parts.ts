import assert from 'node:assert/strict';
import type { Digest } from '../../src/core/digest.ts';
import { labels } from '../../src/render/labels.ts';

/** Helpers for tests that take a rendered post apart. */

/** A canonical arXiv abstract link: https, optional version, nothing else. */
export const arxivLink =
  /^https:\/\/arxiv\.org\/abs\/(?:\d{4}\.\d{4,5}|[a-z-]+(?:\.[A-Z]{2})?\/\d{7})(?:v[1-9]\d*)?$/;

/** The destinations of all inline Markdown links. */
export function markdownLinks(markdown: string): string[] {
  return [...markdown.matchAll(/\]\(([^)]*)\)/g)].map((match) => match[1] ?? '');
}

/** The YAML between the `---` lines, and the Markdown after them. */
export function splitPost(post: string): { yamlText: string; body: string } {
  const match = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(post);
  assert.ok(match, 'the post starts with a frontmatter block');
  return { yamlText: match[1] ?? '', body: match[2] ?? '' };
}

/** The paper paragraphs: the body blocks before the directions heading. */
export function paperParagraphs(post: string, digest: Digest): string[] {
  const { body } = splitPost(post);
  const heading = `### ${labels(digest.language).directionsHeading}`;
  const [papersPart = ''] = body.split(heading);
  return papersPart
    .split('\n\n')
    .map((block) => block.trim())
    .filter((block) => block.length > 0);
}

/** Text as markdown-it and Hugo escape it in HTML. */
export function escapeHtml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}
