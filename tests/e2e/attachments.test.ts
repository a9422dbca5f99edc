/**
 * Attachments, in Chromium and Firefox: a policy page on a government host links its 分工方案 as a
 * PDF; the side panel lists the page's attachments (附件 · N — 用 Policy Lens 打开), the viewer
 * opened on the link fetches that file — the one request the extension makes, to that host —
 * and reads it; the link's context-menu item exists.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserHarness } from '../harness/index';
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
});
