import { expect, test } from 'vitest';
import {
  clearDraft,
  DRAFT_KEY,
  dropSetAside,
  loadDraft,
  loadSetAside,
  saveDraft,
  setDraftAside,
  type Draft,
  type KeyValueStore,
} from '../../../renderer/src/util/drafts';

function memory(): KeyValueStore & { data: Map<string, string> } {
  const data = new Map<string, string>();
  return {
    data,
    getItem: (k) => data.get(k) ?? null,
    setItem: (k, v) => void data.set(k, v),
    removeItem: (k) => void data.delete(k),
  };
}

const draft = (text: string): Draft => ({
  name: 'a.vmx',
  path: null,
  text,
  savedText: 'original',
  savedAt: '2026-11-25T19:00:00.000Z',
});

test('a saved draft loads back as it was', () => {
  const s = memory();
  saveDraft(s, draft('edited'));
  expect(loadDraft(s)).toEqual(draft('edited'));
  clearDraft(s);
  expect(loadDraft(s)).toBeNull();
});

test('a corrupt or foreign draft entry reads as no draft', () => {
  const s = memory();
  s.setItem(DRAFT_KEY, '{broken');
  expect(loadDraft(s)).toBeNull();
  s.setItem(DRAFT_KEY, JSON.stringify({ text: 3 }));
  expect(loadDraft(s)).toBeNull();
});

test('a share link sets the draft aside instead of dropping it', () => {
  const s = memory();
  saveDraft(s, draft('my unsaved work'));
  const aside = setDraftAside(s, 'shared scenario');
  expect(aside?.text).toBe('my unsaved work');
  expect(loadDraft(s)).toBeNull();
  expect(loadSetAside(s)?.text).toBe('my unsaved work');
  dropSetAside(s);
  expect(loadSetAside(s)).toBeNull();
});

test('a draft identical to the shared text is not offered again, and an older set-aside draft is kept', () => {
  const s = memory();
  saveDraft(s, draft('first'));
  setDraftAside(s, 'link 1');
  saveDraft(s, draft('link 1'));
  // Reloading the same link: the draft equals the link, nothing new to keep; the first stays offered.
  expect(setDraftAside(s, 'link 1')?.text).toBe('first');
  expect(loadDraft(s)).toBeNull();
});
