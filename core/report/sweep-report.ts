// The sweep report (results-cli.md "sweep"): the grid, heatmaps of violations and syncs per cell ×
// policy, and one row per cell with every policy's violations/syncs/cycles and the best policy
// (sweep-summary.ts's rule: fewest violations, then fewest cycles), as HTML or Markdown + SVG files.

import type { SweepDoc } from '../run/sweep-grid';
import { sweepHeatmapOptions, sweepPolicies } from './charts';
import { escapeHtml, formatCount } from './format';
import { mdCode, mdTable, provenanceRows, type MarkdownReport, type ReportFile } from './markdown';
import { figure, htmlPage } from './page';
import { sweepRows, type SweepRow } from './sweep-summary';
import { renderChartSvg } from './svg';

const esc = escapeHtml;

export const BEST_POLICY_RULE =
  'Best policy per cell: among runs that finished, the fewest violations, then the fewest cycles, then the earlier policy in run order.';

function cellFigures(row: SweepRow, pid: string): string {
  const r = row.runs.get(pid);
  if (!row.valid || !r) return '—';
  if (r.status !== 'ok') return `error: ${r.error ?? 'policy error'}`;
  return `${formatCount(r.violations)} / ${formatCount(r.syncs)} / ${formatCount(r.cycles)}`;
}

function gridLines(doc: SweepDoc): [string, string][] {
  return Object.entries(doc.grid).map(([k, v]) => [k, (v ?? []).join(', ')]);
}

export function sweepHtmlReport(doc: SweepDoc, options: { chartWidth?: number } = {}): string {
  const policies = sweepPolicies(doc);
  const rows = sweepRows(doc);
  const valid = doc.cells.filter((c) => c.valid).length;
  const charts = sweepHeatmapOptions(doc)
    .map((spec) => figure(spec.id, spec.title, renderChartSvg(spec, options.chartWidth ?? 1000)))
    .join('\n');
  const table = rows
    .map((row, i) => {
      const cls = row.valid ? '' : ' class="invalid"';
      const cells = row.valid
        ? policies
            .map(
              (p) =>
                `<td class="num${p === row.best ? ' best' : ''}" data-policy="${esc(p)}">${esc(cellFigures(row, p))}</td>`,
            )
            .join('')
        : `<td colspan="${policies.length}" class="bad">invalid: ${esc(row.reason ?? '')}</td>`;
      return `<tr data-cell="${i}"${cls}><td class="num">${i + 1}</td><th scope="row" class="mono">${esc(row.label)}</th>${cells}<td>${esc(row.best ?? '—')}</td></tr>`;
    })
    .join('\n');
  const s = doc.scenario;
  const body = `<style>td.best { font-weight: 700; outline: 2px solid #1b6e3a; outline-offset: -2px; } tr.invalid th { color: #5b6270; }</style>
<header>
<h1>${esc(s.name)} — sweep</h1>
<p class="sub">vmxlab sweep · <span class="mono">${esc(s.file)}</span> · ${doc.cells.length} cells (${valid} valid) × ${policies.length} policies · ${esc(doc.engine.name)} ${esc(doc.engine.version)} · ${esc(doc.createdAt)}</p>
</header>
<section id="grid"><h2>Grid</h2>
<table class="grid"><tbody>${gridLines(doc)
    .map(([k, v]) => `<tr><th scope="row"><code>${esc(k)}</code></th><td class="mono">${esc(v)}</td></tr>`)
    .join('')}</tbody></table>
<p class="sub">Cells are in grid order: the first grid key varies slowest, the last fastest.</p>
</section>
<section id="heatmaps"><h2>Heatmaps</h2>
<p class="sub">Outlined: the best policy of the cell. Blank: invalid cell or failed run. ${esc(BEST_POLICY_RULE)}</p>
${charts}
</section>
<section id="cells"><h2>Cells</h2>
<p class="sub">Each policy column: violations / syncs / cycles.</p>
<table class="cells" data-testid="sweep-table"><thead><tr><th class="num">#</th><th>cell</th>${policies.map((p) => `<th class="num">${esc(p)}</th>`).join('')}<th>best</th></tr></thead>
<tbody>
${table}
</tbody></table>
</section>
<section id="source" class="page"><h2>Scenario source</h2>
<pre class="source">${esc(s.source)}</pre>
</section>
<section id="provenance"><h2>Provenance</h2>
<dl class="kv"><dt>engine</dt><dd>${esc(doc.engine.name)} ${esc(doc.engine.version)}</dd><dt>created</dt><dd>${esc(doc.createdAt)}</dd><dt>scenario file</dt><dd class="mono">${esc(s.file)}</dd><dt>scenario SHA-256</dt><dd class="mono">${esc(s.sha256)}</dd><dt>seed</dt><dd>${s.seed}</dd></dl>
</section>`;
  return htmlPage(`vmxlab sweep — ${s.name}`, `${doc.engine.name} ${doc.engine.version}`, body);
}

export function sweepMarkdownReport(
  doc: SweepDoc,
  options: { assetPrefix?: string; chartWidth?: number } = {},
): MarkdownReport {
  const prefix = options.assetPrefix ?? 'sweep';
  const policies = sweepPolicies(doc);
  const rows = sweepRows(doc);
  const s = doc.scenario;
  const files: ReportFile[] = [];
  const out: string[] = [
    `# ${s.name} — sweep`,
    '',
    `vmxlab sweep · \`${s.file}\` · ${doc.cells.length} cells (${doc.cells.filter((c) => c.valid).length} valid) × ${policies.length} policies · ${doc.engine.name} ${doc.engine.version} · ${doc.createdAt}`,
    '',
    '## Grid',
    '',
    mdTable(['key', 'values'], gridLines(doc)),
    '',
    'Cells are in grid order: the first grid key varies slowest, the last fastest.',
    '',
    '## Heatmaps',
    '',
    `Outlined: the best policy of the cell. Blank: invalid cell or failed run. ${BEST_POLICY_RULE}`,
    '',
  ];
  for (const spec of sweepHeatmapOptions(doc)) {
    const name = `${prefix}-${spec.id}.svg`;
    files.push({ name, content: renderChartSvg(spec, options.chartWidth ?? 1000) });
    out.push(`![${spec.title}](${encodeURIComponent(name)})`, '');
  }
  out.push('## Cells', '', 'Each policy column: violations / syncs / cycles; the best is in bold.', '');
  out.push(
    mdTable(
      ['#', 'cell', ...policies, 'best'],
      rows.map((row, i) => [
        String(i + 1),
        row.label,
        ...policies.map((p, j) => {
          if (!row.valid) return j === 0 ? `invalid: ${row.reason ?? ''}` : '';
          const text = cellFigures(row, p);
          return p === row.best ? `**${text}**` : text;
        }),
        row.best ?? '—',
      ]),
      [true, false, ...policies.map(() => true)],
    ),
    '',
  );
  out.push('## Scenario source', '', mdCode(s.source, 'vmx'), '');
  out.push('## Provenance', '');
  out.push(mdTable(['field', 'value'], provenanceRows(doc)), '');
  return { markdown: out.join('\n'), files };
}
