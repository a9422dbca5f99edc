/**
 * The reminders setting as a WXT storage item of its own (`local:pl:reminders`, version 1; off
 * by default, 7 days before a due date), apart from the highlight settings: it is the library's,
 * and the content script never reads it. Defined on first use, as `settingsStore` is. Reads and
 * writes go through `normalizeReminderSettings` (lib/library/reminders): storage is outside our
 * control, and the days are clamped to 1..90.
 *
 * When version 2 comes: a `migrations: { 2: … }` map here, with a fixture of a stored v1 value,
 * as lib/settings-migrations does for the settings.
 */
import { storage } from 'wxt/utils/storage';
import { DEFAULT_REMINDER_SETTINGS, normalizeReminderSettings, type ReminderSettings } from './library/reminders';

export const REMINDERS_KEY = 'pl:reminders';
const REMINDERS_VERSION = 1;

export interface ReminderSettingsStore {
  get(): Promise<ReminderSettings>;
  set(s: ReminderSettings): Promise<void>;
  /** Calls back with every change (normalised); returns the function that stops watching. */
  watch(cb: (s: ReminderSettings) => void): () => void;
}

let store: ReminderSettingsStore | null = null;

export function reminderSettingsStore(): ReminderSettingsStore {
  if (store) return store;
  const item = storage.defineItem<ReminderSettings>(`local:${REMINDERS_KEY}`, {
    fallback: DEFAULT_REMINDER_SETTINGS,
    version: REMINDERS_VERSION,
  });
  store = {
    get: async () => normalizeReminderSettings(await item.getValue()),
    set: (s) => item.setValue(normalizeReminderSettings(s)),
    watch: (cb) => item.watch((v) => cb(normalizeReminderSettings(v))),
  };
  return store;
}
