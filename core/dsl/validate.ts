// Semantic checks of a scenario (dsl.md "Header" configuration errors, "Address spaces" ownership and
// map rules, "Events" operands) and resolution of the header into a full ScenarioConfig. Checks are
// keyed by node kind and reported at the offending token; every statement that parsed is checked.
import type { Level, ScenarioConfig, SettableKey } from '../model/config';
import { SETTABLE_KEYS, defaultConfig } from '../model/config';
import { ADDRESS_LIMIT, LARGE_PAGE_SIZE, PAGE_SIZE, type TableKind } from '../model/program';
import type { NameNode, NumNode, OptionNode, Range, RangeNode, ScenarioFile, StmtNode } from './ast';
import { diag, type Diagnostic } from './diagnostics';
import { parseNumber } from './numbers';

export interface TableInfo {
  name: string;
  owner: Level;
  kind: TableKind;
  range: Range;
  line: number;
  /** Declared inside `repeat` (an error; kept to avoid follow-up "undeclared" errors). */
  misplaced: boolean;
  used: boolean;
}

export interface Validated {
  config: ScenarioConfig;
  tables: Map<string, TableInfo>;
  /** Declaration order (Program table ids). */
  tableOrder: TableInfo[];
  diagnostics: Diagnostic[];
}

const FILE_START: Range = { line: 1, column: 1, endLine: 1, endColumn: 1 };

type Source =
  | { from: 'default' }
  | { from: 'file'; node: OptionNode<boolean | number | string> }
  | { from: 'set'; raw: string };

const MAX_PCID = 4095;
const MAX_VPID = 65535;

function hex(n: number): string {
  return '0x' + n.toString(16);
}

function isEventKind(k: StmtNode['kind']): boolean {
  return k !== 'decl' && k !== 'map' && k !== 'scenario' && k !== 'mark';
}

/** Sorted, merged half-open intervals: "is this address covered by an initial map?". */
class Coverage {
  private starts: number[] = [];
  private ends: number[] = [];
  constructor(intervals: [number, number][]) {
    intervals.sort((a, b) => a[0] - b[0]);
    for (const [s, e] of intervals) {
      const n = this.ends.length;
      if (n > 0 && s <= this.ends[n - 1]!) this.ends[n - 1] = Math.max(this.ends[n - 1]!, e);
      else {
        this.starts.push(s);
        this.ends.push(e);
      }
    }
  }
  /** [from, to) lies entirely inside one merged interval. */
  covers(from: number, to: number): boolean {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.starts[mid]! <= from) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && this.ends[hi]! >= to && from < this.ends[hi]!;
  }
}

export function validate(file: ScenarioFile, overrides: Record<string, string> = {}): Validated {
  const ds: Diagnostic[] = [];
  const err = (message: string, r: Range): void => void ds.push(diag('error', message, r));
  const warn = (message: string, r: Range): void => void ds.push(diag('warning', message, r));

  // ---- header -------------------------------------------------------------------------------------
  const config = defaultConfig();
  const source = new Map<string, Source>();
  const header = file.body.find((s) => s.kind === 'scenario');
  file.body.forEach((s, i) => {
    if (s.kind === 'scenario' && s !== header)
      err("duplicate 'scenario' block: a file has one header", s.keyRange);
    else if (s.kind === 'scenario' && i > 0)
      err("the 'scenario' block must come before any statement", s.keyRange);
  });
  if (header?.kind === 'scenario') {
    if (header.name !== null) config.name = header.name;
    for (const o of header.options) {
      const prev = source.get(o.key);
      if (prev?.from === 'file') {
        err(`duplicate option '${o.key}' (first set at line ${prev.node.keyRange.line})`, o.keyRange);
        continue;
      }
      source.set(o.key, { from: 'file', node: o });
    }
  }
  for (const [key, raw] of Object.entries(overrides)) {
    const kind = (SETTABLE_KEYS as Record<string, string>)[key];
    if (!kind) {
      err(
        `--set ${key}=${raw}: unknown key '${key}' (expected one of ${Object.keys(SETTABLE_KEYS).join(', ')})`,
        FILE_START,
      );
      continue;
    }
    if (kind === 'bool' && !['on', 'off', 'true', 'false'].includes(raw)) {
      err(`--set ${key}=${raw}: expected 'on' or 'off' for '${key}', found '${raw}'`, FILE_START);
      continue;
    }
    if (kind === 'vpid02' && raw !== 'auto' && raw !== 'none') {
      err(`--set ${key}=${raw}: expected 'auto' or 'none' for '${key}', found '${raw}'`, FILE_START);
      continue;
    }
    if (kind === 'int') {
      const n = parseNumber(raw);
      if (!n.ok || n.fraction) {
        err(`--set ${key}=${raw}: expected an integer for '${key}', found '${raw}'`, FILE_START);
        continue;
      }
    }
    source.set(key, { from: 'set', raw });
  }
  const valueOf = (key: SettableKey): boolean | number | string | undefined => {
    const s = source.get(key);
    if (!s || s.from === 'default') return undefined;
    if (s.from === 'file') return s.node.value;
    const kind = SETTABLE_KEYS[key];
    if (kind === 'bool') return s.raw === 'on' || s.raw === 'true';
    if (kind === 'int') {
      const n = parseNumber(s.raw);
      return n.ok ? n.value : undefined;
    }
    return s.raw;
  };
  /** Where to report a problem with `key`: its option token, or the file start for `--set`. */
  const at = (key: string): { range: Range; prefix: string } => {
    const s = source.get(key);
    if (s?.from === 'file') return { range: s.node.keyRange, prefix: '' };
    if (s?.from === 'set') return { range: FILE_START, prefix: `--set ${key}=${s.raw}: ` };
    return { range: FILE_START, prefix: '' };
  };
  const setBool = (key: SettableKey, apply: (v: boolean) => void): void => {
    const v = valueOf(key);
    if (typeof v === 'boolean') apply(v);
  };
  const setInt = (key: SettableKey, min: number, max: number, apply: (v: number) => void): void => {
    const v = valueOf(key);
    if (typeof v !== 'number') return;
    if (v < min || v > max) {
      const a = at(key);
      const s = source.get(key);
      const r = s?.from === 'file' ? s.node.valueRange : a.range;
      err(
        `${a.prefix}'${key}' must be ${max === Number.MAX_SAFE_INTEGER ? `at least ${min}` : `in ${min}..${max}`}, found ${v}`,
        r,
      );
      return;
    }
    apply(v);
  };
  setInt('seed', 0, Number.MAX_SAFE_INTEGER, (v) => (config.seed = v));
  setBool('host.ept', (v) => (config.host.ept = v));
  setBool('host.vpid', (v) => (config.host.vpid = v));
  setBool('host.unsync', (v) => (config.host.unsync = v));
  config.l1.vpid = config.host.vpid; // dsl.md: l1.vpid defaults to host.vpid
  setBool('l1.ept', (v) => (config.l1.ept = v));
  setBool('l1.vpid', (v) => (config.l1.vpid = v));
  setBool('l1.pcid', (v) => (config.l1.pcid = v));
  const v02 = valueOf('vpid02');
  if (v02 === 'auto' || v02 === 'none') config.vpid02 = v02;
  setInt('tlb.entries', 1, Number.MAX_SAFE_INTEGER, (v) => (config.tlb.entries = v));
  setInt('tlb.ways', 1, Number.MAX_SAFE_INTEGER, (v) => (config.tlb.ways = v));
  setInt('roots', 0, Number.MAX_SAFE_INTEGER, (v) => (config.roots = v));
  setInt('vpid12', 0, MAX_VPID, (v) => (config.vpid12 = v));
  for (const c of ['vmexit', 'vmenter', 'walk_ref', 'sync_page', 'flush', 'tlb_hit'] as const) {
    setInt(`cost.${c}`, 0, Number.MAX_SAFE_INTEGER, (v) => (config.cost[c] = v));
  }
  if (config.tlb.entries % config.tlb.ways !== 0) {
    const a = at(source.has('tlb.ways') ? 'tlb.ways' : 'tlb.entries');
    err(
      `${a.prefix}TLB entries (${config.tlb.entries}) must be a multiple of ways (${config.tlb.ways})`,
      a.range,
    );
  }
  // Configuration errors (dsl.md "Header"), each at the option that is wrong given the others.
  if (config.l1.ept && !config.host.ept) {
    const a = at('l1.ept');
    err(`${a.prefix}'l1.ept on' needs 'host.ept on': KVM exposes EPT to L1 only when L0 uses EPT`, a.range);
  }
  if (config.l1.vpid && !config.host.vpid) {
    const a = at('l1.vpid');
    err(
      `${a.prefix}'l1.vpid on' needs 'host.vpid on': KVM exposes VPID to L1 only when L0 uses VPIDs`,
      a.range,
    );
  }
  if (config.l1.vpid && config.vpid12 === 0) {
    const a = at(source.has('vpid12') ? 'vpid12' : 'l1.vpid');
    err(`${a.prefix}'vpid12 0' with 'l1.vpid on': VM-Enter fails with VPID enabled and a zero VPID`, a.range);
  }

  // ---- tables ---------------------------------------------------------------------------------------
  const tables = new Map<string, TableInfo>();
  const tableOrder: TableInfo[] = [];
  const collect = (list: StmtNode[], inRepeat: boolean): void => {
    for (const s of list) {
      if (s.kind === 'repeat') collect(s.body, true);
      if (s.kind !== 'decl') continue;
      if (s.table === 'ept' && s.actor !== 'l1') {
        err("'ept' is l1-only: EPT12 tables belong to L1 (declare it with 'l1 ept')", s.actorRange);
      }
      if (inRepeat) err(`'${s.table}' declarations may not stand inside 'repeat'`, s.keyRange);
      if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(s.name.name)) {
        err(`expected a table name (letters, digits and '_'), found '${s.name.name}'`, s.name.range);
      }
      const prev = tables.get(s.name.name);
      if (prev) {
        err(`table '${s.name.name}' is already declared at line ${prev.line}`, s.name.range);
        continue;
      }
      const info: TableInfo = {
        name: s.name.name,
        owner: s.table === 'ept' ? 'l1' : s.actor,
        kind: s.table,
        range: s.name.range,
        line: s.name.range.line,
        misplaced: inRepeat,
        used: false,
      };
      tables.set(info.name, info);
      tableOrder.push(info);
    }
  };
  collect(file.body, false);

  const firstPgd = (lv: Level): TableInfo | undefined =>
    tableOrder.find((t) => t.kind === 'pgd' && t.owner === lv);
  const firstEpt = tableOrder.find((t) => t.kind === 'ept');
  const ownerWord = (lv: Level): string => (lv === 'l1' ? 'L1' : 'L2');

  /** Resolves a table reference; `want` is the kind, `owners` the levels allowed here. */
  const ref = (n: NameNode, want: TableKind, owners: Level[], why: string): TableInfo | null => {
    const t = tables.get(n.name);
    if (!t) {
      err(
        `undeclared table '${n.name}': expected a table declared with '${want === 'ept' ? 'l1 ept' : owners.map((o) => `${o} pgd`).join("' or '")}'`,
        n.range,
      );
      return null;
    }
    if (t.kind !== want) {
      err(
        want === 'ept'
          ? `'${n.name}' is a page table, not an EPT12 table (${why})`
          : `'${n.name}' is an EPT12 table, not a page table (${why})`,
        n.range,
      );
      return null;
    }
    if (!owners.includes(t.owner)) {
      err(`'${n.name}' belongs to ${ownerWord(t.owner)}: ${why}`, n.range);
      return null;
    }
    return t;
  };

  const pcidCheck = (n: NumNode | null): void => {
    if (!n) return;
    if (n.value > MAX_PCID) err(`PCID must be in 0..${MAX_PCID}, found ${n.value}`, n.range);
    else if (n.value !== 0 && !config.l1.pcid) {
      err(
        `'pcid ${n.value}' needs 'l1.pcid on': with PCIDs off (CR4.PCIDE=0) every context uses PCID 0`,
        n.range,
      );
    }
  };
  const noflushCheck = (r: Range | null): void => {
    if (r && !config.l1.pcid) err("'noflush' needs 'l1.pcid on': CR3 bit 63 is reserved with CR4.PCIDE=0", r);
  };

  // header cr3
  const cr3Set: Partial<Record<Level, { table: TableInfo | null; pcid: number }>> = {};
  if (header?.kind === 'scenario') {
    for (const c of header.cr3) {
      if (cr3Set[c.level]) {
        err(`duplicate 'cr3 ${c.level}' in the header`, c.keyRange);
        continue;
      }
      const t = ref(
        c.table,
        'pgd',
        [c.level],
        `${c.level === 'l1' ? 'L1' : 'L2'} loads only its own tables into CR3`,
      );
      pcidCheck(c.pcid);
      cr3Set[c.level] = { table: t, pcid: c.pcid?.value ?? 0 };
    }
  }
  for (const lv of ['l1', 'l2'] as const) {
    const set = cr3Set[lv];
    const t = set ? set.table : firstPgd(lv);
    if (t) t.used = true;
    config.cr3[lv] = { table: t ? t.name : null, pcid: set?.pcid ?? 0 };
  }
  if (firstEpt) firstEpt.used = true;
  if (config.l1.ept && !firstEpt) {
    const a = at('l1.ept');
    err(`${a.prefix}'l1.ept on' needs an EPT12 table: declare one with 'l1 ept NAME'`, a.range);
  }

  // ---- initial maps ---------------------------------------------------------------------------------
  interface MapRec {
    table: TableInfo;
    from: number;
    to: number;
    large: boolean;
    node: Extract<StmtNode, { kind: 'map' }>;
  }
  const mapsByTable = new Map<string, MapRec[]>();

  const addrCheck = (n: NumNode, what = 'address'): boolean => {
    if (n.value >= ADDRESS_LIMIT) {
      err(`${what} ${hex(n.value)} is not below 2^52`, n.range);
      return false;
    }
    return true;
  };
  const rangeCheck = (r: RangeNode): boolean => {
    if (!addrCheck(r.from)) return false;
    if (r.to <= r.from.value) {
      err(
        r.form === 'plus'
          ? `expected a size above 0 after '+', found ${r.second.value}`
          : `empty range: expected the end above the start (${hex(r.from.value)})`,
        r.second.range,
      );
      return false;
    }
    if (r.to > ADDRESS_LIMIT) {
      err(`range end ${hex(r.to)} is above 2^52`, r.second.range);
      return false;
    }
    return true;
  };
  const countCheck = (n: NumNode, what: string): void => {
    if (n.value <= 0) err(`${what} must be above 0, found ${n.value}`, n.range);
  };

  // ---- statements -----------------------------------------------------------------------------------
  let seenEvent = false;
  let eptWarned = false;
  let eptStatements = 0;
  const eptStmt = (r: Range): void => {
    eptStatements++;
    if (!config.l1.ept && !eptWarned) {
      eptWarned = true;
      warn(
        "EPT12 statements do nothing with 'l1.ept off' (this file can still be swept over l1.ept=on,off)",
        r,
      );
    }
  };
  const explicitPages: Record<Level, Set<number>> = { l1: new Set(), l2: new Set() };
  let coverage: Record<Level, Coverage> | null = null;
  const buildCoverage = (): Record<Level, Coverage> => {
    const iv: Record<Level, [number, number][]> = { l1: [], l2: [] };
    for (const list of mapsByTable.values()) {
      for (const m of list) if (m.table.kind === 'pgd') iv[m.table.owner].push([m.from, m.to]);
    }
    return { l1: new Coverage(iv.l1), l2: new Coverage(iv.l2) };
  };
  const coverCheck = (actor: Level, from: number, to: number, r: Range): void => {
    coverage ??= buildCoverage();
    if (coverage[actor].covers(from, to)) return;
    const pages = explicitPages[actor];
    if (pages.size > 0 && to - from <= 64 * PAGE_SIZE) {
      let all = true;
      for (let p = Math.floor(from / PAGE_SIZE); p * PAGE_SIZE < to; p++) {
        if (!pages.has(p) && !coverage[actor].covers(p * PAGE_SIZE, (p + 1) * PAGE_SIZE)) {
          all = false;
          break;
        }
      }
      if (all) return;
    }
    warn(
      to - from <= 1
        ? `no initial map of ${ownerWord(actor)}'s tables covers ${hex(from)}: the access will page-fault`
        : `the initial maps of ${ownerWord(actor)}'s tables do not cover all of ${hex(from)}..${hex(to)}: some accesses will page-fault`,
      r,
    );
  };
  const l1Only = (s: { actor: Level; actorRange: Range }, what: string): boolean => {
    if (s.actor !== 'l1') {
      err(`'${what}' is l1-only: only L1 executes it`, s.actorRange);
      return false;
    }
    return true;
  };
  const largeMapAt = (t: TableInfo, addr: number): boolean =>
    (mapsByTable.get(t.name) ?? []).some((m) => m.large && addr >= m.from && addr < m.to);

  const walk = (list: StmtNode[], depth: number): void => {
    let prevEnd = 0;
    for (const s of list) {
      const startLine = s.kind === 'scenario' ? s.keyRange.line : s.range.line;
      if (startLine === prevEnd) {
        err('expected end of line: one statement per line', 'actorRange' in s ? s.actorRange : s.keyRange);
      }
      prevEnd = s.range.endLine;
      if (isEventKind(s.kind)) seenEvent = true;
      switch (s.kind) {
        case 'scenario':
          if (depth > 0) err("the 'scenario' block must come before any statement", s.keyRange);
          break;
        case 'decl':
          if (s.table === 'ept') eptStmt(s.keyRange);
          break;
        case 'map': {
          const what = s.ept ? 'eptmap' : 'map';
          if (depth > 0)
            err(`'${what}' may not stand inside 'repeat': maps are the initial state`, s.keyRange);
          else if (seenEvent) {
            err(
              `'${what}' after the first event: change tables with '${s.ept ? 'eptpte' : 'pte'}'`,
              s.keyRange,
            );
          }
          let t: TableInfo | null;
          if (s.ept) {
            eptStmt(s.keyRange);
            if (!l1Only(s, 'eptmap')) break;
            t = ref(s.table, 'ept', ['l1'], "use 'map' for page tables");
          } else {
            t = ref(
              s.table,
              'pgd',
              s.actor === 'l1' ? ['l1', 'l2'] : ['l2'],
              s.actor === 'l2' ? 'L2 writes only its own tables' : "use 'eptmap' for EPT12 tables",
            );
          }
          const large = s.flags.some((f) => f.flag === '2M');
          const seen = new Set<string>();
          for (const f of s.flags) {
            if (seen.has(f.flag)) err(`duplicate '${f.flag}'`, f.range);
            seen.add(f.flag);
            if (s.ept && f.flag === 'global') err("'global' does not apply to EPT12 entries", f.range);
          }
          const page = large ? LARGE_PAGE_SIZE : PAGE_SIZE;
          const pname = large ? '2 MiB' : '4 KiB';
          if (!rangeCheck(s.from)) break;
          let ok = true;
          if (s.from.from.value % page !== 0) {
            err(`expected a ${pname}-aligned start, found ${hex(s.from.from.value)}`, s.from.from.range);
            ok = false;
          }
          if ((s.from.to - s.from.from.value) % page !== 0) {
            err(
              `expected a range of whole ${pname} pages, found ${hex(s.from.from.value)}..${hex(s.from.to)}`,
              s.from.second.range,
            );
            ok = false;
          }
          if (s.to.value % page !== 0) {
            err(`expected a ${pname}-aligned target, found ${hex(s.to.value)}`, s.to.range);
            ok = false;
          } else if (s.to.value + (s.from.to - s.from.from.value) > ADDRESS_LIMIT) {
            err(`target range ${hex(s.to.value)}.. ends above 2^52`, s.to.range);
            ok = false;
          }
          if (t && ok) {
            const list = mapsByTable.get(t.name) ?? [];
            list.push({ table: t, from: s.from.from.value, to: s.from.to, large, node: s });
            mapsByTable.set(t.name, list);
          }
          break;
        }
        case 'access': {
          const a = s.addr;
          if (a.kind === 'one') {
            if (addrCheck(a.addr)) coverCheck(s.actor, a.addr.value, a.addr.value + 1, a.addr.range);
            break;
          }
          if (!rangeCheck(a.range)) break;
          if (a.kind === 'seq' && a.step) countCheck(a.step, "'step'");
          if (a.kind === 'random' || a.kind === 'zipf') countCheck(a.count, "'count'");
          if (a.kind === 'zipf' && a.s && a.s.value <= 0)
            err(`zipf exponent 's' must be above 0, found ${a.s.value}`, a.s.range);
          coverCheck(s.actor, a.range.from.value, a.range.to, a.range.range);
          break;
        }
        case 'pte': {
          let t: TableInfo | null;
          if (s.ept) {
            eptStmt(s.keyRange);
            if (!l1Only(s, 'eptpte')) break;
            t = ref(s.table, 'ept', ['l1'], "use 'pte' for page tables");
          } else {
            t = ref(
              s.table,
              'pgd',
              s.actor === 'l1' ? ['l1', 'l2'] : ['l2'],
              s.actor === 'l2' ? 'L2 writes only its own tables' : "use 'eptpte' for EPT12 tables",
            );
          }
          const seen = new Set<string>();
          for (const f of s.flags) {
            if (seen.has(f.flag)) err(`duplicate '${f.flag}'`, f.range);
            seen.add(f.flag);
            if (f.flag === '2M')
              err("'2M' is a property of the map: a 'pte' inside a 2M map rewrites its 2 MiB entry", f.range);
            if (s.ept && f.flag === 'global') err("'global' does not apply to EPT12 entries", f.range);
          }
          let inLarge = false;
          if (s.addr.kind === 'one') {
            if (addrCheck(s.addr.addr) && s.addr.addr.value % PAGE_SIZE !== 0) {
              err(
                `expected a page-aligned (4 KiB) address, found ${hex(s.addr.addr.value)}`,
                s.addr.addr.range,
              );
            }
            if (t) inLarge = largeMapAt(t, s.addr.addr.value);
          } else {
            rangeCheck(s.addr.range);
            countCheck(s.addr.count, "'count'");
          }
          if (s.frame.kind === 'frame') {
            const page = inLarge ? LARGE_PAGE_SIZE : PAGE_SIZE;
            if (addrCheck(s.frame.addr, 'frame') && s.frame.addr.value % page !== 0) {
              err(
                inLarge
                  ? `expected a 2 MiB-aligned frame (the address lies in a 2M map), found ${hex(s.frame.addr.value)}`
                  : `expected a page-aligned (4 KiB) frame, found ${hex(s.frame.addr.value)}`,
                s.frame.addr.range,
              );
            }
            if (t && !s.ept && s.addr.kind === 'one') {
              explicitPages[t.owner].add(Math.floor(s.addr.addr.value / PAGE_SIZE));
            }
          } else if (s.frame.kind === 'random') {
            rangeCheck(s.frame.range);
          }
          break;
        }
        case 'cr3': {
          const t = ref(
            s.table,
            'pgd',
            [s.actor],
            `${ownerWord(s.actor)} loads only its own tables into CR3`,
          );
          if (t) t.used = true;
          pcidCheck(s.pcid);
          noflushCheck(s.noflush);
          break;
        }
        case 'vmenter': {
          let cr3Seen = false;
          const once = new Set<string>();
          for (const it of s.items) {
            if (once.has(it.kind)) {
              err(`duplicate '${it.kind}' in 'vmenter'`, it.range);
              continue;
            }
            once.add(it.kind);
            if (it.kind === 'cr3') {
              cr3Seen = true;
              const t = ref(it.table, 'pgd', ['l2'], "VMCS12 GUEST_CR3 must name one of L2's tables");
              if (t) t.used = true;
            } else if (it.kind === 'pcid') {
              if (!cr3Seen) err("'pcid' after 'vmenter' needs 'cr3 TABLE' before it", it.range);
              else pcidCheck(it.value);
            } else if (it.kind === 'noflush') {
              err(
                "'noflush' is not allowed on 'vmenter cr3': VM entry requires GUEST_CR3 bits 63:52 clear",
                it.range,
              );
            } else {
              eptStmt(it.range);
              const t = ref(it.table, 'ept', ['l1'], "VMCS12's EPTP names an EPT12 table");
              if (t) t.used = true;
            }
          }
          break;
        }
        case 'invlpg':
          addrCheck(s.addr);
          break;
        case 'invpcid':
          if (s.addr) addrCheck(s.addr);
          pcidCheck(s.pcid);
          break;
        case 'invvpid':
          if (!l1Only(s, 'invvpid')) break;
          if (!config.host.vpid) {
            err("'invvpid' needs 'host.vpid on': without VPIDs L0 does not expose INVVPID to L1", s.keyRange);
          }
          if (s.addr) addrCheck(s.addr);
          if (s.vpid && (s.vpid.value < 1 || s.vpid.value > MAX_VPID)) {
            err(`VPID must be in 1..${MAX_VPID}, found ${s.vpid.value}`, s.vpid.range);
          }
          break;
        case 'invept':
          eptStmt(s.keyRange);
          if (!l1Only(s, 'invept')) break;
          if (s.table) ref(s.table, 'ept', ['l1'], 'INVEPT names an EPT12 table');
          break;
        case 'vpid12':
          if (!l1Only(s, 'vpid12')) break;
          if (s.value.value > MAX_VPID || (s.value.value < 1 && config.l1.vpid)) {
            err(
              s.value.value === 0
                ? "'vpid12 0' with 'l1.vpid on': VM-Enter fails with VPID enabled and a zero VPID"
                : `VPID must be in 1..${MAX_VPID}, found ${s.value.value}`,
              s.value.range,
            );
          }
          break;
        case 'repeat': {
          const c = s.count;
          if ('value' in c) {
            countCheck(c, "'repeat' count");
          } else if (c.to <= c.from.value) {
            err(`empty range: expected the end above the start (${c.from.value})`, c.second.range);
          }
          walk(s.body, depth + 1);
          break;
        }
        case 'zap':
        case 'vmexit':
        case 'mark':
          break;
      }
    }
  };
  walk(file.body, 0);

  // Overlapping maps in one table (4 KiB and 2 MiB alike): report at the later one.
  for (const list of mapsByTable.values()) {
    const sorted = [...list].sort((a, b) => a.from - b.from);
    let reach: MapRec | null = null;
    for (const m of sorted) {
      if (reach && m.from < reach.to) {
        const later = m.node.keyRange.line >= reach.node.keyRange.line ? m : reach;
        const earlier = later === m ? reach : m;
        const sizes = m.large !== reach.large ? ' (4 KiB and 2 MiB pages may not overlap)' : '';
        err(
          `this map overlaps the map at line ${earlier.node.keyRange.line} in table '${m.table.name}'${sizes}`,
          later.node.from.range,
        );
      }
      if (!reach || m.to > reach.to) reach = m;
    }
  }

  for (const t of tableOrder) {
    if (t.used) continue;
    if (t.kind === 'pgd') warn(`table '${t.name}' is never loaded into CR3 (unused)`, t.range);
    else if (config.l1.ept) warn(`EPT12 table '${t.name}' is never named by VMCS12's EPTP (unused)`, t.range);
  }
  void eptStatements;
  return { config, tables, tableOrder, diagnostics: ds };
}
