// `vmxlab policies [--plugins DIR]` (results-cli.md): every available policy with id, name, version,
// origin and source SHA-256 (and folder for user plugins). Plugin problems go to stderr as
// `file: field: message` and are skipped; a duplicate id is bad input (exit 2).
import { CommanderError, type Command } from 'commander';
import { formatProblem } from '../../core/index';
import { loadPolicyCatalog } from '../composition';

export function registerPoliciesCommand(program: Command): void {
  program
    .command('policies')
    .description('list available policies with id, name, version, origin and source SHA-256')
    .option('--plugins <dir>', 'also load user policy plugins from this folder (repeatable)', collect, [])
    .action(async (opts: { plugins: string[] }) => {
      const catalog = await loadPolicyCatalog({ pluginDirs: opts.plugins });
      const idWidth = Math.max(12, ...catalog.entries.map((e) => e.plugin.manifest.id.length));
      for (const { plugin } of catalog.entries) {
        const m = plugin.manifest;
        const cols = [
          m.id.padEnd(idWidth),
          m.version.padEnd(7),
          plugin.origin.padEnd(8),
          plugin.sha256,
          m.name,
        ];
        if (plugin.origin === 'user') cols.push(`(${plugin.folder})`);
        process.stdout.write(`${cols.join('  ')}\n`);
      }
      for (const p of catalog.problems) process.stderr.write(`${formatProblem(p)}\n`);
      // main() maps a `vmxlab.*` CommanderError to its exit code: 2 = bad input.
      if (catalog.problems.some((p) => p.duplicate)) throw new CommanderError(2, 'vmxlab.input', '');
    });
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}
