// `vmxlab policies [--plugins DIR]`: one line per policy, plugin problems as `file: field: message` on
// stderr, exit 0 unless two plugins claim one id (exit 2).
import { cpSync, mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { main } from '../../cli/main';

const EXAMPLES = fileURLToPath(new URL('../../examples/policies', import.meta.url));

async function run(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((s) => ((out += String(s)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((s) => ((err += String(s)), true));
  const code = await main(args);
  vi.restoreAllMocks();
  return { code, out, err };
}

afterEach(() => vi.restoreAllMocks());

describe('vmxlab policies', () => {
  it('lists the four built-ins with version, origin and SHA-256', async () => {
    const r = await run(['policies']);
    expect(r.code).toBe(0);
    const lines = r.out.trim().split('\n');
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual([
      'always-sync',
      'kvm-2020',
      'kvm-current',
      'never-sync',
    ]);
    for (const l of lines) expect(l).toMatch(/^\S+\s+1\.0\.0\s+built-in\s+[0-9a-f]{64}\s+\S/);
    expect(r.err).toBe('');
  });

  it('adds user plugins with their folder', async () => {
    const r = await run(['policies', '--plugins', EXAMPLES]);
    expect(r.code).toBe(0);
    const user = r.out.split('\n').filter((l) => l.includes(' user '));
    expect(user.map((l) => l.split(/\s+/)[0])).toEqual(['adaptive-sync', 'lazy-flush', 'unsync-aware']);
    expect(user[1]).toMatch(/\(.*examples\/policies\/lazy-flush\)$/);
  });

  it('reports bad plugins on stderr and skips them, exiting 2 only for a duplicate id', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'vmxlab-plugins-'));
    cpSync(join(EXAMPLES, 'lazy-flush'), join(dir, 'fine'), { recursive: true });
    mkdirSync(join(dir, 'bad-manifest'));
    writeFileSync(
      join(dir, 'bad-manifest', 'plugin.json'),
      '{"id":"Bad","name":"b","version":"1","kind":"policy","entry":"index.js","description":""}',
    );
    mkdirSync(join(dir, 'no-load'));
    writeFileSync(
      join(dir, 'no-load', 'plugin.json'),
      '{"id":"no-load","name":"n","version":"1.0.0","kind":"policy","entry":"index.js","description":""}',
    );
    writeFileSync(join(dir, 'no-load', 'index.js'), 'export default { id: "no-load", decide() { return 1 } ');
    let r = await run(['policies', '--plugins', dir]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^lazy-flush .* user /m);
    expect(r.out).not.toMatch(/no-load/);
    expect(r.err).toMatch(/bad-manifest\/plugin\.json: id: must match/);
    expect(r.err).toMatch(/bad-manifest\/plugin\.json: version: must be a semantic version/);
    expect(r.err).toMatch(/no-load\/index\.js: entry: SyntaxError/);

    mkdirSync(join(dir, 'dup'));
    writeFileSync(
      join(dir, 'dup', 'plugin.json'),
      '{"id":"kvm-2020","name":"d","version":"1.0.0","kind":"policy","entry":"index.js","description":""}',
    );
    writeFileSync(
      join(dir, 'dup', 'index.js'),
      'export default { id: "kvm-2020", decide: () => ({ sync: "none", flush: "none" }) };',
    );
    r = await run(['policies', '--plugins', dir]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(
      /dup\/plugin\.json: id: duplicate policy id 'kvm-2020': defined in plugins\/kvm-2020 and .*dup/,
    );
  });
});
