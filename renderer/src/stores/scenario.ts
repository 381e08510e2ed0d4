// The scenario buffer: its text, file identity, dirty state, diagnostics and the draft that mirrors it
// to localStorage; also where the editor is asked to reveal a line (problems, chart, violations).
import { defineStore } from 'pinia';
import { computed, ref, shallowRef, watch } from 'vue';
import exampleText from '../../../examples/01-shadow-l1-no-vpid.vmx?raw';
import type { ScenarioFile } from '../../../core/host/api';
import { getHost } from '../host';
import { createLanguageService, type Diagnostic } from '../lang/dsl';
import {
  clearDraft,
  dropSetAside,
  loadDraft,
  loadSetAside,
  saveDraft,
  setDraftAside,
  SET_ASIDE_KEY,
  type Draft,
} from '../util/drafts';
import { sharedScenarioFromHash, shareHash } from '../util/share';

export const EXAMPLE_NAME = '01-shadow-l1-no-vpid.vmx';

export interface RevealRequest {
  line: number;
  column: number;
  /** Bumped on every request so asking for the same line twice still moves the cursor. */
  seq: number;
}

export const useScenarioStore = defineStore('scenario', () => {
  const host = getHost();
  const languageService = createLanguageService();

  const text = ref(exampleText);
  const name = ref(EXAMPLE_NAME);
  const path = ref<string | null>(null);
  /** The text as last opened or saved; null for a buffer that never was a file. */
  const savedText = ref<string | null>(exampleText);
  const diagnostics = shallowRef<Diagnostic[]>([]);
  const reveal = ref<RevealRequest | null>(null);
  const setAside = ref<Draft | null>(null);
  const dirty = computed(() => text.value !== savedText.value);
  let revealSeq = 0;

  function revealLine(line: number, column = 1): void {
    reveal.value = { line, column, seq: ++revealSeq };
  }

  function refreshDiagnostics(): void {
    try {
      diagnostics.value = languageService.diagnostics(text.value);
    } catch (err) {
      diagnostics.value = [
        {
          severity: 'error',
          message: `language service failed: ${err instanceof Error ? err.message : String(err)}`,
          line: 1,
          column: 1,
          endLine: 1,
          endColumn: 2,
        },
      ];
    }
  }

  /** Bumped whenever another scenario replaces the buffer: results of the old one no longer apply. */
  const generation = ref(0);

  function load(file: ScenarioFile, asSaved = true): void {
    generation.value++;
    name.value = file.name;
    path.value = file.path;
    savedText.value = asSaved ? file.text : null;
    text.value = file.text;
  }

  /** Opens a shared scenario ahead of the current buffer, whose unsaved work is set aside and offered. */
  function openShared(shared: string): void {
    setAside.value = setDraftAside(localStorage, shared);
    load({ path: null, name: 'shared.vmx', text: shared });
  }

  /** Opening order: a share link, else the unsaved draft, else the bundled example. */
  function init(): void {
    const shared = sharedScenarioFromHash(location.hash);
    // A share link pasted into an open tab changes only the fragment: no reload, so listen for it.
    addEventListener('hashchange', () => {
      const s = sharedScenarioFromHash(location.hash);
      if (s === null || s === text.value) return;
      persistDraft(); // the buffer being replaced: its unsaved state must be in storage to be set aside
      openShared(s);
    });
    if (shared !== null) {
      openShared(shared);
    } else {
      const draft = loadDraft(localStorage);
      if (draft) {
        name.value = draft.name;
        path.value = draft.path;
        savedText.value = draft.savedText;
        text.value = draft.text;
      }
      setAside.value = loadSetAside(localStorage);
    }
    refreshDiagnostics();
  }

  let draftTimer: ReturnType<typeof setTimeout> | undefined;
  function persistDraft(): void {
    if (dirty.value) {
      saveDraft(localStorage, {
        name: name.value,
        path: path.value,
        text: text.value,
        savedText: savedText.value,
        savedAt: new Date().toISOString(),
      });
    } else clearDraft(localStorage);
  }
  watch(text, () => {
    refreshDiagnostics();
    clearTimeout(draftTimer);
    draftTimer = setTimeout(persistDraft, 250);
  });
  // A crash cannot flush the timer, but a reload or a closed tab can.
  addEventListener('pagehide', persistDraft);

  function restoreSetAside(): void {
    const d = setAside.value;
    if (!d) return;
    // The buffer being replaced becomes the set-aside one if it holds unsaved work.
    const current: Draft | null = dirty.value
      ? {
          name: name.value,
          path: path.value,
          text: text.value,
          savedText: savedText.value,
          savedAt: new Date().toISOString(),
        }
      : null;
    generation.value++;
    name.value = d.name;
    path.value = d.path;
    savedText.value = d.savedText;
    text.value = d.text;
    if (current) {
      localStorage.setItem(SET_ASIDE_KEY, JSON.stringify(current));
      setAside.value = current;
    } else {
      dropSetAside(localStorage);
      setAside.value = null;
    }
    persistDraft();
  }

  function discardSetAside(): void {
    dropSetAside(localStorage);
    setAside.value = null;
  }

  function newScenario(): void {
    load({ path: null, name: 'untitled.vmx', text: 'scenario "untitled" {\n}\n' }, false);
  }

  async function open(): Promise<void> {
    const file = await host.openScenarioFile();
    if (file) load(file);
  }

  async function openRecent(p: string): Promise<void> {
    const file = await host.openRecentFile(p);
    if (file) load(file);
  }

  async function save(as = false): Promise<void> {
    const file = { path: path.value, name: name.value, text: text.value };
    const res = as ? await host.saveScenarioFileAs(file) : await host.saveScenarioFile(file);
    if (!res) return;
    path.value = res.path;
    name.value = res.name;
    savedText.value = file.text;
    persistDraft();
  }

  function format(): void {
    text.value = languageService.format(text.value);
  }

  function shareUrl(): string {
    const url = new URL(location.href);
    url.hash = shareHash(text.value);
    return url.toString();
  }

  return {
    text,
    name,
    path,
    savedText,
    dirty,
    diagnostics,
    reveal,
    setAside,
    generation,
    languageService,
    init,
    load,
    revealLine,
    restoreSetAside,
    discardSetAside,
    newScenario,
    open,
    openRecent,
    save,
    format,
    shareUrl,
  };
});
