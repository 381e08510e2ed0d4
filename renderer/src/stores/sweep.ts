// Sweeps in the app (results-cli.md "sweep", issue #8): the current scenario under every cell of a
// grid of header overrides, each cell one run of the selected policies on a worker of its own (so a
// sweep never blocks the comparison runs), collected into the same `vmxlab.sweep/1` document the CLI
// writes and drawn with the same heatmap builders as the sweep report. Cells run one after another;
// a cell the compiler refuses (e.g. host.ept=off with l1.ept=on) is kept, marked invalid, with why.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import {
  ENGINE_NAME,
  ENGINE_VERSION,
  cellLabel,
  expandGrid,
  gridRecord,
  invalidCell,
  parseGrid,
  sha256Hex,
  withoutTimeline,
  type CellSet,
  type GridAxis,
  type SweepCell,
  type SweepDoc,
} from '../../../core';
import type { FromWorker, PolicyRef } from '../../../core/run/protocol';
import { createEngineClient, type EngineClient } from '../workers/engine-client';
import { usePoliciesStore } from './policies';
import { useScenarioStore } from './scenario';

/** The seed's truth table: L0 EPT × L1 EPT × L1 VPID. */
export const DEFAULT_GRID = 'host.ept=off,on l1.ept=off,on l1.vpid=off,on';

/** Splits the grid field (axes separated by spaces or new lines) and checks it like `--grid`. */
export function parseGridText(text: string): GridAxis[] {
  return parseGrid(text.split(/\s+/).filter((s) => s.length > 0));
}

export const useSweepStore = defineStore('sweep', () => {
  const scenario = useScenarioStore();
  const policies = usePoliciesStore();

  const gridText = ref(DEFAULT_GRID);
  const doc = shallowRef<SweepDoc | null>(null);
  const running = ref(false);
  /** Cells finished so far and the cell count, while running. */
  const done = ref(0);
  const total = ref(0);
  /** Fraction of the running cell done (its policies and events), or null when not known. */
  const cellFraction = ref<number | null>(null);
  const failure = ref<string | null>(null);
  let client: EngineClient | null = null;
  let nextId = 1;
  let current: { runId: number; resolve: (m: FromWorker | null) => void } | null = null;

  const gridError = computed(() => {
    try {
      parseGridText(gridText.value);
      return null;
    } catch (err) {
      return err instanceof Error ? err.message : String(err);
    }
  });

  function engine(): EngineClient {
    client ??= createEngineClient({
      onMessage: (m) => {
        if (m.type === 'ready') return;
        if (m.type === 'progress') {
          if (current && m.runId === current.runId && m.eventsTotal)
            cellFraction.value = Math.min(1, (m.policyIndex + m.eventsDone / m.eventsTotal) / m.policyCount);
          return;
        }
        if (current && m.runId === current.runId) current.resolve(m);
      },
      onCrash: (message) => {
        failure.value = message;
        current?.resolve(null);
        client?.dispose();
        client = null;
      },
    });
    return client;
  }

  /** One cell: the sweep's source (as it was when the sweep began) with the cell's overrides. */
  function runCell(
    set: CellSet,
    source: string,
    file: string,
    refs: PolicyRef[],
  ): Promise<FromWorker | null> {
    const runId = nextId++;
    return new Promise((resolve) => {
      current = { runId, resolve };
      cellFraction.value = null;
      engine().send({
        type: 'run',
        runId,
        source,
        file,
        policies: refs,
        overrides: { ...set } as Record<string, string>,
      });
    });
  }

  function toCell(set: CellSet, m: FromWorker | null, file: string): SweepCell {
    if (m === null) return invalidCell(set, failure.value ?? 'the engine stopped');
    if (m.type === 'done') {
      return {
        set,
        valid: true,
        reason: null,
        config: m.result.scenario.config,
        runs: m.result.runs.map(withoutTimeline),
      };
    }
    if (m.type === 'failed') {
      const d = m.diagnostics.find((x) => x.severity === 'error');
      const where = d ? `${file}:${d.line}:${d.column}: error: ${d.message}` : m.message;
      return invalidCell(set, where);
    }
    return invalidCell(set, 'cancelled');
  }

  async function run(): Promise<void> {
    if (running.value) return;
    let axes: GridAxis[];
    try {
      axes = parseGridText(gridText.value);
    } catch (err) {
      failure.value = err instanceof Error ? err.message : String(err);
      return;
    }
    if (policies.runRefs.length === 0) {
      failure.value = 'select at least one policy';
      return;
    }
    const sets = expandGrid(axes);
    // Edits made while the sweep runs do not reach its remaining cells: every cell runs this text.
    const source = scenario.text;
    const file = scenario.name;
    const refs = policies.runRefs;
    running.value = true;
    failure.value = null;
    done.value = 0;
    total.value = sets.length;
    const cells: SweepCell[] = [];
    try {
      for (const set of sets) {
        if (!running.value) break; // cancelled
        cells.push(toCell(set, await runCell(set, source, file, refs), file));
        done.value = cells.length;
      }
      if (!running.value) return;
      const first = cells.find((c) => c.config)?.config;
      doc.value = {
        schema: 'vmxlab.sweep/1',
        engine: { name: ENGINE_NAME, version: ENGINE_VERSION },
        scenario: {
          name: first?.name ?? file,
          file,
          source,
          sha256: sha256Hex(source),
          seed: first?.seed ?? 1,
        },
        createdAt: new Date().toISOString(),
        grid: gridRecord(axes),
        cells,
      };
      if (!cells.some((c) => c.valid)) {
        failure.value = `no grid cell is a valid configuration (${cells.map((c) => cellLabel(c.set)).join('; ')})`;
      }
    } finally {
      running.value = false;
      current = null;
    }
  }

  function cancel(): void {
    if (!running.value || !current) return;
    running.value = false;
    engine().send({ type: 'cancel', runId: current.runId });
  }

  // Another scenario replaced the buffer: stop the sweep and drop the old one (as the runs store does).
  watch(
    () => scenario.generation,
    () => {
      cancel();
      doc.value = null;
      failure.value = null;
    },
  );

  return { gridText, gridError, doc, running, done, total, cellFraction, failure, run, cancel };
});
