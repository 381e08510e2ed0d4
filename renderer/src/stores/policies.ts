// Which policies exist (built-ins, reported by the engine worker; user plugins, read by the host)
// and which are selected for the next run. Built-ins come first in policy-api.md's table order and
// are all selected by default; always-sync, first, is the default baseline.
import { defineStore } from 'pinia';
import { computed, ref, shallowRef } from 'vue';
import type { BuiltInInfo, PolicyRef } from '../../../core/run/protocol';
import type { UserPluginSource } from '../../../core/host/api';
import { getHost } from '../host';

export interface PolicyChoice {
  id: string;
  name: string;
  description: string;
  origin: 'built-in' | 'user';
  version?: string;
  sha256?: string;
  /** A problem found while reading it (bad manifest…); the policy stays listed but not runnable. */
  problem?: string;
  source?: UserPluginSource;
}

/** Shown until the worker reports the real list (same ids, same order). */
const INITIAL_BUILT_INS: PolicyChoice[] = [
  { id: 'always-sync', name: 'Always sync (baseline)', description: '', origin: 'built-in' },
  { id: 'kvm-2020', name: 'KVM skip rule (Linux 5.8)', description: '', origin: 'built-in' },
  { id: 'kvm-current', name: 'KVM current (Linux 5.16+)', description: '', origin: 'built-in' },
  { id: 'never-sync', name: 'Never sync (unsafe)', description: '', origin: 'built-in' },
];

/** Reads what the picker shows from a user plugin's manifest; core's loader does the real check. */
export function describeUserPlugin(src: UserPluginSource): PolicyChoice {
  const fallbackId = src.folder.split(/[\\/]/).filter(Boolean).pop() ?? src.folder;
  try {
    const m = JSON.parse(src.manifestText) as Record<string, unknown>;
    const id = typeof m['id'] === 'string' ? m['id'] : fallbackId;
    const choice: PolicyChoice = {
      id,
      name: typeof m['name'] === 'string' ? m['name'] : id,
      description: typeof m['description'] === 'string' ? m['description'] : '',
      origin: 'user',
      source: src,
    };
    if (typeof m['version'] === 'string') choice.version = m['version'];
    if (src.entryText === null) choice.problem = `${src.entryName}: cannot be read`;
    return choice;
  } catch (err) {
    return {
      id: fallbackId,
      name: fallbackId,
      description: '',
      origin: 'user',
      source: src,
      problem: `plugin.json: ${err instanceof Error ? err.message : 'not valid JSON'}`,
    };
  }
}

export const usePoliciesStore = defineStore('policies', () => {
  const host = getHost();
  const builtIns = shallowRef<PolicyChoice[]>(INITIAL_BUILT_INS);
  const userPolicies = shallowRef<PolicyChoice[]>([]);
  const userFolder = ref<string | null>(null);
  const selected = ref<string[]>(INITIAL_BUILT_INS.map((p) => p.id));

  const all = computed(() => [...builtIns.value, ...userPolicies.value]);

  function setBuiltIns(infos: BuiltInInfo[]): void {
    builtIns.value = infos.map((i) => ({ ...i, origin: 'built-in' as const }));
  }

  async function refreshUserPolicies(): Promise<void> {
    userFolder.value = await host.userPluginFolder();
    const builtInIds = new Set(builtIns.value.map((b) => b.id));
    userPolicies.value = (await host.listUserPlugins()).map((src) => {
      const c = describeUserPlugin(src);
      if (builtInIds.has(c.id)) c.problem = `id '${c.id}' is taken by a built-in policy`;
      return c;
    });
  }

  async function chooseFolder(): Promise<void> {
    const folder = await host.chooseUserPluginFolder();
    if (folder) await refreshUserPolicies();
  }

  function isSelected(id: string): boolean {
    return selected.value.includes(id);
  }

  /** Keeps the selection in list order, so the first selected policy is the natural baseline. */
  function toggle(id: string, on: boolean): void {
    const set = new Set(selected.value);
    if (on) set.add(id);
    else set.delete(id);
    selected.value = all.value.map((p) => p.id).filter((pid) => set.has(pid));
  }

  /** What the worker is asked to run, in list order; unrunnable choices are left out. */
  const runRefs = computed<PolicyRef[]>(() =>
    all.value
      .filter((p) => selected.value.includes(p.id) && !p.problem)
      .map((p) =>
        p.origin === 'built-in' || !p.source
          ? { kind: 'built-in' as const, id: p.id }
          : {
              kind: 'user' as const,
              id: p.id,
              folder: p.source.folder,
              manifestText: p.source.manifestText,
              entryName: p.source.entryName,
              entryText: p.source.entryText,
            },
      ),
  );

  return {
    builtIns,
    userPolicies,
    userFolder,
    selected,
    all,
    runRefs,
    setBuiltIns,
    refreshUserPolicies,
    chooseFolder,
    isSelected,
    toggle,
  };
});
