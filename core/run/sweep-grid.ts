// Sweep grids (results-cli.md "sweep"): `--grid key=v1,v2` over the header keys `--set` accepts
// (SETTABLE_KEYS of model/config.ts), expanded to cells in grid order, and the sweep document
// `vmxlab.sweep/1` whose invalid cells stay listed with their reason and no runs.

import { SETTABLE_KEYS, type ScenarioConfig, type SettableKey } from '../model/config';
import type { PolicyRun, ScenarioProvenance, Timeline } from './result';

export interface GridAxis {
  key: SettableKey;
  values: string[];
}

/** A header override set for one cell: key → value text, as `--set key=value` would give it. */
export type CellSet = Partial<Record<SettableKey, string>>;

/** A run inside a sweep cell; `--no-timeline` drops the timeline. */
export type SweepRun = Omit<PolicyRun, 'timeline'> & { timeline?: Timeline };

export interface SweepCell {
  set: CellSet;
  valid: boolean;
  /** Why the configuration is not valid (the compiler's first error), else null. */
  reason: string | null;
  /** The resolved header of a valid cell (an addition to the spec's fields; absent when invalid). */
  config?: ScenarioConfig;
  runs: SweepRun[];
}

export interface SweepDoc {
  schema: 'vmxlab.sweep/1';
  engine: { name: string; version: string };
  /** The swept scenario; `config` is its header without any grid override (absent if that is invalid). */
  scenario: Omit<ScenarioProvenance, 'config'> & { config?: ScenarioConfig };
  createdAt: string;
  grid: Partial<Record<SettableKey, string[]>>;
  cells: SweepCell[];
}

export class GridError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GridError';
  }
}

const BOOL = /^(on|off)$/;
// The DSL's number forms (dsl.md "Lexical"): decimal or hex, `_` separators, binary size suffix.
const INT = /^(0x[0-9a-fA-F][0-9a-fA-F_]*|[0-9][0-9_]*)[kMG]?$/;

/** Checks a value's form against its key's kind; the DSL compile then judges the configuration. */
export function checkSettableValue(key: SettableKey, value: string): string | null {
  const kind = SETTABLE_KEYS[key];
  if (kind === 'bool') return BOOL.test(value) ? null : `expected 'on' or 'off' for ${key}, found '${value}'`;
  if (kind === 'vpid02')
    return /^(auto|none)$/.test(value) ? null : `expected 'auto' or 'none' for ${key}, found '${value}'`;
  return INT.test(value) ? null : `expected an integer for ${key}, found '${value}'`;
}

function isSettableKey(key: string): key is SettableKey {
  return Object.prototype.hasOwnProperty.call(SETTABLE_KEYS, key);
}

/** Parses one `--grid key=v1,v2,...` argument. */
export function parseGridArg(arg: string): GridAxis {
  const eq = arg.indexOf('=');
  if (eq <= 0) throw new GridError(`expected key=v1,v2,... in --grid, found '${arg}'`);
  const key = arg.slice(0, eq).trim();
  if (!isSettableKey(key)) {
    throw new GridError(`unknown grid key '${key}' (one of: ${Object.keys(SETTABLE_KEYS).join(', ')})`);
  }
  const values = arg
    .slice(eq + 1)
    .split(',')
    .map((v) => v.trim());
  if (values.some((v) => v === '')) throw new GridError(`empty value in --grid '${arg}'`);
  const seen = new Set<string>();
  for (const v of values) {
    if (seen.has(v)) throw new GridError(`value '${v}' appears twice in --grid '${arg}'`);
    seen.add(v);
    const problem = checkSettableValue(key, v);
    if (problem) throw new GridError(problem);
  }
  return { key, values };
}

/** Parses every `--grid` argument, in the order given; a key may appear once. */
export function parseGrid(args: readonly string[]): GridAxis[] {
  if (args.length === 0) throw new GridError('a sweep needs at least one --grid key=v1,v2,...');
  const axes = args.map(parseGridArg);
  const keys = new Set<string>();
  for (const a of axes) {
    if (keys.has(a.key)) throw new GridError(`grid key '${a.key}' given twice`);
    keys.add(a.key);
  }
  return axes;
}

/**
 * Expands the grid to cells in grid order: like nested loops written in argument order, the first
 * `--grid` key varies slowest and the last fastest (`--grid a=1,2 --grid b=x,y` gives a1b x, a1 by,
 * a2 bx, a2 by), so a sweep document reads like the table a person would write by hand.
 */
export function expandGrid(axes: readonly GridAxis[]): CellSet[] {
  let cells: CellSet[] = [{}];
  for (const axis of axes) {
    const next: CellSet[] = [];
    for (const cell of cells) for (const v of axis.values) next.push({ ...cell, [axis.key]: v });
    cells = next;
  }
  return axes.length === 0 ? [] : cells;
}

/** The grid object of the sweep document: key → values, in argument order. */
export function gridRecord(axes: readonly GridAxis[]): Partial<Record<SettableKey, string[]>> {
  const grid: Partial<Record<SettableKey, string[]>> = {};
  for (const a of axes) grid[a.key] = [...a.values];
  return grid;
}

/** `host.ept=off l1.vpid=on`: a cell's label in reports and progress lines. */
export function cellLabel(set: CellSet): string {
  return Object.entries(set)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
}

export function invalidCell(set: CellSet, reason: string): SweepCell {
  return { set, valid: false, reason, runs: [] };
}

/** Copies a run without its timeline (`--no-timeline`). */
export function withoutTimeline(run: SweepRun): SweepRun {
  const { timeline: _dropped, ...rest } = run;
  return rest;
}
