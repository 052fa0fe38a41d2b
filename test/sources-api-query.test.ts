import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { DigestError } from '../src/core/errors.ts';
import { presetTopics } from '../src/core/topic.ts';
import {
  buildApiUrl,
  buildSearchQuery,
  checkQueryText,
  encodeQueryValue,
  submittedDateRange,
} from '../src/sources/query.ts';

function usageError(pattern: RegExp) {
  return (error: unknown) =>
    error instanceof DigestError && error.code === 'USAGE' && pattern.test(error.message);
}

describe('search_query building', () => {
  test('topic query, categories and window: each parenthesized and ANDed', () => {
    const query = buildSearchQuery({
      query: 'ti:multimodal OR abs:"vision-language"',
      categories: ['cs.CV', 'cs.CL'],
      window: { from: '2025-11-21', to: '2025-11-27' },
    });
    assert.equal(
      query,
      '(ti:multimodal OR abs:"vision-language") AND (cat:cs.CV OR cat:cs.CL) AND submittedDate:[202511210000 TO 202511272359]',
    );
  });

  test('single parts stay bare', () => {
    assert.equal(buildSearchQuery({ query: 'all:multimodal' }), 'all:multimodal');
    assert.equal(buildSearchQuery({ categories: ['cs.CV'] }), 'cat:cs.CV');
    assert.equal(
      buildSearchQuery({ query: 'all:multimodal', categories: [' cs.CV ', 'cs.CV'] }),
      'all:multimodal AND cat:cs.CV',
    );
    assert.equal(
      buildSearchQuery({ window: { from: '2025-11-21', to: '2025-11-21' } }),
      'submittedDate:[202511210000 TO 202511212359]',
    );
  });

  test('a preset topic builds a query the API accepts', () => {
    const topic = presetTopics.find((preset) => preset.name === 'multimodal');
    assert.ok(topic);
    const query = buildSearchQuery({ query: topic.query, categories: topic.categories ?? [] });
    assert.ok(query.startsWith(`(${topic.query}) AND (cat:cs.CV OR `), query);
  });

  test('queries copied from arXiv URLs (+ for spaces) are read as spaces', () => {
    assert.equal(checkQueryText('au:del_maestro+AND+ti:checkerboard'), 'au:del_maestro AND ti:checkerboard');
    assert.equal(checkQueryText('ti:C++'), 'ti:C++');
  });

  test('bad input is a usage error that says what is wrong', () => {
    assert.throws(() => buildSearchQuery({}), usageError(/nothing to search for/));
    assert.throws(() => buildSearchQuery({ query: 'ti:"open' }), usageError(/unbalanced quote/));
    assert.throws(() => buildSearchQuery({ query: '(ti:a OR ti:b' }), usageError(/unbalanced parenthesis/));
    assert.throws(() => buildSearchQuery({ query: 'ti:a) OR (ti:b' }), usageError(/unbalanced parenthesis/));
    assert.throws(
      () => buildSearchQuery({ categories: ['cs CV'] }),
      usageError(/"cs CV" is not an arXiv category/),
    );
    assert.throws(() => submittedDateRange({ from: '2025-02-30', to: '2025-03-01' }), usageError(/--from/));
    assert.throws(
      () => submittedDateRange({ from: '2025-03-02', to: '2025-03-01' }),
      usageError(/after --to/),
    );
  });
});

describe('URL encoding', () => {
  test('spaces as +, quotes and parentheses escaped, colons readable', () => {
    assert.equal(
      encodeQueryValue('au:del_maestro ANDNOT (ti:checkerboard OR ti:"quantum criticality")'),
      'au:del_maestro+ANDNOT+%28ti:checkerboard+OR+ti:%22quantum+criticality%22%29',
    );
    assert.equal(encodeQueryValue('ti:C++ & a=b'), 'ti:C%2B%2B+%26+a%3Db');
  });

  test('the page URL round-trips through a standard query parser', () => {
    const searchQuery =
      '(ti:multimodal OR abs:"vision-language") AND (cat:cs.CV OR cat:cs.CL) AND submittedDate:[202511210000 TO 202511272359]';
    const url = buildApiUrl('https://export.arxiv.org/api/query', {
      searchQuery,
      start: 200,
      maxResults: 100,
    });
    assert.ok(
      url.startsWith(
        'https://export.arxiv.org/api/query?search_query=%28ti:multimodal+OR+abs:%22vision-language%22%29+AND+',
      ),
    );
    const parsed = new URL(url);
    assert.equal(parsed.searchParams.get('search_query'), searchQuery);
    assert.equal(parsed.searchParams.get('start'), '200');
    assert.equal(parsed.searchParams.get('max_results'), '100');
    assert.equal(parsed.searchParams.get('sortBy'), 'submittedDate');
    assert.equal(parsed.searchParams.get('sortOrder'), 'ascending');
    assert.ok(!url.includes(' '));
  });

  test('a base URL that already has parameters gets & not a second ?', () => {
    const url = buildApiUrl('http://127.0.0.1:8080/api/query?key=1', {
      searchQuery: 'cat:cs.CV',
      start: 0,
      maxResults: 10,
    });
    assert.ok(url.startsWith('http://127.0.0.1:8080/api/query?key=1&search_query=cat:cs.CV&start=0'));
  });
});
