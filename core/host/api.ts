// The host surface the renderer talks to: the Electron preload bridge and the web host adapter both
// implement it, so the renderer never knows which shell it runs in (VS Code's `common` vs
// `electron-main`/`browser` split). Payload schemas live beside it (schemas.ts) and are checked at
// every crossing; ui-contract.md "Workspace" is the feature list this mirrors.

export type HostKind = 'electron' | 'web';

export interface ScenarioFile {
  /** Absolute path on the desktop; null in the browser or for a new buffer. */
  path: string | null;
  /** Display name, e.g. `tlb-pressure.vmx`. */
  name: string;
  text: string;
}

export interface RecentFile {
  path: string;
  name: string;
}

/**
 * A user policy plugin as the host read it (policy-api.md "Plugin packaging"): the manifest and the
 * entry module as text. The host never interprets them; core's loader validates and sandboxes them.
 */
export interface UserPluginSource {
  /** Folder of the plugin (desktop: absolute path; web: a stable pseudo path `user/<id>`). */
  folder: string;
  manifestText: string;
  /** Entry file name as the manifest names it (`index.ts` or `index.js`). */
  entryName: string;
  /** Null when the entry file could not be read; the loader reports it. */
  entryText: string | null;
}

/** A policy written in the app's policy editor, to be stored as a plugin folder named after its id. */
export interface NewUserPlugin {
  id: string;
  manifestText: string;
  entryName: 'index.ts' | 'index.js';
  entryText: string;
}

/** `pdf`: the HTML report, printed (the desktop shell prints it to a PDF file; the browser opens its print dialog). */
export type ExportFormat = 'json' | 'csv' | 'html' | 'md' | 'pdf';

/** A file written beside an exported report (the Markdown report's chart SVGs). */
export interface ReportAttachment {
  /** A plain file name, no directories. */
  name: string;
  content: string;
}

/** What the native menus (and their accelerators) ask the renderer to do. */
export const MENU_COMMANDS = [
  'file.new',
  'file.open',
  'file.save',
  'file.saveAs',
  'file.choosePluginFolder',
  'file.export',
  'run.run',
  'run.cancel',
  'run.toggleLive',
  'help.about',
  'help.docs',
] as const;

export type MenuCommandId = (typeof MENU_COMMANDS)[number];

export type MenuCommand =
  | { id: MenuCommandId }
  /** A file chosen from File › Open Recent, already read by the host. */
  | { id: 'file.openRecent'; file: ScenarioFile };

export interface HostApi {
  readonly kind: HostKind;
  /** Ask the user for a scenario file; null when cancelled. */
  openScenarioFile(): Promise<ScenarioFile | null>;
  /** Save (atomically on the desktop); with path null, ask where. Null when cancelled. */
  saveScenarioFile(file: ScenarioFile): Promise<{ path: string | null; name: string } | null>;
  /** Save under a new name (always asks). Null when cancelled. */
  saveScenarioFileAs(file: ScenarioFile): Promise<{ path: string | null; name: string } | null>;
  /** Most recent first; empty where the host has no file system. */
  recentFiles(): Promise<RecentFile[]>;
  /** Re-open a recent file; null when it is gone (the host then drops it from the list). */
  openRecentFile(path: string): Promise<ScenarioFile | null>;
  /** The remembered user plugin folder (desktop) or store name (web); null when none was chosen. */
  userPluginFolder(): Promise<string | null>;
  /** Ask for a user plugin folder and remember it; null when cancelled. */
  chooseUserPluginFolder(): Promise<string | null>;
  /** Every plugin of the user plugin folder, as sources. */
  listUserPlugins(): Promise<UserPluginSource[]>;
  /** Store a policy written in the app as a plugin; returns it as listUserPlugins would. */
  saveUserPlugin(plugin: NewUserPlugin): Promise<UserPluginSource>;
  /**
   * Offer a report for saving (desktop: save dialog + atomic writes, attachments beside it; web:
   * downloads). False when cancelled.
   */
  exportReport(
    name: string,
    text: string,
    format: ExportFormat,
    attachments: ReportAttachment[],
  ): Promise<boolean>;
  /** Subscribe to native menu commands; returns an unsubscribe function. */
  onMenuCommand(listener: (command: MenuCommand) => void): () => void;
}
