import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { before, describe, it } from 'node:test';
import { parseAtomFeed, parseJsonFeed, parseRssFeed } from 'feedsmith';
import MarkdownIt from 'markdown-it';
import { parse as parseYaml } from 'yaml';
import { runCli, seedPapersFile, temporaryDirectory } from './helpers/cli.ts';

/**
 * Issue 6, part 5: paper metadata is hostile input. Real seed records get titles, abstracts and
 * authors with <script>, <img onerror>, ](javascript:…), Markdown link syntax, YAML-breaking text
 * (---, ": ", quotes, newlines), a CDATA terminator and control characters. `build --site --html`
 * in zh and en must produce valid frontmatter, a post whose Markdown renders to inert HTML, inert
 * HTML pages, feeds that parse (feedsmith, xmllint) — and `check` must pass.
 */

const hostile: Record<string, { title?: string; abstractTail?: string; authors?: string[] }> = {
  '2511.21691': {
    title: '<script>alert("title")</script> Canvas: "quoted" --- title: pwned',
    abstractTail:
      'We also show <img src=x onerror=alert(1)> and [click me](javascript:alert(2)) with ---\ntitle: pwned\n--- and key: value "q" \'s\'.',
    authors: ['Eve <script>alert(3)</script>', 'Mallory](javascript:alert(4))'],
  },
  '2511.21500': {
    title: '[Link](javascript:alert(5)) *bold* _x_ `code` <b>b</b> <iframe src=//evil.example>',
  },
  '2511.21397': {
    title: 'Title: with colon\n---\nnewline \'single\' "double" #hash &amp; @at',
    authors: ['O\'Brien "The" Hacker: Jr.', '---'],
  },
  '2511.21120': {
    title: 'CDATA ]]> end <![CDATA[ x ]]> bell \u0007 escape \u001b[31m red',
    abstractTail: 'It ends ]]><script>alert(6)</script> here.',
  },
  '2511.20994': { title: 'YAML ---\n...\n# comment\n- item: {a: b} | > & * ! % @' },
};

const cwd = temporaryDirectory('arxiv-digest-hostile-');
const posts: { language: string; markdown: string; html: string }[] = [];
const siteDir = path.join(cwd, 'site');

before(async () => {
  const lines = readFileSync(seedPapersFile, 'utf8')
    .split('\n')
    .filter((line) => line.trim())
    .map((line) => {
      const record = JSON.parse(line) as {
        id: string;
        title: string;
        abstract: string | null;
        authors: string[];
      };
      const change = hostile[record.id];
      if (!change) return line;
      return JSON.stringify({
        ...record,
        title: change.title ?? record.title,
        abstract: change.abstractTail ? `${record.abstract ?? ''} ${change.abstractTail}` : record.abstract,
        authors: change.authors ?? record.authors,
      });
    });
  const seedCount = lines.length;
  const changed = Object.keys(hostile).filter((id) =>
    lines.some((line) => line.includes(`"${id}"`) && /alert\(|CDATA|YAML|colon/.test(line)),
  );
  assert.equal(changed.length, 5, 'every hostile record is in the file');
  assert.equal(seedCount, 34);
  writeFileSync(path.join(cwd, 'hostile.jsonl'), `${lines.join('\n')}\n`);
  for (const language of ['zh', 'en']) {
    const argv = ['build', '--input', 'hostile.jsonl', '--lang', language, '--llm', 'none'];
    const result = await runCli([...argv, '--out', 'posts', '--site', 'site', '--html', '--json'], {
      cwd,
      env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
    });
    assert.equal(result.code, 0, result.stderr);
    const report = JSON.parse(result.stdout) as { outputs: { markdown: string; html: string } };
    posts.push({
      language,
      markdown: path.join(cwd, report.outputs.markdown),
      html: path.join(cwd, report.outputs.html),
    });
  }
});

/** Problems of an HTML text: active tags, event handlers, script URLs, images from elsewhere. */
function activeContent(html: string): string[] {
  const problems: string[] = [];
  for (const [tag, name = '', attributes = ''] of html.matchAll(/<([a-zA-Z][\w-]*)\b([^>]*)>/g)) {
    if (/^(?:script|iframe|object|embed|base|form)$/i.test(name)) problems.push(tag);
    if (/\son[a-z]+\s*=/i.test(attributes)) problems.push(tag);
    if (
      /(?:href|src|action|xlink:href)\s*=\s*["']?\s*(?:javascript|vbscript|data:text\/html)/i.test(attributes)
    )
      problems.push(tag);
    if (/^img$/i.test(name) && !/src="(?:[\w.-]+\.(?:png|svg)|data:image\/)/.test(attributes))
      problems.push(tag);
  }
  return problems;
}

const escapedScript = /&lt;script&gt;alert\(/;

describe('hostile paper metadata', () => {
  it('(the inertness rule itself flags active content and passes escaped text)', () => {
    const active = [
      '<script>alert(1)</script>',
      '<img src=x onerror=alert(1)>',
      '<a href="javascript:alert(1)">x</a>',
      '<a href=" JavaScript:alert(1)">x</a>',
      '<iframe src="//evil.example"></iframe>',
      '<svg onload=alert(1)>',
    ];
    for (const html of active) assert.notDeepEqual(activeContent(html), [], html);
    assert.deepEqual(
      activeContent('<p>&lt;script&gt;alert(1)&lt;/script&gt; <a href="https://arxiv.org/abs/1">x</a></p>'),
      [],
    );
  });

  it('the frontmatter parses as YAML with exactly the expected fields', () => {
    for (const post of posts) {
      const text = readFileSync(post.markdown, 'utf8');
      const match = /^---\n([\s\S]*?)\n---\n/.exec(text);
      assert.ok(match, `${post.language}: a frontmatter block`);
      const frontmatter = parseYaml(match[1] as string) as Record<string, unknown>;
      assert.deepEqual(Object.keys(frontmatter).sort(), [
        'date',
        'description',
        'draft',
        'featured',
        'generator',
        'lang',
        'slug',
        'tags',
        'title',
      ]);
      assert.equal(frontmatter.lang, post.language);
      assert.match(String(frontmatter.date), /^\d{4}-\d{2}-\d{2}$/);
      assert.equal(frontmatter.draft, false, 'the claim check passed');
      assert.ok(Array.isArray(frontmatter.tags) && frontmatter.tags.length > 0);
      assert.ok((frontmatter.tags as unknown[]).every((tag) => typeof tag === 'string'));
      assert.match(String(frontmatter.title), /hostile/);
    }
  });

  it('the post renders (markdown-it, html:false) to inert HTML; the hostile text is shown, not run', () => {
    const markdownIt = new MarkdownIt({ html: false });
    for (const post of posts) {
      const body = readFileSync(post.markdown, 'utf8').replace(/^---\n[\s\S]*?\n---\n/, '');
      const html = markdownIt.render(body);
      assert.deepEqual(activeContent(html), [], post.language);
      const hrefs = [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1] as string);
      assert.ok(hrefs.length >= 34);
      for (const href of hrefs) assert.match(href, /^https:\/\/arxiv\.org\/abs\/\d{4}\.\d{5}v\d+$/);
      assert.match(html, escapedScript, 'the title is there, escaped');
      assert.match(html, /\[Link\]\(javascript:alert\(5\)\)/, 'link syntax in a title is text');
      // Each hostile paper is still one link: the brackets in its title did not cut it short.
      for (const id of Object.keys(hostile))
        assert.ok(
          hrefs.some((href) => href.startsWith(`https://arxiv.org/abs/${id}v`)),
          id,
        );
    }
  });

  it('the HTML pages and every site page are inert: no script, no handler, no javascript: URL', () => {
    const pages = readdirSync(siteDir, { recursive: true, encoding: 'utf8' })
      .filter((name) => name.endsWith('.html'))
      .map((name) => path.join(siteDir, name));
    assert.ok(pages.length >= 4, 'index, topic page and two posts');
    // The site's search is the one script a site page may load: Pagefind's UI and its starter, both
    // same-origin files with nothing inline. Anything else (or any other form of these tags) fails.
    const searchScripts =
      /<script src="(?:\.\.\/)*(?:pagefind\/pagefind-ui\.js|assets\/search\.js)" defer><\/script>\n/g;
    for (const page of [...posts.map((post) => post.html), ...pages]) {
      const html = readFileSync(page, 'utf8').replace(searchScripts, '');
      assert.deepEqual(activeContent(html), [], page);
      assert.doesNotMatch(html, /<script|<iframe|<img src=x/i, page);
    }
    for (const post of posts) assert.match(readFileSync(post.html, 'utf8'), escapedScript);
  });

  it('the feeds parse (feedsmith, xmllint) and their HTML content is inert', () => {
    const topicDir = path.join(siteDir, 'topics', 'hostile');
    const atomText = readFileSync(path.join(topicDir, 'feed.atom'), 'utf8');
    const rssText = readFileSync(path.join(topicDir, 'feed.rss'), 'utf8');
    const jsonText = readFileSync(path.join(topicDir, 'feed.json'), 'utf8');
    for (const file of ['feed.atom', 'feed.rss']) {
      const lint = spawnSync('/usr/bin/xmllint', ['--noout', path.join(topicDir, file)], {
        encoding: 'utf8',
      });
      assert.equal(lint.status, 0, `xmllint ${file}: ${lint.stderr}`);
    }
    const atom = parseAtomFeed(atomText);
    const rss = parseRssFeed(rssText);
    const json = parseJsonFeed(JSON.parse(jsonText));
    assert.equal(atom.entries?.length, 2);
    assert.equal(rss.items?.length, 2);
    assert.equal(json.items?.length, 2);
    const contents = [
      ...(atom.entries ?? []).map((entry) => String(entry.content ?? '')),
      ...(rss.items ?? []).map((item) => String(item.content?.encoded ?? item.description ?? '')),
      ...(json.items ?? []).map((item) => String(item.content_html ?? '')),
    ];
    for (const content of contents) assert.deepEqual(activeContent(content), []);
    assert.ok(
      contents.some((content) => escapedScript.test(content)),
      'the hostile title is in a feed, escaped',
    );
  });

  it('`check` passes both posts', async () => {
    for (const post of posts) {
      const result = await runCli(['check', post.markdown], {
        cwd,
        env: { ARXIV_DIGEST_DB: path.join(cwd, 'store.db') },
      });
      assert.equal(result.code, 0, result.stdout + result.stderr);
      assert.match(result.stdout, /check: 34 papers, \d+ claims, 0 unsupported/);
    }
  });
});
