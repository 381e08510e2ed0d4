// Text formatting shared by every report writer (results-cli.md "Reports"): numbers, Δ% against the
// baseline policy, and escaping for HTML, Markdown tables and CSV, so the HTML, Markdown and CSV of
// one result show the same figures.

/** `1234567` → `1,234,567`; rates as percentages with one decimal. Fixed locale: reports must not vary by machine. */
export function formatCount(n: number): string {
  if (!Number.isFinite(n)) return String(n);
  const [int, frac] = String(Math.abs(Math.round(n * 1000) / 1000)).split('.');
  const grouped = (int ?? '0').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return (n < 0 ? '-' : '') + grouped + (frac ? `.${frac}` : '');
}

export function formatRate(r: number): string {
  return Number.isFinite(r) ? `${(r * 100).toFixed(1)}%` : 'n/a';
}

/**
 * Relative change of `value` against `base` in percent. With a zero baseline the change is 0 when
 * the value is zero too and undefined (null) otherwise: "+∞ %" would say nothing useful.
 */
export function deltaPercent(value: number, base: number): number | null {
  if (base === 0) return value === 0 ? 0 : null;
  return ((value - base) / Math.abs(base)) * 100;
}

/** `+12.5%`, `-3.0%`, `±0%` or `n/a` (zero baseline). */
export function formatDelta(d: number | null): string {
  if (d === null) return 'n/a';
  if (Math.abs(d) < 0.05) return '±0%';
  return `${d > 0 ? '+' : ''}${d.toFixed(1)}%`;
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c] ?? c);
}

/** A Markdown table cell: pipes escaped, newlines folded (a cell is one line). */
export function escapeMdCell(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/** RFC 4180 field: quoted only when it holds a comma, quote or line break. */
export function csvField(s: string | number): string {
  const t = String(s);
  return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function onOff(b: boolean): string {
  return b ? 'on' : 'off';
}
