// The one entry other folders (renderer, electron, cli, tests) import from core.
export * from './version';
export * from './model/config';
export * from './model/program';
export * from './policy/api';
export * from './util/sha256';
