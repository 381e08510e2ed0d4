// Piscina worker entry for `vmxlab sweep`: worker threads start without the tsx loader the CLI's main
// thread registered, so register it here, then hand piscina the TypeScript task function.
import { register } from 'tsx/esm/api';

register();
const mod = await import('./sweep-worker.ts');
export default mod.default;
