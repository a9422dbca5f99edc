/**
 * A policy document shown inside an iframe of a portal page (common on provincial sites):
 * the content script runs in every frame, sub-frames stay silent unless they hold a policy
 * document, and the side panel speaks for the frame that has it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchBrowser, type BrowserHarness } from '../harness/index';
import { SEED_PAGES, start, type SeedServer } from '../harness/server';

const TIMEOUT = 45_000;

describe.each(['chromium', 'firefox'] as const)('policy document in an iframe (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;

  beforeAll(async () => {
    server = await start(0);
    // A portal page whose body is an iframe holding the seed policy document, plus a news iframe.
    server.route('www.gov.cn', '/portal/frame.htm', () => ({
      headers: { 'content-type': 'text/html; charset=utf-8' },
      body: `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>政策文件库</title></head><body>
<header><h1>中国政府网 · 政策文件库</h1><nav>首页 | 政策 | 解读</nav></header>
<iframe id="news" src="${SEED_PAGES.news.path}" style="width:100%;height:200px"></iframe>
<iframe id="doc" src="${SEED_PAGES.policy.path}" style="width:100%;height:900px"></iframe>
<footer>版权所有：中国政府网</footer></body></html>`,
    }));
    h = await launchBrowser(name, { serverPort: server.port });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('the side panel shows the document held by the iframe', async () => {
    const url = server.url('www.gov.cn', '/portal/frame.htm');
    const page = await h.openPage(url);
    const panel = await h.openSidePanel(page);
    const title = await h.waitFor(
      panel,
      () => document.querySelector('[data-state="ready"]') && document.querySelector('[data-testid="doc-title"]')?.textContent?.trim(),
      TIMEOUT,
      'side panel ready with the framed document title',
    );
    expect(String(title).replace(/[“”"]/g, '"')).toBe('国务院关于积极推进"互联网+"行动的指导意见');
    // the portal's own top frame stays unpainted: the highlights live in the iframe's document
    expect(await h.evaluate(page, () => [...CSS.highlights.keys()].filter((k) => k.startsWith('pl-')).length)).toBe(0);
    expect(
      await h.evaluate(page, () => {
        const d = (document.getElementById('doc') as HTMLIFrameElement).contentWindow as any;
        return d.CSS.highlights.size;
      }),
    ).toBeGreaterThan(0);
    // the toolbar badge speaks for the framed document: its measure count, and a title saying why
    const badge = await h.waitFor(
      panel,
      async (u: string) => {
        const api = (globalThis as any).chrome?.action ?? (globalThis as any).browser?.browserAction;
        const tabs = await ((globalThis as any).browser ?? (globalThis as any).chrome).tabs.query({});
        const tab = tabs.find((t: { url?: string }) => t.url === u);
        if (!tab) return null;
        const text = await api.getBadgeText({ tabId: tab.id });
        const title = await api.getTitle({ tabId: tab.id });
        return text ? { text, title } : null;
      },
      TIMEOUT,
      'badge set for the portal tab',
      url,
    );
    expect(badge.text).toBe('43');
    expect(badge.title).toMatch(/43/);
    expect(badge.title).toContain('国发〔2015〕40号');
    await panel.close();
    await page.close();
  });
});
