// fast-check generators for the scenario language: valid programs (by construction, reaching every
// statement and header option), spacing/case perturbations of them, and mutated or random text.
// Shared by the property tests and scripts/fuzz-dsl.ts.
import fc from 'fast-check';

export interface GenHeader {
  hostEpt: boolean;
  hostVpid: boolean;
  pcid: boolean;
  l1Ept: boolean;
}

/** A generated scenario as lines of tokens (each line a token list, '' = blank line). */
export type TokenLines = string[][];

const hex = (n: number): string => '0x' + n.toString(16);

/** A canonical spelling of n (decimal, hex, or a k/M suffix when it divides). */
function spell(n: number, pick: number): string {
  const p = pick % 4;
  if (p === 1 && n % (1024 * 1024) === 0 && n > 0) return `${n / (1024 * 1024)}M`;
  if (p === 2 && n % 1024 === 0 && n > 0) return `${n / 1024}k`;
  if (p === 3) return String(n);
  return hex(n);
}

const spellArb = fc.nat(3);

const pageIn = (base: number, pages: number): fc.Arbitrary<number> =>
  fc.nat(pages - 1).map((p) => base + p * 4096);

/** [from, to) inside [base, base + pages*4K), page aligned, as `A..B` or `A +S` tokens. */
const rangeIn = (base: number, pages: number): fc.Arbitrary<string[]> =>
  fc
    .tuple(fc.nat(pages - 1), fc.integer({ min: 1, max: pages }), fc.boolean(), spellArb, spellArb)
    .map(([a, len, plus, s1, s2]) => {
      const from = base + a * 4096;
      const size = Math.min(len, pages - a) * 4096;
      return plus ? [spell(from, s1), '+', spell(size, s2)] : [spell(from, s1), '..', spell(from + size, s2)];
    });

const P_BASE = 0x400000;
const A_BASE = 0x0;

function headerLines(h: GenHeader): fc.Arbitrary<TokenLines> {
  const onOff = (b: boolean): string => (b ? 'on' : 'off');
  return fc
    .record({
      name: fc.option(fc.constantFrom('lab', 'a \\"quoted\\" name', 'x\\\\y', ''), { nil: undefined }),
      seed: fc.option(fc.nat(1_000_000), { nil: undefined }),
      unsync: fc.option(fc.boolean(), { nil: undefined }),
      l1Vpid: fc.option(fc.boolean(), { nil: undefined }),
      vpid02: fc.option(fc.constantFrom('auto', 'none'), { nil: undefined }),
      ways: fc.option(fc.integer({ min: 1, max: 16 }), { nil: undefined }),
      sets: fc.integer({ min: 1, max: 256 }),
      roots: fc.option(fc.nat(8), { nil: undefined }),
      costs: fc.subarray(['vmexit', 'vmenter', 'walk_ref', 'sync_page', 'flush', 'tlb_hit']),
      costVal: fc.nat(5000),
      vpid12: fc.option(fc.integer({ min: 1, max: 65535 }), { nil: undefined }),
      cr3: fc.option(fc.tuple(fc.boolean(), fc.boolean(), fc.nat(4095)), { nil: undefined }),
      multiline: fc.boolean(),
      order: fc.nat(1000),
    })
    .map((r) => {
      const items: TokenLines = [];
      const block = (head: string, pairs: string[][]): void => {
        if (r.multiline) {
          items.push([head, '{']);
          for (const p of pairs) items.push(p);
          items.push(['}']);
        } else items.push([head, '{', ...pairs.flat(), '}']);
      };
      if (r.seed !== undefined) items.push(['seed', String(r.seed)]);
      const hostPairs = [
        ['ept', onOff(h.hostEpt)],
        ['vpid', onOff(h.hostVpid)],
      ];
      if (r.unsync !== undefined) hostPairs.push(['unsync', onOff(r.unsync)]);
      block('host', hostPairs);
      const l1Pairs = [
        ['ept', onOff(h.l1Ept)],
        ['pcid', onOff(h.pcid)],
      ];
      if (r.l1Vpid !== undefined) l1Pairs.push(['vpid', onOff(r.l1Vpid && h.hostVpid)]);
      block('l1', l1Pairs);
      if (r.vpid02) items.push(['vpid02', r.vpid02]);
      if (r.ways !== undefined)
        block('tlb', [
          ['entries', String(r.ways * r.sets)],
          ['ways', String(r.ways)],
        ]);
      if (r.roots !== undefined) items.push(['roots', String(r.roots)]);
      if (r.costs.length)
        block(
          'cost',
          r.costs.map((c) => [c, String(r.costVal)]),
        );
      if (r.vpid12 !== undefined) items.push(['vpid12', String(r.vpid12)]);
      if (r.cr3) {
        const [l1, l2, pc] = r.cr3;
        const pairs: string[][] = [];
        if (l1) pairs.push(['l1', 'A', ...(h.pcid ? ['pcid', String(pc)] : [])]);
        if (l2) pairs.push(['l2', 'Q', 'pcid', '0']);
        block('cr3', pairs);
      }
      // Rotate the (single-line) items: header order is free.
      const k = r.multiline ? 0 : r.order % Math.max(1, items.length);
      const rotated = [...items.slice(k), ...items.slice(0, k)];
      const head = r.name !== undefined ? ['scenario', `"${r.name}"`, '{'] : ['scenario', '{'];
      return [head, ...rotated.map((l) => (r.multiline ? l : l)), ['}']];
    });
}

const DECLS: TokenLines = [
  ['l1', 'pgd', 'A'],
  ['l1', 'map', 'A', hex(A_BASE), '+', '1M', '->', '0x100000'],
  ['l2', 'pgd', 'P'],
  ['l2', 'map', 'P', hex(P_BASE), '+', '256k', '->', '0x800000', 'global'],
  ['l1', 'map', 'P', '0x440000', '..', '0x480000', '->', '0x900000', 'ro'],
  ['l2', 'pgd', 'Q'],
  ['l2', 'map', 'Q', '0x400000', '+', '4M', '->', '0x1000000', '2M', 'global'],
  ['l1', 'ept', 'E'],
  ['l1', 'eptmap', 'E', '0x800000', '+', '1M', '->', '0x5000000'],
  ['l1', 'eptmap', 'E', '0x1000000', '+', '4M', '->', '0x6000000', 'ro'],
];

function eventArb(h: GenHeader, depth: number): fc.Arbitrary<TokenLines> {
  const actor = fc.constantFrom('l1', 'l2');
  const pcidTok = h.pcid ? fc.nat(4095).map(String) : fc.constant('0');
  const access = fc.constantFrom('read', 'write', 'fetch');
  const addrSpec = fc.oneof(
    fc.tuple(pageIn(P_BASE, 64), fc.nat(4095), spellArb).map(([p, o, s]) => [spell(p + o, s)]),
    fc
      .tuple(rangeIn(P_BASE, 64), fc.option(fc.constantFrom('4k', '8192', '0x1000'), { nil: undefined }))
      .map(([r, st]) => (st ? [...r, 'step', st] : r)),
    fc
      .tuple(rangeIn(P_BASE, 64), fc.integer({ min: 1, max: 500 }))
      .map(([r, c]) => ['random', ...r, 'count', String(c)]),
    fc
      .tuple(
        rangeIn(P_BASE, 64),
        fc.integer({ min: 1, max: 500 }),
        fc.option(fc.constantFrom('1.1', '2', '0.5', '1.25'), { nil: undefined }),
      )
      .map(([r, c, s]) => ['zipf', ...r, 'count', String(c), ...(s ? ['s', s] : [])]),
  );
  const frame4k = fc.oneof(
    fc.nat(0xffff).map((p) => hex(0x1000000 + p * 4096)),
    fc.constant('none'),
    rangeIn(0x2000000, 256).map((r) => ['random', ...r].join('\u0000')),
  );
  const flags = (opts: string[]): fc.Arbitrary<string[]> => fc.subarray(opts);
  const line = (a: fc.Arbitrary<string[]>): fc.Arbitrary<TokenLines> =>
    a.map((l) => [l.flatMap((t) => t.split('\u0000'))]);
  const stmts: fc.Arbitrary<TokenLines>[] = [
    line(fc.tuple(actor, access, addrSpec).map(([a, k, s]) => [a, k, ...s])),
    line(
      fc
        .tuple(
          fc.constantFrom<[string, string]>(['l2', 'P'], ['l1', 'P'], ['l1', 'A']),
          pageIn(P_BASE, 64),
          frame4k,
          flags(['global', 'ro']),
        )
        .map(([[a, t], p, f, fl]) => [a, 'pte', t, hex(t === 'A' ? p - P_BASE : p), '->', f, ...fl]),
    ),
    line(
      fc
        .tuple(actor, rangeIn(P_BASE, 64), fc.integer({ min: 1, max: 9 }), frame4k, flags(['global', 'ro']))
        .map(([a, r, c, f, fl]) => [a, 'pte', 'P', 'random', ...r, 'count', String(c), '->', f, ...fl]),
    ),
    line(
      fc
        .tuple(
          fc.nat(1),
          fc.nat(511),
          fc.oneof(
            fc.nat(100).map((k) => hex(0x4000000 + k * 0x200000)),
            fc.constant('none'),
          ),
        )
        .map(([big, small, f]) => ['l2', 'pte', 'Q', hex(0x400000 + big * 0x200000 + small * 4096), '->', f]),
    ),
    line(
      fc
        .tuple(
          pageIn(0x800000, 256),
          fc.oneof(
            fc.nat(0xfff).map((p) => hex(0x7000000 + p * 4096)),
            fc.constant('none'),
          ),
          flags(['ro']),
        )
        .map(([p, f, fl]) => ['l1', 'eptpte', 'E', hex(p), '->', f, ...fl]),
    ),
    line(
      fc
        .tuple(
          fc.constantFrom<[string, string]>(['l1', 'A'], ['l2', 'P'], ['l2', 'Q']),
          fc.option(pcidTok, { nil: undefined }),
          fc.boolean(),
        )
        .map(([[a, t], pc, nf]) => [
          a,
          'cr3',
          t,
          ...(pc !== undefined ? ['pcid', pc] : []),
          ...(nf && h.pcid ? ['noflush'] : []),
        ]),
    ),
    line(
      fc
        .tuple(
          fc.option(fc.tuple(fc.constantFrom('P', 'Q'), fc.option(pcidTok, { nil: undefined })), {
            nil: undefined,
          }),
          fc.boolean(),
          fc.boolean(),
        )
        .map(([cr3, ept, eptFirst]) => {
          const c = cr3 ? ['cr3', cr3[0], ...(cr3[1] !== undefined ? ['pcid', cr3[1]] : [])] : [];
          const e = ept ? ['ept', 'E'] : [];
          return ['vmenter', ...(eptFirst ? [...e, ...c] : [...c, ...e])];
        }),
    ),
    line(
      fc
        .option(fc.constantFrom('hlt', 'io', '"external interrupt"', 'vmexit'), { nil: undefined })
        .map((r) => (r ? ['vmexit', r] : ['vmexit'])),
    ),
    line(fc.tuple(actor, pageIn(P_BASE, 64)).map(([a, p]) => [a, 'invlpg', hex(p)])),
    line(
      fc
        .tuple(actor, fc.constantFrom('addr', 'single', 'all', 'all-nonglobal'), pageIn(P_BASE, 8), pcidTok)
        .map(([a, t, p, pc]) =>
          t === 'addr'
            ? [a, 'invpcid', 'addr', hex(p), 'pcid', pc]
            : t === 'single'
              ? [a, 'invpcid', 'single', 'pcid', pc]
              : [a, 'invpcid', t],
        ),
    ),
    line(fc.constantFrom(['l1', 'invept', 'single', 'E'], ['l1', 'invept', 'all'])),
    line(fc.integer({ min: 1, max: 65535 }).map((v) => ['l1', 'vpid12', String(v)])),
    line(fc.constant(['host', 'zap'])),
    line(fc.constantFrom('phase 1', 'with \\"quotes\\"', 'back\\\\slash').map((s) => ['mark', `"${s}"`])),
    fc.constantFrom<TokenLines>([['#', 'a comment line']], [[]]),
  ];
  if (h.hostVpid) {
    stmts.push(
      line(
        fc
          .tuple(
            fc.constantFrom('addr', 'single', 'all', 'single-globals'),
            pageIn(P_BASE, 8),
            fc.integer({ min: 1, max: 65535 }),
          )
          .map(([t, p, v]) =>
            t === 'addr'
              ? ['l1', 'invvpid', 'addr', hex(p), 'vpid', String(v)]
              : t === 'all'
                ? ['l1', 'invvpid', 'all']
                : ['l1', 'invvpid', t, 'vpid', String(v)],
          ),
      ),
    );
  }
  if (depth < 2) {
    stmts.push(
      fc
        .tuple(
          fc.oneof(
            fc.integer({ min: 1, max: 10_000_000 }).map((n) => [String(n)]),
            fc
              .tuple(fc.nat(50), fc.integer({ min: 1, max: 50 }))
              .map(([a, b]) => [String(a), '..', String(a + b)]),
          ),
          fc.array(eventArb(h, depth + 1), { maxLength: 4 }),
        )
        .map(([count, body]) => [['repeat', ...count, '{'], ...body.flat().map((l) => l), ['}']]),
    );
  }
  return fc.oneof(...stmts);
}

export const headerArb: fc.Arbitrary<GenHeader> = fc
  .record({ hostEpt: fc.boolean(), hostVpid: fc.boolean(), pcid: fc.boolean(), l1EptWish: fc.boolean() })
  .map((r) => ({ hostEpt: r.hostEpt, hostVpid: r.hostVpid, pcid: r.pcid, l1Ept: r.hostEpt && r.l1EptWish }));

/** A valid scenario (no errors; warnings allowed) as token lines. Without a header, dsl.md's defaults. */
export const validScenarioArb: fc.Arbitrary<TokenLines> = fc.boolean().chain((withHeader) =>
  (withHeader
    ? headerArb
    : fc.constant<GenHeader>({ hostEpt: true, hostVpid: true, pcid: false, l1Ept: false })
  ).chain((h) =>
    fc
      .tuple(headerLines(h), fc.array(eventArb(h, 0), { maxLength: 25 }), fc.boolean())
      .map(([head, events, trailingDecl]) => {
        const lines: TokenLines = [];
        if (withHeader) lines.push(...head);
        lines.push(...DECLS, []);
        for (const e of events) lines.push(...e);
        if (trailingDecl) lines.push(['l2', 'pgd', 'Late']);
        return lines;
      }),
  ),
);

/** Canonical-ish text: single spaces (tight `..`, `+SIZE`), two-space indentation inside braces. */
export function render(lines: TokenLines): string {
  let depth = 0;
  const out: string[] = [];
  for (const l of lines) {
    if (l.length === 0) {
      out.push('');
      continue;
    }
    if (l[0] === '#') {
      out.push('  '.repeat(depth) + '# ' + l.slice(1).join(' '));
      continue;
    }
    const ind = l[0] === '}' ? depth - 1 : depth;
    let s = '';
    for (let i = 0; i < l.length; i++) {
      const t = l[i]!;
      const prev = l[i - 1];
      if (i > 0 && !(t === '..' || prev === '..' || prev === '+')) s += ' ';
      s += t;
      if (t === '{') depth++;
      if (t === '}') depth--;
    }
    out.push('  '.repeat(Math.max(0, ind)) + s);
  }
  return out.join('\n') + '\n';
}

/** The same tokens with random spacing, indentation and number case (what the formatter must undo). */
export function renderMessy(lines: TokenLines, rnd: () => number): string {
  const ws = (): string => [' ', '  ', '\t', ' \t '][Math.floor(rnd() * 4)]!;
  const messNum = (t: string): string => {
    if (!/^[0-9]/.test(t)) return t;
    let s = t;
    if (rnd() < 0.5) s = s.replace(/^0x/, '0X');
    if (rnd() < 0.5) s = s.replace(/[a-f]/g, (c) => c.toUpperCase());
    if (rnd() < 0.5) s = s.replace(/k$/, 'K');
    return s;
  };
  return (
    lines
      .map((l) => {
        if (l.length === 0) return rnd() < 0.5 ? '' : ws();
        if (l[0] === '#') return ws() + '#' + ' ' + l.slice(1).join(' ') + (rnd() < 0.3 ? ws() : '');
        const lead = rnd() < 0.5 ? ws() : '';
        const toks = l.map(messNum);
        let s = lead;
        toks.forEach((t, i) => {
          if (i > 0)
            s += (t === '..' || toks[i - 1] === '..' || toks[i - 1] === '+') && rnd() < 0.5 ? '' : ws();
          s += t;
        });
        return s + (rnd() < 0.3 ? ws() : '');
      })
      .join(rnd() < 0.2 ? '\r\n' : '\n') + '\n'
  );
}

const FRAGMENTS = [
  'l1',
  'l2',
  'pgd',
  'map',
  'A',
  'P',
  '0x1000',
  '4k',
  '->',
  '..',
  '+',
  '{',
  '}',
  '\n',
  ' ',
  '"',
  '#',
  'vmenter',
  'vmexit',
  'cr3',
  'pcid',
  'noflush',
  'repeat',
  'scenario',
  'host',
  'ept',
  'on',
  'off',
  'yes',
  '1.5',
  '0x',
  '_',
  'random',
  'zipf',
  'count',
  's',
  'read',
  'pte',
  'none',
  'invvpid',
  'all',
  'single-globals',
  'tlb',
  'entries',
  '-',
  '\\',
  '\t',
  '\r',
  'é',
  '2M',
  '99999999999999999999',
  'mark',
  'eptpte',
  'E',
  'invept',
  'single',
];

/** Token soup: random sequences of language fragments and junk. */
export const soupArb: fc.Arbitrary<string> = fc
  .array(fc.oneof(fc.constantFrom(...FRAGMENTS), fc.string({ maxLength: 3 })), { maxLength: 60 })
  .map((parts) => parts.join(' '.repeat(parts.length % 2)));

/** A valid scenario with a few random character edits. */
export const mutatedArb: fc.Arbitrary<string> = fc
  .tuple(
    validScenarioArb,
    fc.array(fc.tuple(fc.nat(), fc.nat(3), fc.constantFrom(...FRAGMENTS)), { minLength: 1, maxLength: 4 }),
  )
  .map(([lines, edits]) => {
    let s = render(lines);
    for (const [pos, kind, frag] of edits) {
      const p = s.length ? pos % s.length : 0;
      if (kind === 0) s = s.slice(0, p) + s.slice(p + 1);
      else if (kind === 1) s = s.slice(0, p) + frag + s.slice(p);
      else if (kind === 2) s = s.slice(0, p) + frag + s.slice(p + 1);
      else s = s.slice(0, p) + s.slice(p + 1 + (pos % 7));
    }
    return s;
  });

/** Every diagnostic range lies inside the document (1-based, end exclusive, end after start). */
export function rangeProblem(
  text: string,
  d: { line: number; column: number; endLine: number; endColumn: number },
): string | null {
  const lines = text.split(/\r\n|\n|\r/);
  const len = (l: number): number => lines[l - 1]?.length ?? -1;
  if (!Number.isInteger(d.line) || d.line < 1 || d.line > lines.length)
    return `line ${d.line} outside 1..${lines.length}`;
  if (d.column < 1 || d.column > len(d.line) + 1) return `column ${d.column} outside line ${d.line}`;
  if (d.endLine < d.line || d.endLine > lines.length) return `endLine ${d.endLine}`;
  if (d.endColumn < 1 || d.endColumn > len(d.endLine) + 1)
    return `endColumn ${d.endColumn} outside line ${d.endLine}`;
  if (d.endLine === d.line && d.endColumn < d.column) return 'end before start';
  return null;
}
