// Every TypeScript project of the repo, checked one by one: a root tsconfig with only `references`
// checks nothing (toolchain.md), so `npm run typecheck` and its proof test both use this list.
export interface TsProject {
  name: string;
  config: string;
  /** vue-tsc for projects with .vue files. */
  checker: 'tsc' | 'vue-tsc';
}

export const TS_PROJECTS: readonly TsProject[] = [
  { name: 'core', config: 'core/tsconfig.json', checker: 'tsc' },
  { name: 'plugins', config: 'plugins/tsconfig.json', checker: 'tsc' },
  { name: 'node (cli, electron, scripts, tests)', config: 'tsconfig.node.json', checker: 'tsc' },
  { name: 'e2e', config: 'tsconfig.e2e.json', checker: 'tsc' },
  { name: 'renderer', config: 'tsconfig.web.json', checker: 'vue-tsc' },
];
