/**
 * Self-test of the browser harness with a tiny probe extension (tests/e2e/fixtures/probe-ext),
 * independent of Policy Lens itself. It checks the assumptions foundation.test.ts rests on:
 * - a content script (isolated world) registering a CSS Custom Highlight is visible from the
 *   page's main world (the registry is per document) — in Chromium AND Firefox;
 * - an extension page can ask the content script for its state with tabs.sendMessage;
 * - extension pages open by URL (pinned moz-extension UUID in Firefox), screenshots are PNGs;
 * - IndexedDB in the extension origin survives a page reload and a browser restart.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFile, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launchBrowser, type BrowserHarness, type BrowserName } from '../harness/index';
import { highlightSummary, panelSnapshot, tabState, waitForTabStatus } from '../harness/extension';
import { SEED_PAGES, start, type SeedServer } from '../harness/server';

const FIXTURE = join(dirname(fileURLToPath(import.meta.url)), 'fixtures', 'probe-ext');

async function buildProbe(name: BrowserName): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), `pl-probe-${name}-`));
  await copyFile(join(FIXTURE, name === 'chromium' ? 'manifest.mv3.json' : 'manifest.mv2.json'), join(dir, 'manifest.json'));
  for (const f of ['content.js', 'bg.js', 'page.html']) await copyFile(join(FIXTURE, f), join(dir, f));
  return dir;
}

describe('harness: missing browser', () => {
  it.each(['chromium', 'firefox'] as const)('%s: fails (never skips) with the install command', async (name) => {
    const envVar = name === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH';
    const before = process.env[envVar];
    process.env[envVar] = '/nonexistent/bin/browser';
    try {
      await expect(launchBrowser(name, { serverPort: 1 })).rejects.toThrow(/apt-get install -y chromium firefox-esr fonts-wqy-microhei/);
    } finally {
      if (before === undefined) delete process.env[envVar];
      else process.env[envVar] = before;
    }
  });

  it('fails clearly when the extension was not built', async () => {
    await expect(launchBrowser('chromium', { serverPort: 1, extensionDir: '/nonexistent/chrome-mv3' })).rejects.toThrow(
      /No built extension at \/nonexistent\/chrome-mv3.*npx wxt build/,
    );
  });
});

describe.each(['chromium', 'firefox'] as const)('harness self-test (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  let extDir: string;

  beforeAll(async () => {
    server = await start(0);
    server.route('www.gov.cn', '/e2e/weather.htm', () => ({
      body: '<!doctype html><html lang="zh-CN"><meta charset="utf-8"><title>天气</title><h1>北京今日天气预报</h1><p>晴，北风二级。</p></html>',
    }));
    extDir = await buildProbe(name);
    h = await launchBrowser(name, { serverPort: server.port, extensionDir: extDir });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
    if (extDir) await rm(extDir, { recursive: true, force: true });
  });

  it('loads the extension and knows its base URL', () => {
    const re = name === 'chromium' ? /^chrome-extension:\/\/[a-p]{32}\/$/ : /^moz-extension:\/\/[0-9a-f-]{36}\/$/;
    expect(h.extensionBaseUrl).toMatch(re);
  });

  it('sees a highlight registered by the content script from the page main world', async () => {
    const url = server.url(SEED_PAGES.policy.host, SEED_PAGES.policy.path);
    const page = await h.openPage(url);
    expect(page.url()).toBe(url);
    await h.waitFor(page, () => CSS.highlights.size > 0, 15_000, 'probe highlight visible in the main world');
    const hl = await highlightSummary(h, page);
    expect(hl.names).toEqual(['pl-probe']);
    expect(hl.ranges).toBe(1);
    expect(hl.samples[0]).toContain('互联网');
    // and the content script answers an extension page through tabs.sendMessage
    const panel = await h.openExtensionPage('page.html');
    const state = await tabState(h, panel, url);
    expect(state).toMatchObject({ status: 'policy', highlightCount: 1 });
    expect(state?.title).toContain('国务院关于积极推进');
    expect(await panelSnapshot(h, panel)).toMatchObject({ state: 'ready', title: '探针页面' });
    await panel.close();
    await page.close();
  });

  it('serves dynamic routes through the browser (host mapping / proxy) and sees no highlight there', async () => {
    const url = server.url('www.gov.cn', '/e2e/weather.htm');
    const page = await h.openPage(url);
    const panel = await h.openExtensionPage('page.html');
    // the probe answers once it has run: then CSS.highlights must be empty
    const state = await waitForTabStatus(h, panel, url, 15_000);
    expect(state).toMatchObject({ status: 'not-policy', highlightCount: 0, title: '北京今日天气预报' });
    expect(await h.evaluate(page, () => CSS.highlights.size)).toBe(0);
    await panel.close();
    await page.close();
  });

  it('does not reach the network for hosts that are not seeds', async () => {
    const url = server.url('www.example.org', '/');
    const page = await h.openPage('about:blank');
    const error = await page.goto(url).then(
      () => '',
      (e: Error) => e.message,
    );
    if (name === 'chromium') {
      // every unmapped host resolves to NOTFOUND
      expect(error).toMatch(/ERR_NAME_NOT_RESOLVED/);
    } else {
      // everything goes through the seed server as proxy, which has no such site
      expect(server.requests.some((r) => r.host === 'www.example.org' && r.status === 404)).toBe(true);
    }
    await page.close();
  });

  it('takes PNG screenshots', async () => {
    const page = await h.openPage(server.url(SEED_PAGES.policy.host, SEED_PAGES.policy.path));
    const out = join(extDir, 'shot.png');
    await h.screenshot(page, out);
    const png = await readFile(out);
    expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
    expect(png.length).toBeGreaterThan(5_000);
    await page.close();
  });

  it('keeps IndexedDB of the extension origin across a reload and a browser restart', async () => {
    const put = async () => {
      const panel = await h.openExtensionPage('page.html');
      await h.evaluate(
        panel,
        () =>
          new Promise<void>((ok, fail) => {
            const req = indexedDB.open('harness-probe', 1);
            req.onupgradeneeded = () => req.result.createObjectStore('kv');
            req.onerror = () => fail(req.error);
            req.onsuccess = () => {
              const tx = req.result.transaction('kv', 'readwrite');
              tx.objectStore('kv').put({ title: '关于加快发展数字经济的通知' }, 'k1');
              tx.oncomplete = () => {
                req.result.close();
                ok();
              };
              tx.onerror = () => fail(tx.error);
            };
          }),
      );
      return panel;
    };
    const get = (panel: Awaited<ReturnType<typeof put>>) =>
      h.evaluate(
        panel,
        () =>
          new Promise<unknown>((ok, fail) => {
            const req = indexedDB.open('harness-probe', 1);
            req.onupgradeneeded = () => req.result.createObjectStore('kv');
            req.onerror = () => fail(req.error);
            req.onsuccess = () => {
              const g = req.result.transaction('kv').objectStore('kv').get('k1');
              g.onsuccess = () => {
                req.result.close();
                ok(g.result ?? null);
              };
              g.onerror = () => fail(g.error);
            };
          }),
      );
    const panel = await put();
    await panel.reload();
    expect(await get(panel)).toEqual({ title: '关于加快发展数字经济的通知' });
    const base = h.extensionBaseUrl;
    await h.restart();
    expect(h.extensionBaseUrl).toBe(base);
    const again = await h.openExtensionPage('page.html');
    expect(await get(again)).toEqual({ title: '关于加快发展数字经济的通知' });
    await again.close();
  });
});
