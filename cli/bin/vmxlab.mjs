#!/usr/bin/env node
// Entry of the `vmxlab` command. A checkout needs no build step: the TypeScript CLI runs from a cached
// esbuild bundle (bundle-sources.mjs; rebuilt when a source changes, ~0.1 s), which starts about a second
// faster than loading every module through tsx; tsx is the fallback (and `VMXLAB_CLI_TSX=1` forces it).
import { pathToFileURL } from 'node:url';
import { cliBundle } from './bundle-sources.mjs';

// `npm run vmxlab -- …` runs in the package root; resolve the user's relative paths where they typed them.
if (process.env.npm_lifecycle_event === 'vmxlab' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const bundle = process.env.VMXLAB_CLI_TSX ? null : await cliBundle();
let main;
if (bundle) ({ main } = await import(pathToFileURL(bundle).href));
else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
