/** The reminders setting as its own WXT storage item (`local:pl:reminders`, v1): off by default, normalised on read and write. */
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// WXT storage picks `chrome` when first loaded: the fake goes there before anything imports it.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

async function freshStore() {
  vi.resetModules();
  return (await import('../../../lib/settings-reminders')).reminderSettingsStore();
}

describe('reminders setting', () => {
  beforeEach(() => fakeBrowser.reset());

  it('nothing stored: off, 7 days before', async () => {
    expect(await (await freshStore()).get()).toEqual({ enabled: false, daysBefore: 7 });
  });

  it('written normalised (days clamped), under its own key, seen by watchers', async () => {
    const store = await freshStore();
    const seen: unknown[] = [];
    const stop = store.watch((s) => seen.push(s));
    await store.set({ enabled: true, daysBefore: 400 });
    expect((await fakeBrowser.storage.local.get('pl:reminders'))['pl:reminders']).toEqual({ enabled: true, daysBefore: 90 });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual({ enabled: true, daysBefore: 90 }));
    stop();
    // the highlight settings are another item
    expect((await fakeBrowser.storage.local.get('pl:settings'))['pl:settings']).toBeUndefined();
  });

  it('a bad value written meanwhile (devtools, another version) reads normalised', async () => {
    const store = await freshStore();
    await fakeBrowser.storage.local.set({ 'pl:reminders': { enabled: 1, daysBefore: -5 } });
    expect(await store.get()).toEqual({ enabled: false, daysBefore: 1 });
    await fakeBrowser.storage.local.set({ 'pl:reminders': 'on' });
    expect(await store.get()).toEqual({ enabled: false, daysBefore: 7 });
  });
});
