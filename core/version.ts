// The engine version recorded in every result's provenance. Bump it whenever a change can alter
// metrics for the same scenario, seed and policy (dsl.md "Randomness").
export const ENGINE_NAME = 'vmxlab';
export const ENGINE_VERSION = '0.1.0';
