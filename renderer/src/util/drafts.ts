// Unsaved buffers survive a reload or a crash (ui-contract.md "Workspace"): the current buffer is
// mirrored to localStorage while it differs from what was last opened or saved. A share link opens
// ahead of the draft, but the draft is moved aside and offered, never dropped silently.
import { z } from 'zod';

export const DRAFT_KEY = 'vmxlab.draft/1';
export const SET_ASIDE_KEY = 'vmxlab.draft.setAside/1';

const draftSchema = z.object({
  name: z.string().min(1),
  path: z.string().nullable(),
  text: z.string(),
  /** The text of the file as last opened or saved, to tell a draft from its file. */
  savedText: z.string().nullable(),
  savedAt: z.string(),
});
export type Draft = z.infer<typeof draftSchema>;

export interface KeyValueStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

function read(store: KeyValueStore, key: string): Draft | null {
  const raw = store.getItem(key);
  if (raw === null) return null;
  try {
    const parsed = draftSchema.safeParse(JSON.parse(raw));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function loadDraft(store: KeyValueStore): Draft | null {
  return read(store, DRAFT_KEY);
}

export function loadSetAside(store: KeyValueStore): Draft | null {
  return read(store, SET_ASIDE_KEY);
}

export function saveDraft(store: KeyValueStore, draft: Draft): void {
  try {
    store.setItem(DRAFT_KEY, JSON.stringify(draft));
  } catch {
    // Quota exceeded: the buffer stays in memory; nothing better to do in a browser.
  }
}

export function clearDraft(store: KeyValueStore): void {
  store.removeItem(DRAFT_KEY);
}

/**
 * Moves the current draft aside so another buffer (a share link) can open ahead of it. A draft
 * whose text equals the incoming text is just cleared: nothing would be lost.
 */
export function setDraftAside(store: KeyValueStore, incomingText: string): Draft | null {
  const draft = loadDraft(store);
  if (draft && draft.text !== incomingText) {
    store.setItem(SET_ASIDE_KEY, JSON.stringify(draft));
  }
  clearDraft(store);
  return loadSetAside(store);
}

export function dropSetAside(store: KeyValueStore): void {
  store.removeItem(SET_ASIDE_KEY);
}
