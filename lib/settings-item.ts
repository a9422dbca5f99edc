/**
 * The settings as a WXT storage item (`local:pl:settings`, versioned, migrated by
 * lib/settings-migrations). Defined on first use, not at import: defining a versioned item reads
 * storage at once, and the content script touches extension storage only on pages it reads.
 *
 * Reads go through `normalizeSettings` as well: storage is outside our control (devtools, an
 * older or newer version of the extension writing meanwhile).
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_SETTINGS, SETTINGS_KEY, normalizeSettings, type Settings } from './settings';
import { SETTINGS_MIGRATIONS, SETTINGS_VERSION } from './settings-migrations';

export type SettingsStore = {
  get(): Promise<Settings>;
  set(s: Settings): Promise<void>;
  /** Calls back with every change (normalised); returns the function that stops watching. */
  watch(cb: (s: Settings) => void): () => void;
};

let store: SettingsStore | null = null;

export function settingsStore(): SettingsStore {
  if (store) return store;
  const item = storage.defineItem<Settings>(`local:${SETTINGS_KEY}`, {
    fallback: DEFAULT_SETTINGS,
    version: SETTINGS_VERSION,
    migrations: SETTINGS_MIGRATIONS,
  });
  store = {
    get: async () => normalizeSettings(await item.getValue()),
    set: (s) => item.setValue(normalizeSettings(s)),
    watch: (cb) => item.watch((v) => cb(normalizeSettings(v))),
  };
  return store;
}
