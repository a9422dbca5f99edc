import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { defineExtensionMessaging } from '@webext-core/messaging';
import { serve, type Routes } from '../../../lib/protocol/serve';
import { installFakeChrome } from './fake-chrome';
import { describeStorageError, isStorageError, StorageError } from '../../../lib/store/errors';
import { catalogGetMessage, createT } from '../../../lib/i18n';
import enCatalog from '../../../public/_locales/en/messages.json';

const EXT = { id: 'policy-lens', origin: 'chrome-extension://policy-lens/' };
const PANEL = { id: 'policy-lens', url: 'chrome-extension://policy-lens/sidepanel.html' };
const PAGE = { id: 'policy-lens', url: 'http://www.gov.cn/zhengce/content/a.htm', tab: { id: 7, url: 'http://www.gov.cn/zhengce/content/a.htm' }, frameId: 0 };

interface TestProtocol {
  'bg:echo'(d: { text: string }): { text: string; from: string };
  'bg:panelOnly'(): string;
}

describe('messages on the oldest Chrome we declare (answers through sendResponse only)', () => {
  let fake: ReturnType<typeof installFakeChrome>;
  beforeEach(() => (fake = installFakeChrome({ promiseReplies: false })));
  afterEach(() => fake.uninstall());

  it('a listener that returns a Promise answers nothing there — the reason we do not', async () => {
    fake.chrome.runtime.onMessage.addListener(() => Promise.resolve('late') as unknown as boolean);
    const got = await new Promise((r) => fake.chrome.runtime.sendMessage({ any: 1 }, r));
    expect(got).toBeUndefined();
  });

  it('the protocol answers, with typed data, and async handlers work', async () => {
    const m = defineExtensionMessaging<TestProtocol>();
    const routes: Routes<TestProtocol> = {
      'bg:echo': {
        from: 'page-or-panel',
        valid: (d) => typeof (d as { text?: unknown })?.text === 'string',
        run: async (d, s) => ({ text: d.text.toUpperCase(), from: s.kind }),
      },
      'bg:panelOnly': { from: 'panel', valid: (d) => d === undefined, run: () => 'ok' },
    };
    serve(m, routes, { ext: EXT, panelPages: ['/sidepanel.html'] });
    fake.as(PAGE);
    expect(await m.sendMessage('bg:echo', { text: 'abc' })).toEqual({ text: 'ABC', from: 'page' });
    fake.as(PANEL);
    expect(await m.sendMessage('bg:echo', { text: 'x' })).toEqual({ text: 'X', from: 'extension' });
    expect(await m.sendMessage('bg:panelOnly')).toBe('ok');
  });

  it('a sender a route does not admit, or malformed data, gets an error, not the handler', async () => {
    const m = defineExtensionMessaging<TestProtocol>();
    let ran = 0;
    const routes: Routes<TestProtocol> = {
      'bg:echo': { from: 'panel', valid: (d) => typeof (d as { text?: unknown })?.text === 'string', run: (d) => (ran++, { text: d.text, from: '' }) },
      'bg:panelOnly': { from: 'panel', valid: (d) => d === undefined, run: () => (ran++, 'ok') },
    };
    serve(m, routes, { ext: EXT, panelPages: ['/sidepanel.html'] });
    fake.as(PAGE);
    await expect(m.sendMessage('bg:panelOnly')).rejects.toThrow(/not accepted from this sender/);
    fake.as({ ...PAGE, id: 'another-extension' });
    await expect(m.sendMessage('bg:echo', { text: 'x' })).rejects.toThrow(/not accepted/);
    fake.as(PANEL);
    await expect(m.sendMessage('bg:echo', { text: 5 } as never)).rejects.toThrow(/malformed data/);
    expect(ran).toBe(0);
  });

  it("a handler's error reaches the sender as `reword` made it (a StorageError worded in the UI language)", async () => {
    const m = defineExtensionMessaging<TestProtocol>();
    const routes: Routes<TestProtocol> = {
      'bg:echo': {
        from: 'page-or-panel',
        valid: () => true,
        run: () => {
          throw new StorageError('quota');
        },
      },
      'bg:panelOnly': { from: 'panel', valid: () => true, run: () => 'ok' },
    };
    const t = createT(catalogGetMessage(enCatalog));
    serve(m, routes, { ext: EXT, panelPages: ['/sidepanel.html'], reword: (e) => (isStorageError(e) ? new Error(describeStorageError(e, t)) : e) });
    fake.as(PAGE);
    await expect(m.sendMessage('bg:echo', { text: 'x' })).rejects.toThrow(/^Storage quota exceeded/);
    fake.as(PANEL);
    expect(await m.sendMessage('bg:panelOnly')).toBe('ok');
  });
});
