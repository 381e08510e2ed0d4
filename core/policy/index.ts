// What core exports about policy plugins (policy-api.md): manifests, discovery, Decision validation,
// transpiling, and the two hosts (native for built-ins, QuickJS for user policies).
export * from './problems';
export * from './manifest';
export * from './decision';
export * from './loader';
export * from './transpile';
export * from './native-host';
export * from './quickjs-host';
export * from './bench';
