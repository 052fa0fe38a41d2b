// `npm run build` (and `prepare`, so `npm ci` leaves a working dist/): compiles src/ to dist/ with
// tsc, then copies the non-TypeScript files the code reads at run time next to the compiled modules
// (the eta templates). prompts/ is read from the package root, so it needs no copy.
import { execFileSync } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');

// A clean dist/: a module deleted from src/ must not live on in the package.
rmSync(path.join(root, 'dist'), { recursive: true, force: true });
execFileSync(process.execPath, [tsc, '-p', path.join(root, 'tsconfig.build.json')], {
  cwd: root,
  stdio: 'inherit',
});
cpSync(path.join(root, 'src/render/templates'), path.join(root, 'dist/render/templates'), {
  recursive: true,
  filter: (source) => !source.endsWith('.ts'),
});
