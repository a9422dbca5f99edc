import { beforeEach, describe, expect, it, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fakeBrowser } from 'wxt/testing/fake-browser';

// WXT storage reads the extension API through @wxt-dev/browser, which picks `chrome` when the
// module is first loaded: the fake goes there before anything imports it.
(globalThis as { chrome?: unknown }).chrome = fakeBrowser;

const FIXTURE = JSON.parse(readFileSync(resolve(process.cwd(), 'tests/fixtures/settings/v1-stored.json'), 'utf8'));
const V2 = JSON.parse(readFileSync(resolve(process.cwd(), 'tests/fixtures/settings/v2-stored.json'), 'utf8'));
const V3 = JSON.parse(readFileSync(resolve(process.cwd(), 'tests/fixtures/settings/v3-stored.json'), 'utf8'));
/** What the later versions add to a migrated value (each with its own test below). */
const LATER = { openPdfLinks: false };

/** A new item over the fake storage (as a context that starts after the value was stored). */
async function freshStore() {
  vi.resetModules();
  return (await import('../../../lib/settings-item')).settingsStore();
}

describe('settings: a versioned WXT storage item', () => {
  beforeEach(() => fakeBrowser.reset());

  it('a value stored by version 1 is migrated once to the normalised shape (cite on), and marked v4', async () => {
    await fakeBrowser.storage.local.set({ 'pl:settings': FIXTURE.stored });
    const store = await freshStore();
    expect(await store.get()).toEqual({ ...FIXTURE.v2, ...LATER });
    // the stored value itself is migrated (backups and every reader see the same), with its version
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get('pl:settings$'))['pl:settings$']).toEqual({ v: 4 }));
    expect((await fakeBrowser.storage.local.get('pl:settings'))['pl:settings']).toEqual({ ...FIXTURE.v2, ...LATER });
  });

  it('a value stored by version 2 gains the cite category, the rest kept', async () => {
    await fakeBrowser.storage.local.set({ 'pl:settings': V2.stored, 'pl:settings$': { v: 2 } });
    const store = await freshStore();
    expect(await store.get()).toEqual({ ...V2.v3, ...LATER });
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get('pl:settings$'))['pl:settings$']).toEqual({ v: 4 }));
    expect((await fakeBrowser.storage.local.get('pl:settings'))['pl:settings']).toEqual({ ...V2.v3, ...LATER });
  });

  it('a value stored by version 3 gains openPdfLinks, off (an update does not change what a click on a link does)', async () => {
    await fakeBrowser.storage.local.set({ 'pl:settings': V3.stored, 'pl:settings$': { v: 3 } });
    const store = await freshStore();
    expect(await store.get()).toEqual(V3.v4);
    await vi.waitFor(async () => expect((await fakeBrowser.storage.local.get('pl:settings$'))['pl:settings$']).toEqual({ v: 4 }));
    expect((await fakeBrowser.storage.local.get('pl:settings'))['pl:settings']).toEqual(V3.v4);
  });

  it('nothing stored: the defaults; a change is normalised when written and seen by watchers', async () => {
    const store = await freshStore();
    expect((await store.get()).autoHosts).toEqual(['*.gov.cn', 'gov.cn']);
    const seen: string[][] = [];
    const stop = store.watch((s) => seen.push(s.autoHosts));
    await store.set({ ...(await store.get()), autoHosts: ['gov.cn', 'www.people.com.cn', '*.org'] });
    await vi.waitFor(() => expect(seen.at(-1)).toEqual(['*.gov.cn', 'gov.cn', 'www.people.com.cn']));
    stop();
  });

  it('a value written meanwhile in a bad shape (devtools, another version) is read normalised', async () => {
    const store = await freshStore();
    await fakeBrowser.storage.local.set({ 'pl:settings': { master: 'yes', categories: null, autoHosts: 'gov.cn' } });
    expect(await store.get()).toEqual({
      master: true,
      categories: { area: true, lead: true, co: true, deadline: true, cite: true },
      autoHosts: ['*.gov.cn', 'gov.cn'],
      openPdfLinks: false,
    });
  });
});
