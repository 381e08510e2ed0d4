import { afterEach, expect, test, vi } from 'vitest';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { promises as fs } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { atomicWriteFile } from '../../electron/main/files';

const dirs: string[] = [];
const tempDir = (): string => {
  const d = mkdtempSync(join(tmpdir(), 'vmxlab-files-'));
  dirs.push(d);
  return d;
};
afterEach(() => {
  vi.restoreAllMocks();
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

test('an atomic save replaces the file and leaves no temp file behind', async () => {
  const dir = tempDir();
  const path = join(dir, 'a.vmx');
  writeFileSync(path, 'old');
  await atomicWriteFile(path, 'new text');
  expect(readFileSync(path, 'utf8')).toBe('new text');
  expect(readdirSync(dir)).toEqual(['a.vmx']);
});

test('a failed rename keeps the old file intact and removes the temp file', async () => {
  const dir = tempDir();
  const path = join(dir, 'a.vmx');
  writeFileSync(path, 'precious');
  vi.spyOn(fs, 'rename').mockRejectedValueOnce(new Error('EXDEV'));
  await expect(atomicWriteFile(path, 'new')).rejects.toThrow('EXDEV');
  expect(readFileSync(path, 'utf8')).toBe('precious');
  expect(readdirSync(dir)).toEqual(['a.vmx']);
});
