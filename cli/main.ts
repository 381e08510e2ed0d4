// `vmxlab`: the headless command line over core (results-cli.md). Commands are thin adapters.
import { Command } from 'commander';
import { ENGINE_VERSION } from '../core/index';
import { registerPoliciesCommand } from './commands/policies';
import { registerSweepCommand } from './commands/sweep';
import { registerRerunCommand } from './commands/rerun';
import { registerCheck } from './commands/check';
import { registerRun } from './commands/run';
import { registerBench } from './commands/bench';

export function buildProgram(): Command {
  const program = new Command('vmxlab')
    .description(
      'Nested-VMX MMU lab: simulate KVM shadow MMU sync/flush policies and check them against the SDM',
    )
    .version(ENGINE_VERSION)
    .exitOverride()
    .configureOutput({ writeErr: (s) => process.stderr.write(s) });

  registerPoliciesCommand(program);
  registerRun(program);
  registerBench(program);
  registerCheck(program);
  registerSweepCommand(program);
  registerRerunCommand(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  try {
    await buildProgram().parseAsync(argv, { from: 'user' });
    return 0;
  } catch (err) {
    if (err && typeof err === 'object' && 'exitCode' in err && typeof err.exitCode === 'number') {
      // Commands end with a chosen status (1 violations, 3 policy failure) as `vmxlab.*` errors;
      // commander's own (usage) errors are bad input, 2.
      if ('code' in err && typeof err.code === 'string' && err.code.startsWith('vmxlab.'))
        return err.exitCode;
      return err.exitCode === 0 ? 0 : 2;
    }
    process.stderr.write(`vmxlab: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
}
