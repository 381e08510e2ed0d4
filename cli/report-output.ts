// Writes a result document's output files for `vmxlab run --report OUT.html|OUT.md --csv OUT.csv --json
// OUT.json` (results-cli.md): the writers of core/report produce strings, this adapter picks the
// format by extension and writes everything atomically (a Markdown report's SVGs land beside it).
import { basename, dirname, extname, join } from 'node:path';
import type { ResultDoc } from '../core/index';
import type { SweepDoc } from '../core/index';
import {
  resultHtmlReport,
  resultJson,
  resultMarkdownReport,
  sweepHtmlReport,
  sweepJson,
  sweepMarkdownReport,
  timelineCsv,
  type MarkdownReport,
} from '../core/report/index';
import { atomicWriteFiles, type OutputFile } from './atomic-write';

export interface ReportTargets {
  /** `.html`/`.htm` or `.md`/`.markdown`. */
  report?: string;
  csv?: string;
  json?: string;
}

export class ReportTargetError extends Error {}

type ReportKind = 'html' | 'md';

export function reportKind(path: string): ReportKind {
  const ext = extname(path).toLowerCase();
  if (ext === '.html' || ext === '.htm') return 'html';
  if (ext === '.md' || ext === '.markdown') return 'md';
  throw new ReportTargetError(`--report ${path}: expected a file ending in .html or .md`);
}

function markdownFiles(path: string, md: MarkdownReport): OutputFile[] {
  const dir = dirname(path);
  // SVGs first: the report is renamed into place last, when every file it links exists.
  return [
    ...md.files.map((f) => ({ path: join(dir, f.name), data: f.content })),
    { path, data: md.markdown },
  ];
}

function assetPrefix(path: string): string {
  return basename(path, extname(path));
}

/** Checks the targets before any work is done, so a bad extension fails fast (exit 2). */
export function checkReportTargets(t: ReportTargets): void {
  if (t.report) reportKind(t.report);
}

/** Renders and writes every requested output of a run; returns the paths written, in order. */
export function writeReports(doc: ResultDoc, t: ReportTargets): string[] {
  const files: OutputFile[] = [];
  if (t.json) files.push({ path: t.json, data: resultJson(doc) });
  if (t.csv) files.push({ path: t.csv, data: timelineCsv(doc) });
  if (t.report) {
    if (reportKind(t.report) === 'html') files.push({ path: t.report, data: resultHtmlReport(doc) });
    else
      files.push(
        ...markdownFiles(t.report, resultMarkdownReport(doc, { assetPrefix: assetPrefix(t.report) })),
      );
  }
  atomicWriteFiles(files);
  return files.map((f) => f.path);
}

/** The sweep's outputs (`vmxlab sweep --json OUT --report OUT.html|OUT.md`). */
export function writeSweepReports(doc: SweepDoc, t: Omit<ReportTargets, 'csv'>): string[] {
  const files: OutputFile[] = [];
  if (t.json) files.push({ path: t.json, data: sweepJson(doc) });
  if (t.report) {
    if (reportKind(t.report) === 'html') files.push({ path: t.report, data: sweepHtmlReport(doc) });
    else
      files.push(
        ...markdownFiles(t.report, sweepMarkdownReport(doc, { assetPrefix: assetPrefix(t.report) })),
      );
  }
  atomicWriteFiles(files);
  return files.map((f) => f.path);
}
