import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { katexStylesheetPath } from '../render/math-html.ts';

/**
 * KaTeX's stylesheet and fonts, read from the installed `katex` package, for pages that show
 * formulas: the HTML is typeset on the server, the browser only needs these (no script, nothing
 * remote). Only the woff2 fonts ship: the stylesheet lists woff2 first and every browser that
 * runs the page's CSS reads it, so the woff/ttf fallbacks are never requested.
 */
export function katexAssets(): Map<string, Uint8Array> {
  const require = createRequire(import.meta.url);
  const distDirectory = path.dirname(require.resolve('katex/dist/katex.min.css'));
  const stylesheetDirectory = path.posix.dirname(katexStylesheetPath);
  const files = new Map<string, Uint8Array>();
  files.set(katexStylesheetPath, readFileSync(path.join(distDirectory, 'katex.min.css')));
  const fonts = readdirSync(path.join(distDirectory, 'fonts'))
    .filter((name) => name.endsWith('.woff2'))
    .sort();
  for (const name of fonts) {
    files.set(`${stylesheetDirectory}/fonts/${name}`, readFileSync(path.join(distDirectory, 'fonts', name)));
  }
  return files;
}
