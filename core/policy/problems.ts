// Plugin problems and policy failures as data (policy-api.md "Plugin packaging", "The contract"): a bad
// plugin is reported by file and field and skipped, never fatal; a policy that fails mid-run throws a
// PolicyError naming the policy and the event index, and the engine ends that run with "policy-error".

/** One problem with one plugin, reported as `file: field: message` (VS Code's per-extension collector). */
export interface PluginProblem {
  /** Path of the offending file as the host named it (`<folder>/plugin.json`, `<folder>/index.ts`). */
  file: string;
  /** Manifest field (`id`, `entry`…), `entry` for the module itself, or `(json)` for unparsable JSON. */
  field: string;
  message: string;
  /** Two plugins claim one id: unlike other problems this makes the CLI exit 2 (results-cli.md). */
  duplicate?: boolean;
}

export function formatProblem(p: PluginProblem): string {
  return `${p.file}: ${p.field}: ${p.message}`;
}

/** A policy failed while deciding: threw, ran past its deadline, ran out of memory or returned a bad Decision. */
export class PolicyError extends Error {
  constructor(
    message: string,
    readonly policyId: string,
    /** Transition.index of the failing call. */
    readonly event: number,
  ) {
    super(message);
    this.name = 'PolicyError';
  }
}
