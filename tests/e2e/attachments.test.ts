/**
 * Attachments, in Chromium and Firefox: a policy page on a government host links its 分工方案 as a
 * PDF; the side panel lists the page's attachments (附件 · N — 用 Policy Lens 打开), the viewer
 * opened on the link fetches that file — the one request the extension makes, to that host —
 * and reads it; the link's context-menu item exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { click, clickAt } from '../harness/input';
import { pollUntil } from '../harness/common';
import { REPO_ROOT, start, type SeedServer } from '../harness/server';

const TIMEOUT = 45_000;
const HOST = 'e2e.gov.cn';
const PAGE = '/zhengce/att-page.html';
const PDF = '/zhengce/files/fengong.pdf';

function page(): string {
  const text = readFileSync(join(REPO_ROOT, 'seeds/library/guofa-shuzi.txt'), 'utf8').trim();
  const [title, ...lines] = text.split('\n');
  const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');
  return `<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(title!)}</title></head><body>
<div class="article"><h1>${esc(title!)}</h1><div id="UCAP-CONTENT">${lines.map((l) => `<p>${esc(l)}</p>`).join('\n')}
<p>附件：<a href="files/fengong.pdf">1. 重点任务分工表</a> <a href="files/fengong.pdf#page=2">（同一文件）</a> <a href="/other/readme.txt">说明</a></p></div></div></body></html>`;
}

describe.each(['chromium', 'firefox'] as const)('attachments (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;

  beforeAll(async () => {
    server = await start(0);
    server.route(HOST, PAGE, () => ({ headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: page() }));
    server.route(HOST, PDF, () => ({ headers: { 'Content-Type': 'application/pdf' }, body: readFileSync(join(REPO_ROOT, 'tests/fixtures/pdf/table.pdf')) }));
    h = await launchBrowser(name, { serverPort: server.port, hosts: [HOST] });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  it('the side panel lists the page’s attachment once, with its link text', async () => {
    const p = await h.openPage(server.url(HOST, PAGE));
    await h.waitFor(p, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, 'painted');
    const panel = await h.openSidePanel(p);
    await h.waitFor(panel, () => document.querySelectorAll('.pl-attachments li').length > 0, TIMEOUT, 'the attachments listed');
    const listed = await h.evaluate(panel, () =>
      Array.from(document.querySelectorAll('.pl-attachments li')).map((li) => [li.getAttribute('data-url'), li.querySelector('span')?.textContent ?? '']),
    );
    expect(listed).toEqual([[server.url(HOST, PDF), '1. 重点任务分工表']]);
    expect(await h.evaluate(panel, () => document.querySelector('.pl-attachments h2')?.textContent ?? '')).toMatch(/附件 · 1|Attachments · 1/);
    await panel.close();
    await p.close();
  });

  it('the viewer opened on the link fetches the file from its host and reads its table', async () => {
    const before = server.requests.filter((r) => r.path === PDF).length;
    const viewer = await h.openExtensionPage(`viewer.html?src=${encodeURIComponent(server.url(HOST, PDF))}`);
    await h.waitFor(viewer, () => document.body.dataset.state === 'ready', TIMEOUT, 'the fetched PDF read');
    expect(server.requests.filter((r) => r.path === PDF).length).toBe(before + 1);
    const leads = await h.evaluate(viewer, () => Array.from(document.querySelectorAll('.pl-viewer-outline .pl-lead')).length);
    expect(leads).toBeGreaterThan(2);
    expect(await h.evaluate(viewer, () => document.querySelector('[data-testid="vw-doc-title"]')?.textContent ?? '')).not.toBe('');
    await viewer.close();
  });

  it('a link the viewer cannot fetch says so', async () => {
    const viewer = await h.openExtensionPage(`viewer.html?src=${encodeURIComponent(server.url(HOST, '/zhengce/files/missing.pdf'))}`);
    await h.waitFor(viewer, () => document.body.dataset.state === 'failed', TIMEOUT, 'the fetch failed');
    expect(await h.evaluate(viewer, () => document.querySelector('[data-testid="vw-message"]')?.textContent ?? '')).toMatch(/无法取得文件|Could not fetch/);
    await viewer.close();
  });

  it('links to PDF and Word files have their context-menu item', async () => {
    const library = await h.openExtensionPage('library.html');
    const exists = await h.evaluate(
      library,
      () =>
        new Promise<string>((resolve) => {
          const g = globalThis as unknown as {
            browser?: { contextMenus: { update(id: string, p: object): Promise<void> } };
            chrome?: { contextMenus: { update(id: string, p: object, cb: () => void): void }; runtime: { lastError?: { message?: string } } };
          };
          if (g.browser?.contextMenus)
            return void g.browser.contextMenus.update('pl-open-link', {}).then(
              () => resolve('ok'),
              (e: Error) => resolve(e.message),
            );
          g.chrome!.contextMenus.update('pl-open-link', {}, () => resolve(g.chrome!.runtime.lastError?.message ?? 'ok'));
        }),
    );
    expect(exists).toBe('ok');
    await library.close();
  });

  /** The PDF-link script's registrations, read from an extension page (none while the setting is off). */
  const pdfLinkScripts = (ext: PageHandle) =>
    h.evaluate(ext, async () => {
      const g = globalThis as unknown as { browser?: { scripting: unknown }; chrome?: { scripting: unknown } };
      const scripting = (g.browser ?? g.chrome)!.scripting as {
        getRegisteredContentScripts(f: { ids: string[] }): Promise<{ id: string; matches?: string[] }[]>;
      };
      return (await scripting.getRegisteredContentScripts({ ids: ['policy-lens-pdf-links'] })).map((x) => x.matches ?? []);
    });

  it('PDF links open in the browser’s viewer by default; with the setting on, the analyst’s click on one opens it in Policy Lens', async () => {
    const p = await h.openPage(server.url(HOST, PAGE));
    await h.waitFor(p, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, 'painted');
    const panel = await h.openSidePanel(p);
    expect(await pdfLinkScripts(panel)).toEqual([]);
    await h.waitFor(panel, () => document.querySelector('#app')?.getAttribute('data-state') === 'ready', TIMEOUT, 'the panel ready');
    await h.evaluate(panel, () => document.querySelector<HTMLElement>('#pl-tab-legend')!.click());
    await h.waitFor(panel, () => document.querySelector<HTMLInputElement>('[data-setting="open-pdf-links"]')?.checked === false, TIMEOUT, 'the setting, off');
    await click(h, panel, '[data-setting="open-pdf-links"]');
    await h.waitFor(
      panel,
      () => document.querySelector<HTMLInputElement>('[data-setting="open-pdf-links"]')?.checked === true,
      TIMEOUT,
      'the setting saved on',
    );
    await pollUntil(async () => ((await pdfLinkScripts(panel)).flat().length ? true : null), TIMEOUT, 'the PDF-link script registered');
    expect((await pdfLinkScripts(panel)).flat()).toContain('*://*.gov.cn/*');

    // the page loaded again gets the script; a real click on the attachment link opens the viewer on it
    await p.reload();
    await h.waitFor(p, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, 'painted again');
    const at = await h.evaluate(p, () => {
      const a = document.querySelector<HTMLAnchorElement>('a[href="files/fengong.pdf"]')!;
      a.scrollIntoView({ block: 'center' });
      const r = a.getBoundingClientRect();
      return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
    });
    const before = server.requests.filter((r) => r.path === PDF).length;
    await clickAt(h, p, at);
    // the tab's own address (Firefox's driver keeps the one it last saw of a page it left for an extension page)
    const shows = () => h.evaluate(p, () => location.href).catch(() => '');
    await pollUntil(async () => (/\/viewer\.html\?src=/.test(await shows()) ? true : null), TIMEOUT, 'the tab went to the viewer');
    expect(new URL(await shows()).searchParams.get('src')).toBe(server.url(HOST, PDF));
    await h.waitFor(p, () => document.body.dataset.state === 'ready', TIMEOUT, 'the viewer read the linked PDF');
    expect(await h.evaluate(p, () => document.querySelectorAll('.pl-viewer-outline .pl-lead').length)).toBeGreaterThan(2);
    // fetched once, by the viewer (the browser never opened it itself)
    expect(server.requests.filter((r) => r.path === PDF).length).toBe(before + 1);

    // off again, from a panel on the tab that now shows the viewer: the script is taken off the auto hosts
    await panel.close();
    const again = await h.openSidePanel(p);
    await h.waitFor(again, () => !!document.querySelector('#pl-tab-legend'), TIMEOUT, 'the panel shows the file in the viewer');
    await h.evaluate(again, () => document.querySelector<HTMLElement>('#pl-tab-legend')!.click());
    await h.waitFor(again, () => document.querySelector<HTMLInputElement>('[data-setting="open-pdf-links"]')?.checked === true, TIMEOUT, 'the setting, on');
    await click(h, again, '[data-setting="open-pdf-links"]');
    await pollUntil(async () => ((await pdfLinkScripts(again)).length === 0 ? true : null), TIMEOUT, 'the PDF-link script unregistered');
    await again.close();
  });
});
