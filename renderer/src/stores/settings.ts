// App settings kept in localStorage: live mode and its debounce delay.
import { defineStore } from 'pinia';
import { ref, watch } from 'vue';

const KEY = 'vmxlab.settings/1';

interface Stored {
  liveMode?: boolean;
  liveDelayMs?: number;
}

function load(): Stored {
  try {
    const v: unknown = JSON.parse(localStorage.getItem(KEY) ?? '{}');
    return v && typeof v === 'object' ? (v as Stored) : {};
  } catch {
    return {};
  }
}

export const useSettingsStore = defineStore('settings', () => {
  const stored = load();
  const liveMode = ref(stored.liveMode === true);
  const liveDelayMs = ref(
    typeof stored.liveDelayMs === 'number' && stored.liveDelayMs >= 0 ? stored.liveDelayMs : 400,
  );
  watch([liveMode, liveDelayMs], () => {
    localStorage.setItem(KEY, JSON.stringify({ liveMode: liveMode.value, liveDelayMs: liveDelayMs.value }));
  });
  return { liveMode, liveDelayMs };
});
