// Proves the layer rules bite: each fixture breaks one zone and the lint must fail on it, while the
// allowed imports pass. The fixtures are linted as if they stood at the given paths.
import { describe, expect, test } from 'vitest';
import { ESLint } from 'eslint';
import { repoRoot } from '../../scripts/lib/web-build';

const eslint = new ESLint({ cwd: repoRoot, ignore: false });

async function lint(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${repoRoot}${filePath}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

const forbidden: [string, string, string, RegExp][] = [
  [
    'core imports the renderer',
    'core/model/x.ts',
    "import '../../renderer/src/host/index';",
    /no-restricted-paths/,
  ],
  [
    'core imports the Electron shell',
    'core/model/x.ts',
    "import '../../electron/main/files';",
    /no-restricted-paths/,
  ],
  ['core imports the CLI', 'core/model/x.ts', "import '../../cli/main';", /no-restricted-paths/],
  [
    'core imports a plugin',
    'core/model/x.ts',
    "import '../../plugins/kvm-2020/index';",
    /no-restricted-paths/,
  ],
  [
    'core imports a Node built-in',
    'core/model/x.ts',
    "import { readFileSync } from 'node:fs';\nreadFileSync('x');",
    /no-restricted-imports/,
  ],
  ['core uses a DOM global', 'core/model/x.ts', 'export const t = document.title;', /no-restricted-globals/],
  ['core uses a Node global', 'core/model/x.ts', 'export const e = process.env;', /no-restricted-globals/],
  [
    'the oracle imports the L0 model',
    'core/oracle/x.ts',
    "import '../machine/index';",
    /no-restricted-paths/,
  ],
  [
    'a plugin imports core internals',
    'plugins/kvm-2020/x.ts',
    "import '../../core/model/config';",
    /no-restricted-(paths|imports)/,
  ],
  [
    'the renderer imports a plugin outside the composition root',
    'renderer/src/App2.ts',
    "import '../../plugins/kvm-2020/index';",
    /no-restricted-paths/,
  ],
  [
    'the CLI imports a plugin outside the composition root',
    'cli/run.ts',
    "import '../plugins/kvm-2020/index';",
    /no-restricted-paths/,
  ],
  [
    'the renderer imports the Electron shell',
    'renderer/src/x.ts',
    "import '../../electron/main/files';",
    /no-restricted-paths/,
  ],
];

describe('layer rules', () => {
  test.each(forbidden)('the lint fails when %s', async (_title, path, code, rule) => {
    const messages = await lint(path, code);
    expect(
      messages.some((m) => rule.test(m)),
      messages.join('\n'),
    ).toBe(true);
  });

  test('plugins may import the public policy API as vmxlab', async () => {
    const messages = await lint(
      'plugins/kvm-2020/x.ts',
      "import { definePolicy } from 'vmxlab';\nexport default definePolicy;",
    );
    expect(messages).toEqual([]);
  });

  test('the composition roots may import plugins', async () => {
    expect(await lint('cli/composition.ts', "import '../plugins/kvm-2020/index';")).toEqual([]);
    expect(
      await lint('renderer/src/workers/composition.ts', "import '../../../plugins/kvm-2020/index';"),
    ).toEqual([]);
  });

  test('front ends may import core', async () => {
    expect(await lint('cli/x.ts', "import '../core/index';")).toEqual([]);
  });
});
