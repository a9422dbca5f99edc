/** lib/page/messages: every page message has a route, from the extension only, with its shape check. */
import { describe, expect, it } from 'vitest';
import { pageRoutes } from '../../../lib/page/messages';
import { admits } from '../../../lib/protocol/serve';

describe('the page end of the protocol', () => {
  const handled: [string, unknown][] = [];
  const routes = pageRoutes({ handle: async (type, data) => void handled.push([type, data]) as never });

  it.each([
    ['page:getState', undefined, true],
    ['page:getState', { x: 1 }, false],
    ['page:scrollTo', { measureId: '二.1' }, true],
    ['page:scrollTo', { measureId: 5 }, false],
    ['page:scrollToAnnotation', { id: 'a-1' }, true],
    ['page:scrollToAnnotation', { id: '' }, false],
    ['page:reattach', { id: 'a-1' }, true],
    ['page:noteClosed', { id: 'a-1', saved: true }, true],
    ['page:noteClosed', { id: 'a-1', saved: 'yes' }, false],
    ['page:analyzeAnyway', undefined, true],
    ['page:annotationsChanged', null, true],
  ] as const)('%s %j → valid %s', (type, data, ok) => {
    expect(routes[type].valid(data)).toBe(ok);
  });

  it('answers the extension only: never another page', () => {
    const page = { kind: 'page', tabId: 1, frameId: 0, url: 'https://www.gov.cn/' } as const;
    const panel = { kind: 'extension', path: '/sidepanel.html', tabId: null } as const;
    for (const r of Object.values(routes)) {
      expect(admits(r.from, page, ['/sidepanel.html'])).toBe(false);
      expect(admits(r.from, panel, ['/sidepanel.html'])).toBe(true);
    }
  });

  it('hands each message to the controller with its data', async () => {
    await routes['page:scrollTo'].run({ measureId: '三' }, { kind: 'extension', path: '/sidepanel.html', tabId: null });
    expect(handled).toEqual([['page:scrollTo', { measureId: '三' }]]);
  });
});
