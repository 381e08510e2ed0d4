// The host surface the renderer talks to: the Electron preload bridge and the web host adapter both
// implement it, so the renderer never knows which shell it runs in (VS Code's `common` vs
// `electron-main`/`browser` split). Payload schemas live beside it and are checked at every crossing.

export type HostKind = 'electron' | 'web';

export interface ScenarioFile {
  /** Absolute path on the desktop; null in the browser or for a new buffer. */
  path: string | null;
  /** Display name, e.g. `tlb-pressure.vmx`. */
  name: string;
  text: string;
}

export interface HostApi {
  readonly kind: HostKind;
  /** Ask the user for a scenario file; null when cancelled. */
  openScenarioFile(): Promise<ScenarioFile | null>;
  /** Save (atomically on the desktop); with path null, ask where. Null when cancelled. */
  saveScenarioFile(file: ScenarioFile): Promise<{ path: string | null; name: string } | null>;
}
