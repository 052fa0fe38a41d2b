/**
 * Site search: Pagefind's bundled UI, served from the site itself (pagefind/ is written next to the
 * pages by src/pipeline/search-index.ts). Pages only carry markup: a search box, the two scripts and
 * the `data-pagefind-*` attributes that say what to index (post bodies) and how to filter (topic,
 * language, direction, arXiv category). Nothing runs on a server.
 */

/** Site paths of the search files, relative to the site root. */
export const searchPaths = {
  bundle: 'pagefind/',
  script: 'assets/search.js',
} as const;

/**
 * The CSP of a page with search: our scripts and Pagefind's (same origin), its WebAssembly and its
 * index fetches and worker; still no inline script, no remote resource, no form submission.
 */
export const searchContentSecurityPolicy =
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; connect-src 'self'; worker-src 'self' blob:; style-src 'self' 'unsafe-inline'; font-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'";

/** What a page's template needs to show the search box, from the page's way back to the site root. */
export function searchView(siteRoot: string) {
  return {
    root: siteRoot === '' ? './' : siteRoot,
    stylesheet: `${siteRoot}${searchPaths.bundle}pagefind-ui.css`,
    uiScript: `${siteRoot}${searchPaths.bundle}pagefind-ui.js`,
    script: `${siteRoot}${searchPaths.script}`,
    csp: searchContentSecurityPolicy,
  };
}

/**
 * Starts Pagefind's UI in the box. Paths are computed from the page's own URL and its way back to the
 * root (data-site-root), so the site works under any path prefix on any static host. An external
 * file, not an inline script, so the CSP needs no 'unsafe-inline'.
 */
export const searchScript = `// arxiv-digest: site search with Pagefind's UI (index in ../pagefind/, built by arxiv-digest).
(function () {
  'use strict';
  var box = document.getElementById('site-search');
  if (!box) return;
  // From file:// browsers refuse the index fetches, and without Pagefind's UI there is nothing to show:
  // hide the box rather than offer a search that cannot answer.
  if (window.location.protocol === 'file:' || typeof window.PagefindUI !== 'function') {
    box.parentNode.hidden = true;
    return;
  }
  var root = new URL(box.getAttribute('data-site-root') || './', window.location.href);
  var zh = (document.documentElement.lang || '').toLowerCase().indexOf('zh') === 0;
  new window.PagefindUI({
    element: '#site-search',
    bundlePath: new URL('${searchPaths.bundle}', root).pathname,
    baseUrl: root.pathname,
    showSubResults: true,
    showImages: false,
    excerptLength: 24,
    translations: zh ? { placeholder: '搜索论文、作者、方向…' } : { placeholder: 'Search papers, authors, directions…' },
  });
  // Pagefind's input has only a title; screen readers want a real accessible name.
  var input = box.querySelector('input');
  if (input) input.setAttribute('aria-label', input.getAttribute('placeholder') || 'Search');
})();
`;
