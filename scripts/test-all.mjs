// `npm run test:all`: the whole test suite on a fresh Debian machine with nothing but Node. Installs
// the Debian packages the tests run (only those missing; `apt-get update` only then), as root or
// through sudo, then runs `npm test`. Cannot install: one line saying what is missing and why, exit 1.
// `--dry-run` prints the decision and stops (the tests use it). Plain JavaScript: it runs before tsx.
import { spawnSync } from 'node:child_process';
import { accessSync, constants, existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** What the tests need from Debian, and how each is found. */
export const requirements = [
  // The browser tests launch /usr/bin/chromium through playwright-core.
  { package: 'chromium', file: '/usr/bin/chromium' },
  // A real static-site generator builds our posts (test/render-hugo.test.ts).
  { package: 'hugo', command: 'hugo' },
  // xmllint checks the feeds (some tests call /usr/bin/xmllint by its path).
  { package: 'libxml2-utils', file: '/usr/bin/xmllint' },
  // Chinese chart labels render with this font (test/render-charts.test.ts).
  { package: 'fonts-wqy-microhei', file: '/usr/share/fonts/truetype/wqy/wqy-microhei.ttc' },
];

/** Whether an executable of this name is on PATH. */
export function onPath(command, pathVariable) {
  return (pathVariable ?? '')
    .split(path.delimiter)
    .filter(Boolean)
    .some((directory) => {
      try {
        accessSync(path.join(directory, command), constants.X_OK);
        return true;
      } catch {
        return false;
      }
    });
}

/** The Debian packages whose file or command is not there. */
export function missingPackages({ fileExists, commandExists }) {
  return requirements
    .filter((need) => (need.file ? !fileExists(need.file) : !commandExists(need.command)))
    .map((need) => need.package);
}

/**
 * What to do: nothing, install (as root or through sudo), or fail with one line.
 * `canSudo`: `sudo -n true` works (sudo without a password prompt).
 */
export function installPlan({ missing, isRoot, canSudo, hasAptGet }) {
  if (missing.length === 0) return { action: 'none' };
  const list = missing.join(' ');
  if (!hasAptGet) {
    return {
      action: 'fail',
      line: `test:all: missing ${list} and no apt-get here; install them with the system's package manager, then run npm test`,
    };
  }
  if (!isRoot && !canSudo) {
    return {
      action: 'fail',
      line: `test:all: missing Debian packages ${list}; cannot install them: not root and no sudo (run as root, or: sudo apt-get install ${list})`,
    };
  }
  return { action: 'install', prefix: isRoot ? [] : ['sudo', '-n'], packages: missing };
}

function run(argv, options = {}) {
  const result = spawnSync(argv[0], argv.slice(1), { stdio: 'inherit', ...options });
  if (result.error) throw result.error;
  return result.status ?? 1;
}

function main() {
  const dryRun = process.argv.includes('--dry-run');
  const pathVariable = process.env.PATH;
  const missing = missingPackages({
    fileExists: existsSync,
    commandExists: (command) => onPath(command, pathVariable),
  });
  const isRoot = process.getuid?.() === 0;
  const canSudo =
    !isRoot &&
    onPath('sudo', pathVariable) &&
    spawnSync('sudo', ['-n', 'true'], { stdio: 'ignore' }).status === 0;
  const plan = installPlan({ missing, isRoot, canSudo, hasAptGet: onPath('apt-get', pathVariable) });

  if (plan.action === 'fail') {
    process.stderr.write(`${plan.line}\n`);
    return 1;
  }
  if (plan.action === 'install') {
    const apt = [...plan.prefix, 'apt-get'];
    const command = `${apt.join(' ')} install -y --no-install-recommends ${plan.packages.join(' ')}`;
    if (dryRun) {
      process.stdout.write(`test:all: would run: ${apt.join(' ')} update && ${command}\n`);
      return 0;
    }
    process.stdout.write(`test:all: installing ${plan.packages.join(' ')}\n`);
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    const prefix = plan.prefix.length > 0 ? [...plan.prefix, 'env', 'DEBIAN_FRONTEND=noninteractive'] : [];
    if (run([...prefix, 'apt-get', 'update'], { env }) !== 0) {
      process.stderr.write('test:all: apt-get update failed; check the network and the apt sources\n');
      return 1;
    }
    const installed = run(
      [...prefix, 'apt-get', 'install', '-y', '--no-install-recommends', ...plan.packages],
      { env },
    );
    if (installed !== 0) {
      process.stderr.write(`test:all: ${command} failed (see apt-get's message above)\n`);
      return 1;
    }
  } else if (dryRun) {
    process.stdout.write('test:all: the Debian packages the tests need are all there; nothing to install\n');
    return 0;
  }

  // `npm run test:all` passes npm's own path; run the very same npm.
  const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
  const npm = process.env.npm_execpath;
  const argv = npm?.endsWith('.js') ? [process.execPath, npm, 'test'] : ['npm', 'test'];
  return run(argv, { cwd: root });
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  process.exitCode = main();
}
