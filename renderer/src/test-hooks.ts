// Read-only windows into the app for the browser end-to-end tests (ui-contract.md asks them to check
// drawn data, not just a canvas). Components register getters here; nothing in the app reads them.
import type { ResultDoc } from '../../core';

export interface TestHooks {
  /** Series of the timeline chart as ECharts holds them: id, name and point count. */
  chartSeries?(): { id: string; name: string; points: number }[];
  /** The scenario editor's cursor line. */
  cursorLine?(): number | null;
  /** Shows a result document as if a run had produced it. */
  showResult?(doc: ResultDoc): void;
  /** Where to click (page pixels) to hit a bin of the syncs chart, and the line that bin starts at. */
  chartBinPixel?(binIndex: number): { x: number; y: number; line: number } | null;
  /** performance.now() when the timeline charts last finished drawing a result. */
  chartRenderedAt?(): number;
  /** True while the timeline charts are drawing a result (one chart per task). */
  chartDrawing?(): boolean;
  /** Longest main-thread task seen by the PerformanceObserver (ms), and resets it. */
  takeLongestTask?(): number;
}

declare global {
  interface Window {
    __vmxlabTest?: TestHooks;
  }
}

export function testHooks(): TestHooks {
  window.__vmxlabTest ??= {};
  return window.__vmxlabTest;
}
