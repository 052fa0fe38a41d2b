import { type Paper, paperDate } from '../../src/core/paper.ts';

/**
 * A small evaluator of arXiv API search_query syntax for the fake API server: field prefixes
 * (ti, au, abs, co, jr, cat, id, all), double-quoted phrases, AND / OR / ANDNOT, parentheses and
 * submittedDate:[YYYYMMDDHHMM TO YYYYMMDDHHMM]. Matching is case-insensitive word-prefix matching,
 * close enough to arXiv's stemmed search for tests. A paper's submission date is its `published`
 * date, else its announcement (listing) date: the real records mostly lack `published`.
 */

type Node =
  | { kind: 'term'; field: string; value: string }
  | { kind: 'range'; field: string; from: string; to: string }
  | { kind: 'op'; op: 'AND' | 'OR' | 'ANDNOT'; left: Node; right: Node };

export class SearchQueryError extends Error {}

function tokenize(query: string): string[] {
  const tokens: string[] = [];
  const pattern = /\s*(\(|\)|[A-Za-z]+:\[[^\]]*\]|[A-Za-z]+:"[^"]*"|"[^"]*"|[^\s()]+)/y;
  let index = 0;
  while (index < query.length) {
    if (/^\s*$/.test(query.slice(index))) break;
    pattern.lastIndex = index;
    const match = pattern.exec(query);
    if (!match?.[1]) throw new SearchQueryError(`cannot read the query at "${query.slice(index)}"`);
    tokens.push(match[1]);
    index = pattern.lastIndex;
  }
  return tokens;
}

export function parseSearchQuery(query: string): Node {
  const tokens = tokenize(query);
  let position = 0;
  const peek = () => tokens[position];
  const primary = (): Node => {
    const token = tokens[position++];
    if (token === undefined) throw new SearchQueryError('the query ends too early');
    if (token === '(') {
      const inner = orExpression();
      if (tokens[position++] !== ')') throw new SearchQueryError('missing )');
      return inner;
    }
    const range = /^([A-Za-z]+):\[(\d{8,12})\s+TO\s+(\d{8,12})\]$/.exec(token);
    if (range)
      return { kind: 'range', field: range[1] as string, from: range[2] as string, to: range[3] as string };
    const fielded = /^([A-Za-z]+):(.*)$/.exec(token);
    const field = fielded ? (fielded[1] as string) : 'all';
    const value = (fielded ? (fielded[2] as string) : token).replace(/^"|"$/g, '');
    return { kind: 'term', field, value };
  };
  const andExpression = (): Node => {
    let left = primary();
    while (peek() === 'AND' || peek() === 'ANDNOT') {
      const op = tokens[position++] as 'AND' | 'ANDNOT';
      left = { kind: 'op', op, left, right: primary() };
    }
    return left;
  };
  const orExpression = (): Node => {
    let left = andExpression();
    while (peek() === 'OR') {
      position += 1;
      left = { kind: 'op', op: 'OR', left, right: andExpression() };
    }
    return left;
  };
  const tree = orExpression();
  if (position !== tokens.length) throw new SearchQueryError(`unexpected "${tokens[position]}"`);
  return tree;
}

function containsWords(haystack: string, needle: string): boolean {
  const words = needle.toLowerCase().trim();
  if (words.length === 0) return false;
  const escaped = words.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s+');
  return new RegExp(`(^|[^a-z0-9])${escaped}`, 'i').test(haystack);
}

function fieldText(paper: Paper, field: string): string {
  switch (field) {
    case 'ti':
      return paper.title;
    case 'abs':
      return paper.abstract ?? '';
    case 'au':
      return paper.authors.join('; ');
    case 'co':
      return paper.comments ?? '';
    case 'jr':
      return paper.journalRef ?? '';
    default:
      return [paper.title, paper.abstract ?? '', paper.authors.join('; '), paper.comments ?? ''].join('\n');
  }
}

function evaluate(node: Node, paper: Paper): boolean {
  if (node.kind === 'op') {
    const left = evaluate(node.left, paper);
    if (node.op === 'AND') return left && evaluate(node.right, paper);
    if (node.op === 'ANDNOT') return left && !evaluate(node.right, paper);
    return left || evaluate(node.right, paper);
  }
  if (node.kind === 'range') {
    if (node.field !== 'submittedDate' && node.field !== 'lastUpdatedDate') return false;
    const date = node.field === 'submittedDate' ? paperDate(paper) : (paper.updated ?? paperDate(paper));
    if (!date) return false;
    const stamp = `${date.replaceAll('-', '')}0000`;
    return stamp >= node.from.padEnd(12, '0') && stamp <= node.to.padEnd(12, '9');
  }
  if (node.field === 'cat') {
    const wanted = node.value;
    return paper.categories.some((category) =>
      wanted.endsWith('*') ? category.startsWith(wanted.slice(0, -1)) : category === wanted,
    );
  }
  if (node.field === 'id') return paper.id === node.value.replace(/v\d+$/, '');
  return containsWords(fieldText(paper, node.field), node.value);
}

/** Compiles a query once; throws SearchQueryError when it cannot be read. */
export function compileSearchQuery(query: string): (paper: Paper) => boolean {
  const tree = parseSearchQuery(query);
  return (paper) => evaluate(tree, paper);
}
