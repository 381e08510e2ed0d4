// Number literals of the scenario language (dsl.md "Lexical"): decimal or 0x hex, `_` between digits,
// binary size suffixes k/M/G (4k = 4096), and a decimal fraction only where a statement allows it.

const SUFFIX: Record<string, number> = { k: 1024, m: 1024 ** 2, g: 1024 ** 3 };

export type ParsedNumber = { ok: true; value: number; fraction: boolean } | { ok: false; message: string };

const HEX = /^0[xX]((?:[0-9a-fA-F]+_?)*[0-9a-fA-F])([kKmMgG])?$/;
const DEC = /^((?:[0-9]+_?)*[0-9])(?:\.((?:[0-9]+_?)*[0-9]))?([kKmMgG])?$/;

export function parseNumber(image: string): ParsedNumber {
  let value: number;
  let fraction = false;
  let suffix: string | undefined;
  const h = HEX.exec(image);
  if (h) {
    value = parseInt(h[1]!.replace(/_/g, ''), 16);
    suffix = h[2];
  } else {
    const d = DEC.exec(image);
    if (!d) {
      return {
        ok: false,
        message: `expected a number (decimal or 0x hex, '_' between digits, optional k, M or G suffix), found '${image}'`,
      };
    }
    value = Number(d[1]!.replace(/_/g, '') + (d[2] ? '.' + d[2].replace(/_/g, '') : ''));
    fraction = d[2] !== undefined;
    suffix = d[3];
  }
  if (suffix) value *= SUFFIX[suffix.toLowerCase()]!;
  if (!Number.isFinite(value) || (!fraction && !Number.isSafeInteger(value))) {
    return { ok: false, message: `number '${image}' is too large (the limit is 2^53 - 1)` };
  }
  return { ok: true, value, fraction };
}

/** Canonical spelling of a literal: lowercase `0x` and hex digits, suffix `k`, `M` or `G`. */
export function canonicalNumber(image: string): string {
  const m = /^(.*?)([kKmMgG])?$/.exec(image);
  const body = m?.[1] ?? image;
  const suf = m?.[2];
  const canonSuf = suf ? (suf.toLowerCase() === 'k' ? 'k' : suf.toUpperCase()) : '';
  if (/^0[xX]/.test(body)) return '0x' + body.slice(2).toLowerCase() + canonSuf;
  return body + canonSuf;
}
