#!/usr/bin/env node
// Entry of the `vmxlab` command: runs the TypeScript CLI through tsx, so a checkout needs no build step.
import { register } from 'tsx/esm/api';

register();
// `npm run vmxlab -- …` runs in the package root; resolve the user's relative paths where they typed them.
if (process.env.npm_lifecycle_event === 'vmxlab' && process.env.INIT_CWD) process.chdir(process.env.INIT_CWD);
const { main } = await import('../main.ts');
process.exitCode = await main(process.argv.slice(2));
