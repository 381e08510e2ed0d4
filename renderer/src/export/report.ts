// Export of the current comparison. JSON is the result document itself (results-cli.md); CSV holds
// the timeline bins, one row per bin and policy.
// TODO(report): use core/report's writers (and add HTML/Markdown) once they land, so the app and the
// CLI produce byte-identical reports.
import type { ExportFormat } from '../../../core/host/api';
import type { ResultDoc } from '../../../core';

export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'json', label: 'JSON (result document)' },
  { format: 'csv', label: 'CSV (timeline bins)' },
];

export function writeJson(doc: ResultDoc): string {
  return `${JSON.stringify(doc, null, 2)}\n`;
}

const CSV_COLUMNS = [
  'firstEvent',
  'firstLine',
  'accesses',
  'tlbHits',
  'syncs',
  'flushes',
  'vmExits',
  'violations',
  'cycles',
] as const;

function csvField(s: string): string {
  return /[",\n\r]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function writeCsv(doc: ResultDoc): string {
  const lines = [['policy', 'bin', ...CSV_COLUMNS].join(',')];
  for (const r of doc.runs) {
    r.timeline.bins.forEach((b, i) => {
      lines.push([csvField(r.policy.id), String(i), ...CSV_COLUMNS.map((c) => String(b[c]))].join(','));
    });
  }
  return `${lines.join('\n')}\n`;
}

export function exportReport(doc: ResultDoc, format: ExportFormat): { name: string; text: string } {
  const base = (doc.scenario.file || doc.scenario.name || 'result')
    .replace(/\.vmx$/, '')
    .replace(/[^\w.-]+/g, '_');
  switch (format) {
    case 'json':
      return { name: `${base}.result.json`, text: writeJson(doc) };
    case 'csv':
      return { name: `${base}.timeline.csv`, text: writeCsv(doc) };
    default:
      throw new Error(`${format} export needs core/report's writers, not in this build yet`);
  }
}
