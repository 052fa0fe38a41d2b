import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
// @ts-expect-error plain JavaScript (it runs before any TypeScript tooling), no declarations
import { installPlan, missingPackages, requirements } from '../scripts/test-all.mjs';
import { temporaryDirectory } from './helpers/cli.ts';

/**
 * `npm run test:all` on a fresh machine: which Debian packages it installs, and when it cannot. The
 * real installs are not run here (other work on this machine needs chromium, hugo and xmllint); the
 * decisions are, through the script's own functions and through `--dry-run` with a PATH that lacks hugo.
 */

const script = fileURLToPath(new URL('../scripts/test-all.mjs', import.meta.url));

interface Plan {
  action: 'none' | 'install' | 'fail';
  prefix?: string[];
  packages?: string[];
  line?: string;
}
const plan = installPlan as (input: {
  missing: string[];
  isRoot: boolean;
  canSudo: boolean;
  hasAptGet: boolean;
}) => Plan;
const missing = missingPackages as (checks: {
  fileExists: (file: string) => boolean;
  commandExists: (command: string) => boolean;
}) => string[];

/** A PATH with apt-get (never run: --dry-run) and node, but no hugo. */
function pathWithoutHugo(): string {
  const directory = path.join(temporaryDirectory('arxiv-digest-test-all-'), 'bin');
  mkdirSync(directory);
  symlinkSync('/usr/bin/apt-get', path.join(directory, 'apt-get'));
  chmodSync(path.dirname(directory), 0o755);
  return directory;
}

describe('npm run test:all', () => {
  it('asks for exactly the packages whose file or command is missing', () => {
    assert.deepEqual(
      (requirements as { package: string }[]).map((need) => need.package),
      ['chromium', 'hugo', 'libxml2-utils', 'fonts-wqy-microhei'],
    );
    assert.deepEqual(missing({ fileExists: () => true, commandExists: () => true }), []);
    assert.deepEqual(missing({ fileExists: () => false, commandExists: () => false }), [
      'chromium',
      'hugo',
      'libxml2-utils',
      'fonts-wqy-microhei',
    ]);
    assert.deepEqual(
      missing({
        fileExists: (file) => file !== '/usr/bin/xmllint',
        commandExists: (command) => command !== 'hugo',
      }),
      ['hugo', 'libxml2-utils'],
    );
  });

  it('installs as root, through sudo otherwise, and fails in one line when it can do neither', () => {
    const hugo = ['hugo'];
    assert.deepEqual(plan({ missing: [], isRoot: false, canSudo: false, hasAptGet: false }), {
      action: 'none',
    });
    assert.deepEqual(plan({ missing: hugo, isRoot: true, canSudo: false, hasAptGet: true }), {
      action: 'install',
      prefix: [],
      packages: hugo,
    });
    assert.deepEqual(plan({ missing: hugo, isRoot: false, canSudo: true, hasAptGet: true }).prefix, [
      'sudo',
      '-n',
    ]);
    const refused = plan({ missing: ['hugo', 'chromium'], isRoot: false, canSudo: false, hasAptGet: true });
    assert.equal(refused.action, 'fail');
    assert.match(
      refused.line ?? '',
      /^test:all: missing Debian packages hugo chromium; .*not root and no sudo/,
    );
    assert.doesNotMatch(refused.line ?? '', /\n/);
    assert.match(
      plan({ missing: hugo, isRoot: true, canSudo: false, hasAptGet: false }).line ?? '',
      /no apt-get/,
    );
  });

  it('--dry-run, as this user, with a PATH that lacks hugo: would apt-get update, then install hugo alone', () => {
    const result = spawnSync(process.execPath, [script, '--dry-run'], {
      encoding: 'utf8',
      env: { PATH: pathWithoutHugo() },
    });
    if (process.getuid?.() === 0) {
      assert.equal(result.status, 0, result.stderr);
      assert.equal(
        result.stdout,
        'test:all: would run: apt-get update && apt-get install -y --no-install-recommends hugo\n',
      );
    } else {
      assert.match(result.stdout + result.stderr, /hugo/);
    }
  });

  it('as a user who is not root and has no sudo: exit 1 with one line on stderr', {
    skip: process.getuid?.() !== 0,
  }, () => {
    const result = spawnSync(process.execPath, [script, '--dry-run'], {
      encoding: 'utf8',
      env: { PATH: pathWithoutHugo() },
      uid: 65534,
      gid: 65534,
    });
    assert.equal(result.status, 1, result.stdout);
    assert.equal(result.stdout, '');
    assert.equal(
      result.stderr,
      'test:all: missing Debian packages hugo; cannot install them: not root and no sudo (run as root, or: sudo apt-get install hugo)\n',
    );
  });
});
