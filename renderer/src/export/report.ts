// Export of the current comparison through core/report's writers, the same generator as the CLI's
// `--json/--csv/--report`: JSON (the result document), CSV (timeline bins), a self-contained HTML
// report, and Markdown with its chart SVGs beside it. Loaded on demand: the writers pull in ECharts'
// SVG renderer, which the startup path does not need.
import type { ExportFormat, ReportAttachment } from '../../../core/host/api';
import type { ResultDoc } from '../../../core';

export const EXPORT_FORMATS: { format: ExportFormat; label: string }[] = [
  { format: 'html', label: 'HTML report' },
  { format: 'md', label: 'Markdown report (+ SVG charts)' },
  { format: 'json', label: 'JSON (result document)' },
  { format: 'csv', label: 'CSV (timeline bins)' },
  { format: 'pdf', label: 'PDF (the HTML report, printed)' },
];

export interface ExportedReport {
  name: string;
  text: string;
  attachments: ReportAttachment[];
}

/** A file-name stem from the scenario's file (`tlb-pressure.vmx` → `tlb-pressure`). */
export function reportStem(doc: ResultDoc): string {
  const base = (doc.scenario.file || doc.scenario.name || 'result').split(/[\\/]/).pop() ?? 'result';
  return base.replace(/\.vmx$/, '').replace(/[^\w.-]+/g, '_') || 'result';
}

export async function exportReport(doc: ResultDoc, format: ExportFormat): Promise<ExportedReport> {
  const report = await import('../../../core/report');
  const stem = reportStem(doc);
  switch (format) {
    case 'json':
      return { name: `${stem}.result.json`, text: report.resultJson(doc), attachments: [] };
    case 'csv':
      return { name: `${stem}.timeline.csv`, text: report.timelineCsv(doc), attachments: [] };
    case 'html':
      return { name: `${stem}.report.html`, text: report.resultHtmlReport(doc), attachments: [] };
    case 'pdf':
      // The host prints the HTML report (report.css has the print rules).
      return { name: `${stem}.report.pdf`, text: report.resultHtmlReport(doc), attachments: [] };
    case 'md': {
      const md = report.resultMarkdownReport(doc, { assetPrefix: stem });
      return { name: `${stem}.report.md`, text: md.markdown, attachments: md.files };
    }
  }
}
