import { describe, expect, it } from 'vitest';
import { classifySender } from '../../../lib/protocol/sender';
import { admits } from '../../../lib/protocol/serve';

const EXT = { id: 'abc', origin: 'chrome-extension://abc/' };
const MOZ = { id: 'policy-lens@policylens.local', origin: 'moz-extension://1f2e3d4c-0000-4000-8000-000000000001/' };

describe('who sent a message comes from the browser, not the message', () => {
  it.each([
    [
      'the side panel (Chrome)',
      EXT,
      { id: 'abc', url: 'chrome-extension://abc/sidepanel.html?tabId=3' },
      { kind: 'extension', path: '/sidepanel.html', tabId: null },
    ],
    ['the sidebar (Firefox)', MOZ, { id: MOZ.id, url: `${MOZ.origin}sidepanel.html` }, { kind: 'extension', path: '/sidepanel.html', tabId: null }],
    [
      'an extension frame inside a tab',
      EXT,
      { id: 'abc', url: 'chrome-extension://abc/note.html#t', tab: { id: 4 }, frameId: 2 },
      { kind: 'extension', path: '/note.html', tabId: 4 },
    ],
    [
      'a content script in a sub-frame',
      EXT,
      { id: 'abc', url: 'http://www.gd.gov.cn/zw/a.html', tab: { id: 9, url: 'http://portal.example/' }, frameId: 5 },
      { kind: 'page', tabId: 9, frameId: 5, url: 'http://www.gd.gov.cn/zw/a.html' },
    ],
    [
      'a content script without a frame URL (its tab URL)',
      EXT,
      { id: 'abc', tab: { id: 9, url: 'https://www.gov.cn/a' }, frameId: 0 },
      { kind: 'page', tabId: 9, frameId: 0, url: 'https://www.gov.cn/a' },
    ],
  ] as const)('%s', (_what, ext, sender, expected) => {
    expect(classifySender(sender, ext)).toEqual(expected);
  });

  it.each([
    ['another extension', { id: 'evil', url: 'chrome-extension://evil/page.html' }],
    ['another extension claiming our origin in a tab', { id: 'evil', url: 'chrome-extension://abc/sidepanel.html', tab: { id: 1 } }],
    ['no sender', undefined],
    ['a page message without a tab', { id: 'abc', url: 'https://www.gov.cn/' }],
    ['a content script on a data: frame', { id: 'abc', url: 'data:text/html,x', tab: { id: 1 }, frameId: 3 }],
  ])('%s is nobody', (_what, sender) => {
    expect(classifySender(sender as never, EXT)).toBeNull();
  });

  it('panel-only routes admit the panel pages, not content scripts nor other extension frames', () => {
    const page = { kind: 'page', tabId: 1, frameId: 0, url: 'http://www.gov.cn/' } as const;
    const panel = { kind: 'extension', path: '/sidepanel.html', tabId: null } as const;
    const note = { kind: 'extension', path: '/note.html', tabId: 1 } as const;
    const pages = ['/sidepanel.html'];
    expect([admits('panel', page, pages), admits('panel', panel, pages), admits('panel', note, pages)]).toEqual([false, true, false]);
    expect([admits('page', page, pages), admits('page', panel, pages)]).toEqual([true, false]);
    expect([admits('page-or-panel', page, pages), admits('page-or-panel', panel, pages), admits('page-or-panel', note, pages)]).toEqual([true, true, false]);
    expect([admits('extension', page, pages), admits('extension', note, pages)]).toEqual([false, true]);
  });
});
