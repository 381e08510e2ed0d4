// Writes a result document's output files for `vmxlab run --report OUT.html|OUT.md --csv OUT.csv --json
// OUT.json` (results-cli.md): the writers of core/report produce strings, this adapter picks the
// format by extension and writes everything atomically (a Markdown report's SVGs land beside it).
// The HTML and Markdown writers draw their charts with ECharts (~0.4 s to load): they are imported
// when a report is asked for, so `vmxlab run --json`/`--csv` and the CLI's start do without them.
import { basename, dirname, extname, join } from 'node:path';
import type { ResultDoc } from '../core/index';
import type { SweepDoc } from '../core/index';
import { timelineCsv } from '../core/report/csv';
import { resultJson, sweepJson } from '../core/report/json';
import type { MarkdownReport } from '../core/report/markdown';
import { atomicWriteFiles, type OutputFile } from './atomic-write';
import { reportKind, type ReportTargets } from './report-targets';

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

/** The report writers, loaded on first use (see the header). */
const reportWriters = () => import('../core/report/index');

/** Renders and writes every requested output of a run; returns the paths written, in order. */
export async function writeReports(doc: ResultDoc, t: ReportTargets): Promise<string[]> {
  const files: OutputFile[] = [];
  if (t.json) files.push({ path: t.json, data: resultJson(doc) });
  if (t.csv) files.push({ path: t.csv, data: timelineCsv(doc) });
  if (t.report) {
    const w = await reportWriters();
    if (reportKind(t.report) === 'html') files.push({ path: t.report, data: w.resultHtmlReport(doc) });
    else
      files.push(
        ...markdownFiles(t.report, w.resultMarkdownReport(doc, { assetPrefix: assetPrefix(t.report) })),
      );
  }
  atomicWriteFiles(files);
  return files.map((f) => f.path);
}

/** The sweep's outputs (`vmxlab sweep --json OUT --report OUT.html|OUT.md`). */
export async function writeSweepReports(doc: SweepDoc, t: Omit<ReportTargets, 'csv'>): Promise<string[]> {
  const files: OutputFile[] = [];
  if (t.json) files.push({ path: t.json, data: sweepJson(doc) });
  if (t.report) {
    const w = await reportWriters();
    if (reportKind(t.report) === 'html') files.push({ path: t.report, data: w.sweepHtmlReport(doc) });
    else
      files.push(
        ...markdownFiles(t.report, w.sweepMarkdownReport(doc, { assetPrefix: assetPrefix(t.report) })),
      );
  }
  atomicWriteFiles(files);
  return files.map((f) => f.path);
}
