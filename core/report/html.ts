// The HTML result report (results-cli.md "Reports"): scenario summary, one row per policy with Δ%
// against the first (baseline), the timeline charts as inline SVG from the same option builders as
// the app, violation explanations, policy errors, configuration, source and provenance.

import type { PolicyRun, ResultDoc } from '../run/result';
import { timelineChartOptions } from './charts';
import { escapeHtml, formatCount } from './format';
import { figure, htmlPage } from './page';
import { binText, leadingComment } from './summary';
import {
  configEntries,
  metricsMatrix,
  policyLabel,
  SUMMARY_COLUMNS,
  summaryRows,
  timelineMarks,
} from './summary';
import { renderChartSvg } from './svg';

export interface HtmlReportOptions {
  /** Chart width in pixels (SVG scales to the page; default 1000). */
  chartWidth?: number;
}

const esc = escapeHtml;

function lineLink(line: number): string {
  return line > 0 ? `<a href="#L${line}">${line}</a>` : '—';
}

function summaryTable(doc: ResultDoc): string {
  const head = SUMMARY_COLUMNS.map((c) => `<th class="num">${esc(c.label)}</th>`).join('');
  const rows = summaryRows(doc)
    .map((row) => {
      const cells = row.cells
        .map((c, i) => {
          const col = SUMMARY_COLUMNS[i];
          let cls = 'num';
          if (!row.baseline && c.differs && col && col.lowerIsBetter !== null && c.delta !== null) {
            const worse = col.lowerIsBetter ? c.delta > 0 : c.delta < 0;
            cls += worse ? ' worse' : ' better';
          } else if (!row.baseline && c.differs && c.delta === null) cls += ' worse';
          const delta = row.baseline ? 'baseline' : `Δ ${c.deltaText}`;
          return `<td class="${cls}" data-metric="${c.metric}" data-value="${c.value}">${esc(c.text)}<span class="delta">${esc(delta)}</span></td>`;
        })
        .join('');
      const status =
        row.run.status === 'ok'
          ? '<span class="status-ok">ok</span>'
          : '<span class="status-error">policy error</span>';
      return `<tr data-policy="${esc(row.run.policy.id)}"${row.baseline ? ' class="baseline"' : ''}><th scope="row">${esc(row.run.policy.id)}<br><span class="tag">${esc(row.run.policy.origin)} ${esc(row.run.policy.version)}</span></th><td>${status}</td>${cells}</tr>`;
    })
    .join('\n');
  return `<table class="metrics" data-testid="metrics-table">
<thead><tr><th>policy</th><th>status</th>${head}</tr></thead>
<tbody>
${rows}
</tbody></table>
<p class="sub">Δ% is each policy's change against the first policy (<code>${esc(doc.runs[0]?.policy.id ?? '—')}</code>), the baseline; n/a where the baseline is 0. A failed run's counts stop at its error.</p>`;
}

function allMetricsTable(doc: ResultDoc): string {
  const head = doc.runs.map((r) => `<th class="num">${esc(r.policy.id)}</th>`).join('');
  const rows = metricsMatrix(doc)
    .map(
      (m) =>
        `<tr><th scope="row"><code>${esc(m.metric)}</code></th>${m.values.map((v) => `<td class="num">${esc(v)}</td>`).join('')}</tr>`,
    )
    .join('\n');
  return `<table class="all-metrics"><thead><tr><th>metric</th>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function violationsSection(run: PolicyRun): string {
  const total = run.metrics.violations;
  if (total === 0) return '';
  const byCause = Object.entries(run.metrics.violationsByCause)
    .map(([k, v]) => `${esc(k)} ${formatCount(v)}`)
    .join(', ');
  const rows = run.violations
    .map(
      (v) =>
        `<tr data-line="${v.line}"><td class="num">${v.event}</td><td class="num">${lineLink(v.line)}</td><td>${esc(v.actor)}</td><td class="mono">${esc(v.gva)}</td><td class="mono">${esc(v.used)}</td><td class="mono">${v.allowed.map(esc).join('<br>') || '(none)'}</td><td class="nowrap">${esc(v.cause)}</td><td class="why">${esc(v.why)}</td></tr>`,
    )
    .join('\n');
  return `<h3 id="violations-${esc(run.policy.id)}">${esc(run.policy.id)}: ${formatCount(total)} violation${total === 1 ? '' : 's'} <span class="tag">${byCause}</span></h3>
<p class="sub">${run.violations.length < total ? `The first ${run.violations.length} of ${formatCount(total)} are explained below.` : 'Each is explained below.'}</p>
<table class="violations" data-policy="${esc(run.policy.id)}"><thead><tr><th class="num">event</th><th class="num">line</th><th>actor</th><th>gva</th><th>used</th><th>allowed</th><th>cause</th><th>why</th></tr></thead>
<tbody>
${rows}
</tbody></table>`;
}

function errorsSection(doc: ResultDoc): string {
  const failed = doc.runs.filter((r) => r.status === 'policy-error');
  if (failed.length === 0) return '<p>Every policy ran to completion.</p>';
  const rows = failed
    .map(
      (r) =>
        `<tr data-policy="${esc(r.policy.id)}"><th scope="row">${esc(r.policy.id)}</th><td class="num">${r.error ? r.error.event : '—'}</td><td class="num">${r.error ? lineLink(r.error.line) : '—'}</td><td class="bad">${esc(r.error?.message ?? 'unknown error')}</td></tr>`,
    )
    .join('\n');
  return `<table class="errors"><thead><tr><th>policy</th><th class="num">event</th><th class="num">line</th><th>error</th></tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

function sourceBlock(source: string): string {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\n$/, '').split('\n');
  return `<pre class="source">${lines.map((l, i) => `<span class="l" id="L${i + 1}"><span class="n">${i + 1}</span>${esc(l)}</span>`).join('')}</pre>`;
}

function provenance(doc: ResultDoc): string {
  const s = doc.scenario;
  const kv = (k: string, v: string) => `<dt>${esc(k)}</dt><dd>${v}</dd>`;
  const policies = doc.runs
    .map(
      (r) =>
        `<tr><th scope="row">${esc(r.policy.id)}</th><td>${esc(r.policy.version)}</td><td>${esc(r.policy.origin)}</td><td class="mono">${esc(r.policy.sha256)}</td><td class="mono">${esc(r.policy.path ?? '—')}</td></tr>`,
    )
    .join('\n');
  return `<dl class="kv">
${kv('engine', `${esc(doc.engine.name)} ${esc(doc.engine.version)}`)}
${kv('created', esc(doc.createdAt))}
${kv('scenario file', `<span class="mono">${esc(s.file)}</span>`)}
${kv('scenario SHA-256', `<span class="mono">${esc(s.sha256)}</span>`)}
${kv('seed', String(s.seed))}
${kv('parameters', 'the resolved configuration above (header defaults and any <code>--set</code> overrides applied)')}
</dl>
<table class="provenance"><thead><tr><th>policy</th><th>version</th><th>origin</th><th>source SHA-256</th><th>path</th></tr></thead><tbody>
${policies}
</tbody></table>
<p class="sub">Re-run and compare with <code>vmxlab rerun RESULT.json</code>.</p>`;
}

/** The whole report as one self-contained HTML document. */
export function resultHtmlReport(doc: ResultDoc, options: HtmlReportOptions = {}): string {
  const width = options.chartWidth ?? 1000;
  const s = doc.scenario;
  const marks = timelineMarks(doc.runs);
  const charts = timelineChartOptions(doc, { zoom: false })
    .map((spec) => figure(spec.id, spec.title, renderChartSvg(spec, width)))
    .join('\n');
  const intro = leadingComment(s.source);
  const violations = doc.runs.map(violationsSection).filter(Boolean).join('\n');
  const body = `<header>
<h1>${esc(s.name)}</h1>
<p class="sub">vmxlab result · <span class="mono">${esc(s.file)}</span> · ${doc.runs.length} polic${doc.runs.length === 1 ? 'y' : 'ies'} · seed ${s.seed} · ${esc(doc.engine.name)} ${esc(doc.engine.version)} · ${esc(doc.createdAt)}</p>
${intro.map((p) => `<p>${esc(p)}</p>`).join('\n')}
</header>
<section id="summary"><h2>Policies</h2>
${summaryTable(doc)}
</section>
<section id="charts"><h2>Timeline</h2>
<p class="sub">${binText(doc)}; x is the event index. ${marks.length ? `Marks: ${marks.map((m) => `${esc(m.label)} (event ${m.event})`).join(', ')}.` : 'The scenario has no marks.'}</p>
${charts}
</section>
<section id="violations"><h2>Violations</h2>
${violations || '<p>No policy let a guest use a translation the SDM forbids.</p>'}
</section>
<section id="errors"><h2>Policy errors</h2>
${errorsSection(doc)}
</section>
<section id="configuration"><h2>Configuration</h2>
<table class="config"><tbody>
${configEntries(s.config)
  .map(([k, v]) => `<tr><th scope="row"><code>${esc(k)}</code></th><td class="mono">${esc(v)}</td></tr>`)
  .join('\n')}
</tbody></table>
</section>
<section id="all-metrics"><h2>All metrics</h2>
${allMetricsTable(doc)}
</section>
<section id="source" class="page"><h2>Scenario source</h2>
${sourceBlock(s.source)}
</section>
<section id="provenance"><h2>Provenance</h2>
${provenance(doc)}
</section>
<footer>Generated by ${esc(doc.engine.name)} ${esc(doc.engine.version)}. Policies: ${doc.runs.map((r) => esc(policyLabel(r.policy))).join('; ')}.</footer>`;
  return htmlPage(`vmxlab report — ${s.name}`, `${doc.engine.name} ${doc.engine.version}`, body);
}
