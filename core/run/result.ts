// The result document of results-cli.md (`vmxlab.result/1`): what the CLI writes as JSON, the worker
// sends to the renderer, and the report writers consume. Field names and meanings are the spec's.

import type { ScenarioConfig } from '../model/config';
import type { FlushDecision, SyncDecision } from '../policy/api';

export type ViolationCause = 'stale-spte' | 'stale-tlb';
export type PolicyOrigin = 'built-in' | 'user';

export interface PolicyProvenance {
  id: string;
  version: string;
  sha256: string;
  origin: PolicyOrigin;
  /** Plugin folder; user policies only. */
  path?: string;
  name?: string;
}

export interface Metrics {
  events: number;
  accesses: number;
  tlbHits: number;
  tlbMisses: number;
  tlbHitRate: number;
  walks: number;
  walkRefs: number;
  pageFaults: number;
  vmEntries: number;
  vmExits: number;
  syncs: number;
  syncedPages: number;
  flushes: { total: number; all: number; vpid: number; addr: number; ept: number };
  decisions: { sync: Record<SyncDecision, number>; flush: Record<FlushDecision, number> };
  violations: number;
  violationsByCause: Record<ViolationCause, number>;
  cycles: number;
}

export interface Violation {
  event: number;
  line: number;
  actor: 'l1' | 'l2';
  /** Hex strings, as in the spec. */
  gva: string;
  used: string;
  allowed: string[];
  cause: ViolationCause;
  why: string;
}

export interface TimelineBin {
  firstEvent: number;
  firstLine: number;
  accesses: number;
  tlbHits: number;
  syncs: number;
  flushes: number;
  vmExits: number;
  violations: number;
  cycles: number;
}

export interface TimelineMark {
  event: number;
  label: string;
  line?: number;
}

export interface Timeline {
  binEvents: number;
  bins: TimelineBin[];
  marks: TimelineMark[];
}

export interface RunError {
  message: string;
  event: number;
  line: number;
}

export interface PolicyRun {
  policy: PolicyProvenance;
  status: 'ok' | 'policy-error';
  error: RunError | null;
  metrics: Metrics;
  violations: Violation[];
  timeline: Timeline;
}

export interface ScenarioProvenance {
  name: string;
  file: string;
  source: string;
  sha256: string;
  seed: number;
  config: ScenarioConfig;
}

export interface ResultDoc {
  schema: 'vmxlab.result/1';
  engine: { name: string; version: string };
  scenario: ScenarioProvenance;
  createdAt: string;
  runs: PolicyRun[];
}

/** Metrics with every counter at zero. */
export function emptyMetrics(): Metrics {
  return {
    events: 0,
    accesses: 0,
    tlbHits: 0,
    tlbMisses: 0,
    tlbHitRate: 0,
    walks: 0,
    walkRefs: 0,
    pageFaults: 0,
    vmEntries: 0,
    vmExits: 0,
    syncs: 0,
    syncedPages: 0,
    flushes: { total: 0, all: 0, vpid: 0, addr: 0, ept: 0 },
    decisions: { sync: { none: 0, target: 0, 'all-roots': 0 }, flush: { none: 0, current: 0, all: 0 } },
    violations: 0,
    violationsByCause: { 'stale-spte': 0, 'stale-tlb': 0 },
    cycles: 0,
  };
}

/** The metric names of the UI contract's `data-metric` (nested ones dotted), in display order. */
export const METRIC_NAMES = [
  'events',
  'accesses',
  'tlbHits',
  'tlbMisses',
  'tlbHitRate',
  'walks',
  'walkRefs',
  'pageFaults',
  'vmEntries',
  'vmExits',
  'syncs',
  'syncedPages',
  'flushes.total',
  'flushes.all',
  'flushes.vpid',
  'flushes.addr',
  'flushes.ept',
  'decisions.sync.none',
  'decisions.sync.target',
  'decisions.sync.all-roots',
  'decisions.flush.none',
  'decisions.flush.current',
  'decisions.flush.all',
  'violations',
  'violationsByCause.stale-spte',
  'violationsByCause.stale-tlb',
  'cycles',
] as const;

export type MetricName = (typeof METRIC_NAMES)[number];

/** Reads a dotted metric name. */
export function metricValue(m: Metrics, name: MetricName): number {
  let v: unknown = m;
  for (const part of name.split('.')) v = (v as Record<string, unknown>)[part];
  return typeof v === 'number' ? v : NaN;
}
