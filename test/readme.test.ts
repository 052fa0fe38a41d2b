import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { parse as parseYaml } from 'yaml';
import { validateConfig } from '../src/pipeline/config.ts';
import { runCli, temporaryDirectory } from './helpers/cli.ts';

/** README.md must stay true to the code: its commands, flags and config example are checked here. */
const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
const cwd = temporaryDirectory();

async function helpOf(command: string): Promise<string> {
  const result = await runCli(command ? [command, '--help'] : ['--help'], { cwd });
  assert.equal(result.code, 0, `${command} --help`);
  return result.stdout;
}

describe('README.md', () => {
  it('starts with the two set-up commands: install + the main job, then the tests with their set-up', () => {
    const [, block = ''] = /^# arxiv-digest\n+```sh\n([\s\S]*?)```/.exec(readme) ?? [];
    const lines = block.trim().split('\n');
    assert.equal(lines.length, 2);
    assert.match(lines[0] ?? '', /^npm ci && bin\/arxiv-digest build /);
    assert.equal(lines[1], 'npm run test:all');
  });

  it("every command of its table exists, and every flag it shows a command with is in that command's --help", async () => {
    const commands = [...readme.matchAll(/^\| `([a-z]+)[ `]/gm)].map((match) => match[1] as string);
    assert.deepEqual(commands, [
      'import',
      'fetch',
      'build',
      'check',
      'venue',
      'search',
      'publish',
      'serve',
      'deliver',
    ]);
    const helps = new Map<string, string>();
    for (const command of commands) helps.set(command, await helpOf(command));
    const global = await helpOf('');
    const uses = [...readme.matchAll(/bin\/arxiv-digest ([a-z]+)([^\n`]*)/g)];
    assert.ok(uses.length >= 5);
    for (const [, command = '', rest = ''] of uses) {
      const help = helps.get(command);
      assert.ok(help, `README runs an unknown command: ${command}`);
      for (const flag of rest.match(/--[a-z][a-z-]*/g) ?? []) {
        assert.ok(help.includes(flag) || global.includes(flag), `${command} ${flag} is not in --help`);
      }
    }
  });

  it('its config example is a valid config', () => {
    const [, yaml = ''] = /`arxiv-digest\.config\.yaml`[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme) ?? [];
    assert.ok(yaml.includes('topics:'));
    const config = validateConfig(parseYaml(yaml), 'README.md');
    assert.equal(config.topics[0]?.name, 'multimodal-zh');
    assert.equal(config.llm.apiKeyEnv, 'DEEPSEEK_API_KEY');
  });

  it('every environment variable it lists is named in --help', async () => {
    const global = await helpOf('');
    const variables = new Set(
      [...readme.matchAll(/`((?:ARXIV|OPENAI)_[A-Z_]+)`/g)].map((match) => match[1] as string),
    );
    for (const variable of variables) assert.ok(global.includes(variable), `${variable} missing from --help`);
  });
});
