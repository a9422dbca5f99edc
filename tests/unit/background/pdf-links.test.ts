/** PDF links opened in Policy Lens: where the script is registered, and where a clicked link goes. */
import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS, type Settings } from '../../../lib/settings';
import { openPdfLink, pdfLinksRegistration } from '../../../lib/background/pdf-links';

const on: Settings = { ...DEFAULT_SETTINGS, openPdfLinks: true };
const PDF = 'https://www.gov.cn/zhengce/files/fengong.pdf';

function deps(settings: Settings, fetchable: string[]) {
  const calls: string[] = [];
  return {
    calls,
    deps: {
      settings: async () => settings,
      canFetch: async (pattern: string) => fetchable.includes(pattern),
      viewerUrl: (src: string) => `chrome-extension://id/viewer.html?src=${encodeURIComponent(src)}`,
      openTab: async (url: string, beside: number) => void calls.push(`new tab beside ${beside}: ${url}`),
      navigateTab: async (tab: number, url: string) => void calls.push(`tab ${tab}: ${url}`),
    },
  };
}

describe('the PDF-link script’s registration', () => {
  it('none while the setting is off (the default) or no host is granted', () => {
    expect(DEFAULT_SETTINGS.openPdfLinks).toBe(false);
    expect(pdfLinksRegistration(DEFAULT_SETTINGS, ['*://*.gov.cn/*'])).toBeNull();
    expect(pdfLinksRegistration(on, [])).toBeNull();
  });

  it('on: every frame of the granted auto hosts, from the document’s start', () => {
    expect(pdfLinksRegistration(on, ['*://*.gov.cn/*', '*://www.npc.gov.cn/*'])).toEqual({
      id: 'policy-lens-pdf-links',
      matches: ['*://*.gov.cn/*', '*://www.npc.gov.cn/*'],
      js: ['pdf-links.js'],
      runAt: 'document_start',
      allFrames: true,
      persistAcrossSessions: true,
    });
  });
});

describe('openPdfLink', () => {
  it('in the viewer, in the link’s own tab or a new one beside it, when the file’s host may be fetched', async () => {
    const a = deps(on, ['https://www.gov.cn/*']);
    await openPdfLink({ type: 'pl:openPdfLink', url: PDF, newTab: false }, 7, a.deps);
    await openPdfLink({ type: 'pl:openPdfLink', url: PDF, newTab: true }, 7, a.deps);
    const viewer = `chrome-extension://id/viewer.html?src=${encodeURIComponent(PDF)}`;
    expect(a.calls).toEqual([`tab 7: ${viewer}`, `new tab beside 7: ${viewer}`]);
  });

  it('a host it may not fetch from, or the setting turned off meanwhile: the link as the browser would have opened it', async () => {
    const other = 'https://files.example.org/a.pdf';
    const a = deps(on, ['https://www.gov.cn/*']);
    expect(await openPdfLink({ type: 'pl:openPdfLink', url: other, newTab: false }, 3, a.deps)).toBe(other);
    const off = deps(DEFAULT_SETTINGS, ['https://www.gov.cn/*']);
    expect(await openPdfLink({ type: 'pl:openPdfLink', url: PDF, newTab: true }, 3, off.deps)).toBe(PDF);
    expect([...a.calls, ...off.calls]).toEqual([`tab 3: ${other}`, `new tab beside 3: ${PDF}`]);
  });

  it('a message that names no PDF link opens nothing', async () => {
    const a = deps(on, ['https://www.gov.cn/*']);
    for (const url of ['javascript:alert(1)', 'chrome://settings/a.pdf', 'https://www.gov.cn/a.html', 'file:///etc/a.pdf'])
      expect(await openPdfLink({ type: 'pl:openPdfLink', url, newTab: false }, 1, a.deps)).toBeNull();
    expect(a.calls).toEqual([]);
  });
});
