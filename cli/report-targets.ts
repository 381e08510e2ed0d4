// What `vmxlab run` and `vmxlab sweep` are asked to write, checked before any work (a bad --report
// extension fails fast, exit 2). Apart from the writers (report-output.ts), so a command can check its
// targets without loading the report writers and ECharts, which it imports only when it writes.
import { extname } from 'node:path';

export interface ReportTargets {
  /** `.html`/`.htm` or `.md`/`.markdown`. */
  report?: string;
  csv?: string;
  json?: string;
}

export class ReportTargetError extends Error {}

export type ReportKind = 'html' | 'md';

export function reportKind(path: string): ReportKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  throw new ReportTargetError(`--report ${path}: expected a file ending in .html or .md`);
}

/** Checks the targets before any work is done, so a bad extension fails fast (exit 2). */
export function checkReportTargets(t: ReportTargets): void {
  if (t.report) reportKind(t.report);
}
