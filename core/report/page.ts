// The HTML page shell shared by the result and sweep reports (results-cli.md "Reports"): one
// self-contained file, inline CSS, inline SVG, nothing fetched (no URL, font or script), and print
// rules (light backgrounds, page breaks kept out of figures and table rows, repeated table heads).

import { escapeHtml } from './format';

export const REPORT_CSS = `
:root { --fg: #1d1f23; --muted: #5b6270; --line: #d5d9e0; --head: #eef1f5; --bad: #b00020; --good: #1b6e3a; }
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 1100px; padding: 24px 28px 48px; color: var(--fg); background: #ffffff;
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 28px 0 10px; padding-bottom: 4px; border-bottom: 2px solid var(--line); }
h3 { font-size: 15px; margin: 18px 0 8px; }
p.sub { margin: 0; color: var(--muted); }
code, pre, .mono { font-family: ui-monospace, "SFMono-Regular", Menlo, Consolas, "Liberation Mono", monospace; font-size: 12px; }
table { border-collapse: collapse; width: 100%; margin: 6px 0 12px; }
th, td { border: 1px solid var(--line); padding: 4px 7px; text-align: left; vertical-align: top; }
thead th { background: var(--head); font-weight: 600; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
td .delta { display: block; font-size: 11px; color: var(--muted); }
td.worse .delta { color: var(--bad); }
td.better .delta { color: var(--good); }
tr.baseline td { background: #f8f9fb; }
.status-ok { color: var(--good); font-weight: 600; }
.status-error, .bad { color: var(--bad); font-weight: 600; }
.tag { display: inline-block; padding: 0 6px; border: 1px solid var(--line); border-radius: 8px; font-size: 11px; color: var(--muted); }
figure.chart { margin: 10px 0 16px; border: 1px solid var(--line); padding: 4px; }
figure.chart svg { display: block; width: 100%; height: auto; }
figure.chart figcaption { font-size: 12px; color: var(--muted); padding: 2px 4px; }
dl.kv { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 6px 0 12px; }
dl.kv dt { color: var(--muted); }
dl.kv dd { margin: 0; word-break: break-all; }
pre.source { border: 1px solid var(--line); padding: 8px 0; overflow-x: auto; background: #fbfbfc; line-height: 1.4; }
pre.source .l { display: block; padding: 0 10px 0 0; white-space: pre-wrap; }
pre.source .l:target { background: #fff3bf; }
pre.source .n { display: inline-block; width: 4em; padding-right: 10px; text-align: right; color: #8a919c; user-select: none; }
.why { max-width: 460px; }
.nowrap { white-space: nowrap; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; padding: 0; font-size: 11px; }
  h2 { break-after: avoid; page-break-after: avoid; }
  figure.chart, tr, dl.kv { break-inside: avoid; page-break-inside: avoid; }
  thead { display: table-header-group; }
  section.page { break-before: page; page-break-before: always; }
  pre.source { overflow: visible; background: #ffffff; }
  a { color: inherit; text-decoration: none; }
}
`;

export function htmlPage(title: string, generator: string, body: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="${escapeHtml(generator)}">
<title>${escapeHtml(title)}</title>
<link rel="icon" href="data:,">
<style>${REPORT_CSS}</style>
</head>
<body>
${body}
</body>
</html>
`;
}

/**
 * An SVG document made inline: the XML prolog and namespace declarations go (the HTML parser puts
 * <svg> in the SVG namespace itself), so the page holds no URL at all, not even a namespace name.
 */
export function inlineSvg(svg: string): string {
  return svg
    .replace(/^<\?xml[^>]*>\s*/, '')
    .replace(/\s+xmlns(:xlink)?="[^"]*"/g, '')
    .replace(/\s+baseProfile="full"/, '');
}

export function figure(id: string, title: string, svg: string, caption = ''): string {
  return `<figure class="chart" data-chart="${escapeHtml(id)}" data-testid="report-chart" aria-label="${escapeHtml(title)}">
${inlineSvg(svg)}
${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}
