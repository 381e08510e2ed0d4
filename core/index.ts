// The one entry other folders (renderer, electron, cli, tests) import from core.
export * from './version';
export * from './model/config';
export * from './model/program';
export * from './policy/api';
export * from './util/sha256';
export * from './run/result';
export * from './run/simulation';
export * from './host/api';
export * from './run/run-scenario';
export * from './run/runner';
export * from './policy/index';
export * from './run/result-schema';
export * from './run/sweep-grid';
export * from './dsl/index';
export * from './run/bench-workloads';
