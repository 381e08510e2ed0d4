import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkFiles } from '../../cli/commands/check';
import { main } from '../../cli/main';

describe('vmxlab check', () => {
  const dir = mkdtempSync(join(tmpdir(), 'vmxlab-check-'));
  const good = join(dir, 'good.vmx');
  const warn = join(dir, 'warn.vmx');
  const bad = join(dir, 'bad.vmx');
  writeFileSync(good, 'l1 pgd A\nl1 map A 0x0 +4k -> 0x0\nl1 read 0x0\n');
  writeFileSync(warn, 'l1 pgd A\nl1 read 0x0\n');
  writeFileSync(bad, 'scenario {\n  host { ept yes }\n}\nl1 cr3 Z\n');

  it('prints FILE:LINE:COL: severity: message lines and exits 2 on any error', () => {
    const out = checkFiles([good, warn, bad]);
    expect(out.exitCode).toBe(2);
    expect(out.lines).toEqual([
      `${warn}:2:9: warning: no initial map of L1's tables covers 0x0: the access will page-fault`,
      `${bad}:2:14: error: expected 'on' or 'off' after 'ept', found 'yes'`,
      `${bad}:4:8: error: undeclared table 'Z': expected a table declared with 'l1 pgd'`,
    ]);
  });

  it('exits 0 when there are only warnings', () => {
    expect(checkFiles([good, warn]).exitCode).toBe(0);
  });

  it('exits 2 for an unreadable file', () => {
    const out = checkFiles([join(dir, 'missing.vmx')]);
    expect(out.exitCode).toBe(2);
    expect(out.lines).toEqual([`${join(dir, 'missing.vmx')}: error: cannot read file (ENOENT)`]);
  });

  it('applies --set overrides', () => {
    expect(checkFiles([good], { 'l1.ept': 'on' }).lines[0]).toBe(
      `${good}:1:1: error: --set l1.ept=on: 'l1.ept on' needs an EPT12 table: declare one with 'l1 ept NAME'`,
    );
  });

  it('is registered in the CLI and returns its exit status', async () => {
    const write = process.stderr.write.bind(process.stderr);
    const seen: string[] = [];
    process.stderr.write = ((s: string) => (seen.push(String(s)), true)) as typeof process.stderr.write;
    try {
      expect(await main(['check', good])).toBe(0);
      expect(await main(['check', bad])).toBe(2);
    } finally {
      process.stderr.write = write;
    }
    expect(seen.join('')).toContain(`${bad}:2:14: error:`);
  });
});
