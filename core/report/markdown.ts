// The Markdown result report (results-cli.md "Reports"): the same tables as the HTML report, with the
// timeline charts returned as separate SVG files for the caller to write beside the .md and linked by
// relative name, so the report renders on any Markdown viewer with no network.

import type { ResultDoc } from '../run/result';
import { timelineChartOptions } from './charts';
import { escapeMdCell, formatCount } from './format';
import {
  binText,
  configEntries,
  leadingComment,
  metricsMatrix,
  SUMMARY_COLUMNS,
  summaryRows,
  timelineMarks,
} from './summary';
import { renderChartSvg } from './svg';

export interface ReportFile {
  /** File name (no directory) to write beside the report. */
  name: string;
  content: string;
}

export interface MarkdownReport {
  markdown: string;
  files: ReportFile[];
}

export interface MarkdownReportOptions {
  /** Prefix of the SVG file names, usually the report's base name: `run` → `run-timeline-syncs.svg`. */
  assetPrefix?: string;
  chartWidth?: number;
}

export function mdTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  numeric: readonly boolean[] = [],
): string {
  const line = (cells: readonly string[]) => `| ${cells.map(escapeMdCell).join(' | ')} |`;
  const align = head.map((_, i) => (numeric[i] ? '---:' : '---'));
  return [line(head), `| ${align.join(' | ')} |`, ...rows.map(line)].join('\n');
}

export function mdCode(text: string, lang = ''): string {
  // A fence longer than any backtick run inside, so scenario text can never close it early.
  const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((s) => s.length));
  const fence = '`'.repeat(longest + 1);
  return `${fence}${lang}\n${text.replace(/\n$/, '')}\n${fence}`;
}

/** The Markdown report and the chart SVGs it links. */
export function resultMarkdownReport(doc: ResultDoc, options: MarkdownReportOptions = {}): MarkdownReport {
  const prefix = options.assetPrefix ?? 'report';
  const s = doc.scenario;
  const out: string[] = [];
  const files: ReportFile[] = [];

  out.push(`# ${s.name}`, '');
  out.push(
    `vmxlab result · \`${s.file}\` · ${doc.runs.length} policies · seed ${s.seed} · ${doc.engine.name} ${doc.engine.version} · ${doc.createdAt}`,
    '',
  );

  for (const p of leadingComment(s.source)) out.push(p, '');
  out.push('## Policies', '');
  const head = ['policy', 'status', ...SUMMARY_COLUMNS.map((c) => c.label)];
  const rows = summaryRows(doc).map((r) => [
    `${r.run.policy.id} (${r.run.policy.origin} ${r.run.policy.version})`,
    r.run.status === 'ok' ? 'ok' : 'policy error',
    ...r.cells.map((c) => (r.baseline ? `${c.text} (baseline)` : `${c.text} (Δ ${c.deltaText})`)),
  ]);
  out.push(
    mdTable(
      head,
      rows,
      head.map((_, i) => i >= 2),
    ),
    '',
  );
  out.push(
    `Δ% is each policy's change against the first policy (\`${doc.runs[0]?.policy.id ?? '—'}\`), the baseline; n/a where the baseline is 0. A failed run's counts stop at its error.`,
    '',
  );

  out.push('## Timeline', '');
  const marks = timelineMarks(doc.runs);
  out.push(
    `${binText(doc)}; x is the event index. ${marks.length ? `Marks: ${marks.map((m) => `${m.label} (event ${m.event})`).join(', ')}.` : 'The scenario has no marks.'}`,
    '',
  );
  for (const spec of timelineChartOptions(doc, { zoom: false })) {
    const name = `${prefix}-${spec.id}.svg`;
    files.push({ name, content: renderChartSvg(spec, options.chartWidth ?? 1000) });
    out.push(`![${spec.title}](${encodeURIComponent(name)})`, '');
  }

  out.push('## Violations', '');
  const withViolations = doc.runs.filter((r) => r.metrics.violations > 0);
  if (withViolations.length === 0) out.push('No policy let a guest use a translation the SDM forbids.', '');
  for (const r of withViolations) {
    const total = r.metrics.violations;
    const causes = Object.entries(r.metrics.violationsByCause)
      .map(([k, v]) => `${k} ${formatCount(v)}`)
      .join(', ');
    out.push(`### ${r.policy.id}: ${formatCount(total)} violation${total === 1 ? '' : 's'} (${causes})`, '');
    if (r.violations.length < total)
      out.push(`The first ${r.violations.length} of ${formatCount(total)} are explained below.`, '');
    out.push(
      mdTable(
        ['event', 'line', 'actor', 'gva', 'used', 'allowed', 'cause', 'why'],
        r.violations.map((v) => [
          String(v.event),
          String(v.line),
          v.actor,
          v.gva,
          v.used,
          v.allowed.join(', ') || '(none)',
          v.cause,
          v.why,
        ]),
        [true, true],
      ),
      '',
    );
  }

  out.push('## Policy errors', '');
  const failed = doc.runs.filter((r) => r.status === 'policy-error');
  if (failed.length === 0) out.push('Every policy ran to completion.', '');
  else {
    out.push(
      mdTable(
        ['policy', 'event', 'line', 'error'],
        failed.map((r) => [
          r.policy.id,
          r.error ? String(r.error.event) : '—',
          r.error ? String(r.error.line) : '—',
          r.error?.message ?? 'unknown error',
        ]),
        [false, true, true],
      ),
      '',
    );
  }

  out.push('## Configuration', '');
  out.push(mdTable(['key', 'value'], configEntries(s.config)), '');

  out.push('## All metrics', '');
  out.push(
    mdTable(
      ['metric', ...doc.runs.map((r) => r.policy.id)],
      metricsMatrix(doc).map((m) => [m.metric, ...m.values]),
      [false, ...doc.runs.map(() => true)],
    ),
    '',
  );

  out.push('## Scenario source', '', mdCode(s.source, 'vmx'), '');

  out.push('## Provenance', '');
  out.push(
    mdTable(['field', 'value'], [...provenanceRows(doc), ['parameters', 'the resolved configuration above']]),
    '',
  );
  out.push(
    mdTable(
      ['policy', 'version', 'origin', 'source SHA-256', 'path'],
      doc.runs.map((r) => [
        r.policy.id,
        r.policy.version,
        r.policy.origin,
        r.policy.sha256,
        r.policy.path ?? '—',
      ]),
    ),
    '',
  );
  return { markdown: out.join('\n'), files };
}

/** The provenance rows every Markdown report (run and sweep) opens its provenance table with. */
export function provenanceRows(doc: {
  engine: { name: string; version: string };
  createdAt: string;
  scenario: { file: string; sha256: string; seed: number };
}): string[][] {
  return [
    ['engine', `${doc.engine.name} ${doc.engine.version}`],
    ['created', doc.createdAt],
    ['scenario file', doc.scenario.file],
    ['scenario SHA-256', doc.scenario.sha256],
    ['seed', String(doc.scenario.seed)],
  ];
}
