// Atomic output files (results-cli.md: "Output files are written atomically"): write a temporary file
// in the target's directory, flush it, then rename it over the target, so a reader (or a Ctrl-C) sees
// the old file or the new one, never half of one. Same directory, so the rename never crosses devices.
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export interface OutputFile {
  path: string;
  data: string | Uint8Array;
}

let counter = 0;

function stage(f: OutputFile): string {
  const dir = dirname(f.path);
  mkdirSync(dir, { recursive: true });
  const tmp = join(dir, `.${basename(f.path)}.${process.pid}.${counter++}.tmp`);
  const fd = openSync(tmp, 'w', 0o644);
  try {
    const bytes = typeof f.data === 'string' ? Buffer.from(f.data, 'utf8') : f.data;
    let off = 0;
    while (off < bytes.length) off += writeSync(fd, bytes, off, bytes.length - off);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  return tmp;
}

/**
 * Writes several files so that none appears before all are complete: every temp file first, then the
 * renames in order (a report's SVGs before the report that links them). On failure no temp file stays.
 */
export function atomicWriteFiles(files: readonly OutputFile[]): void {
  const staged: { tmp: string; path: string }[] = [];
  try {
    for (const f of files) staged.push({ tmp: stage(f), path: f.path });
  } catch (err) {
    for (const s of staged) rmSync(s.tmp, { force: true });
    throw err;
  }
  for (const s of staged) renameSync(s.tmp, s.path);
}

export function atomicWriteFile(path: string, data: string | Uint8Array): void {
  atomicWriteFiles([{ path, data }]);
}
