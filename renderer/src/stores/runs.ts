// Runs of the current scenario under the selected policies, through the engine worker. The result
// document is held in a shallowRef and replaced whole (never a deep reactive tree of bins); live
// mode re-runs a debounced moment after each edit and supersedes a run still going.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import type { ResultDoc } from '../../../core';
import type { DiagnosticDto, FromWorker, PolicyProblem } from '../../../core/run/protocol';
import { createEngineClient, type EngineClient } from '../workers/engine-client';
import { usePoliciesStore } from './policies';
import { useScenarioStore } from './scenario';
import { useSettingsStore } from './settings';

export interface Progress {
  policyIndex: number;
  policyCount: number;
  eventsDone: number;
  eventsTotal: number | null;
}

export const useRunsStore = defineStore('runs', () => {
  const scenario = useScenarioStore();
  const policies = usePoliciesStore();
  const settings = useSettingsStore();

  const result = shallowRef<ResultDoc | null>(null);
  const runningId = ref<number | null>(null);
  const progress = shallowRef<Progress | null>(null);
  const problems = shallowRef<PolicyProblem[]>([]);
  const failure = ref<string | null>(null);
  const failureDiagnostics = shallowRef<DiagnosticDto[]>([]);
  const elapsedMs = ref<number | null>(null);
  const baselineId = ref<string | null>(null);
  const running = computed(() => runningId.value !== null);
  let nextId = 1;
  let client: EngineClient | null = null;

  /** Fraction done across all policies, or null when the total is unknown. */
  const fraction = computed(() => {
    const p = progress.value;
    if (!p || p.eventsTotal === null || p.eventsTotal === 0) return null;
    return Math.min(1, (p.policyIndex + p.eventsDone / p.eventsTotal) / p.policyCount);
  });

  function onMessage(m: FromWorker): void {
    if (m.type === 'ready') {
      policies.setBuiltIns(m.builtIns);
      if (m.problems.length) problems.value = m.problems;
      return;
    }
    if (m.runId !== runningId.value) return;
    switch (m.type) {
      case 'progress':
        progress.value = m;
        break;
      case 'done':
        setResult(m.result);
        problems.value = m.problems;
        elapsedMs.value = m.elapsedMs;
        finish();
        break;
      case 'cancelled':
        finish();
        break;
      case 'failed':
        failure.value = m.message;
        failureDiagnostics.value = m.diagnostics;
        problems.value = m.problems;
        finish();
        break;
    }
  }

  function finish(): void {
    runningId.value = null;
    progress.value = null;
  }

  function engine(): EngineClient {
    client ??= createEngineClient({
      onMessage,
      onCrash: (message) => {
        failure.value = message;
        finish();
        client?.dispose();
        client = null;
      },
    });
    return client;
  }

  /** Replaces the shown comparison; keeps the chosen baseline when that policy is still there. */
  function setResult(doc: ResultDoc | null): void {
    result.value = doc;
    const ids = doc?.runs.map((r) => r.policy.id) ?? [];
    if (!baselineId.value || !ids.includes(baselineId.value)) baselineId.value = ids[0] ?? null;
  }

  function run(): void {
    const refs = policies.runRefs;
    if (refs.length === 0) {
      failure.value = 'select at least one policy';
      return;
    }
    const runId = nextId++;
    // The worker supersedes the running run itself; the cancel makes it explicit.
    if (runningId.value !== null) engine().send({ type: 'cancel', runId: runningId.value });
    runningId.value = runId;
    progress.value = { policyIndex: 0, policyCount: refs.length, eventsDone: 0, eventsTotal: null };
    failure.value = null;
    failureDiagnostics.value = [];
    engine().send({
      type: 'run',
      runId,
      source: scenario.text,
      file: scenario.name,
      policies: refs,
      overrides: {},
    });
  }

  function cancel(): void {
    if (runningId.value === null) return;
    engine().send({ type: 'cancel', runId: runningId.value });
    finish();
  }

  // Another scenario replaced the buffer: stop what runs and drop the old comparison.
  watch(
    () => scenario.generation,
    () => {
      cancel();
      setResult(null);
      problems.value = [];
      failure.value = null;
      elapsedMs.value = null;
    },
  );

  let liveTimer: ReturnType<typeof setTimeout> | undefined;
  watch(
    () => [scenario.text, policies.runRefs] as const,
    () => {
      if (!settings.liveMode) return;
      clearTimeout(liveTimer);
      liveTimer = setTimeout(() => {
        if (!scenario.diagnostics.some((d) => d.severity === 'error')) run();
      }, settings.liveDelayMs);
    },
  );

  return {
    result,
    running,
    runningId,
    progress,
    fraction,
    problems,
    failure,
    failureDiagnostics,
    elapsedMs,
    baselineId,
    start: engine,
    run,
    cancel,
    setResult,
  };
});
