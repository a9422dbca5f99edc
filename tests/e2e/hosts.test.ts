/**
 * Pages beyond the built-in government hosts (issue 4, item 1): on request (the side panel's
 * button, as the toolbar and the context menu do: lib/page/inject.ts) and on hosts the user adds
 * to the auto list (the first look registered there by the background).
 *
 * Both need the host permission, which a user grants in a browser prompt that tests cannot
 * click. The built extension is copied with `*://*.example.org/*` added to its host permissions
 * (the grant the prompt would give); nothing else of the build changes.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtemp, readFile, rm, writeFile, cp } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { defaultExtensionDir } from '../harness/common';
import { tabState } from '../harness/extension';
import { REPO_ROOT, SEED_PAGES, start, type SeedServer } from '../harness/server';

const TIMEOUT = 45_000;
const GRANTED = '*://*.example.org/*';
const REQUEST_HOST = 'request.example.org';
const USER_HOST = 'docs.example.org';
const PATH = '/policy/2015-40.html';

interface RawPage {
  click(selector: string): Promise<void>;
}

/** A copy of the build with GRANTED among its host permissions. */
async function grantedBuild(name: 'chromium' | 'firefox'): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'policy-lens-granted-'));
  const dir = join(parent, 'ext');
  await cp(resolve(defaultExtensionDir(name)), dir, { recursive: true });
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as {
    manifest_version: number;
    host_permissions?: string[];
    permissions?: string[];
  };
  if (manifest.manifest_version === 3) manifest.host_permissions = [...(manifest.host_permissions ?? []), GRANTED];
  else manifest.permissions = [...(manifest.permissions ?? []), GRANTED];
  await writeFile(join(dir, 'manifest.json'), JSON.stringify(manifest, null, 2));
  return dir;
}

describe.each(['chromium', 'firefox'] as const)('pages beyond the auto hosts (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  let dir = '';
  const logsOf = (p: PageHandle | undefined) => (p ? `\npage logs:\n${p.logs.slice(-20).join('\n')}` : '');
  const plHighlights = (p: PageHandle) =>
    h.evaluate(p, () => {
      const out: Record<string, string[]> = {};
      (CSS.highlights as unknown as Map<string, Set<AbstractRange>>).forEach((hl, n) => {
        if (!n.startsWith('pl-')) return;
        out[n] = [...hl].map((ar) => {
          const r = document.createRange();
          r.setStart(ar.startContainer, ar.startOffset);
          r.setEnd(ar.endContainer, ar.endOffset);
          return r.toString();
        });
      });
      return out;
    });

  beforeAll(async () => {
    server = await start(0);
    const seed = readFileSync(join(REPO_ROOT, 'seeds', 'gov', SEED_PAGES.policy.path), 'utf8');
    for (const host of [REQUEST_HOST, USER_HOST]) server.route(host, PATH, () => ({ headers: { 'Content-Type': 'text/html; charset=utf-8' }, body: seed }));
    dir = await grantedBuild(name);
    h = await launchBrowser(name, { serverPort: server.port, hosts: [REQUEST_HOST, USER_HOST], extensionDir: dir });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
    if (dir) await rm(resolve(dir, '..'), { recursive: true, force: true });
  });

  it('on request: nothing runs until asked; then the stylesheet and the content script go in and the page is painted in our colours', async () => {
    const url = server.url(REQUEST_HOST, PATH);
    const page = await h.openPage(url);
    try {
      // not an auto host: no first look, no content script, no stylesheet
      expect(
        await h.evaluate(page, () => [
          performance.getEntriesByName('pl:precheck').length,
          getComputedStyle(document.body, '::highlight(pl-lead)').backgroundColor,
        ]),
      ).toEqual([0, 'rgba(0, 0, 0, 0)']);
      const side = await h.openSidePanel(page);
      try {
        await h.waitFor(
          side,
          () => (document.querySelector('[data-state]') as HTMLElement | null)?.dataset.state === 'no-content-script',
          TIMEOUT,
          'panel offers to analyse the page',
        );
        await (side.raw as RawPage).click('main button');
        await h
          .waitFor(page, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, 'page painted after the request')
          .catch((e: Error) => {
            throw new Error(`${e.message}${logsOf(page)}${logsOf(side)}`);
          });
      } finally {
        await side.close();
      }
      const hl = await plHighlights(page);
      expect(hl['pl-lead']).toEqual(expect.arrayContaining(['发展改革委', '工业和信息化部']));
      expect(
        await h.evaluate(page, () => [getComputedStyle(document.body, '::highlight(pl-lead)').backgroundColor, document.adoptedStyleSheets.length]),
      ).toEqual(['rgba(0, 114, 178, 0.1)', 0]);
      expect(await tabState(h, await h.openExtensionPage('sidepanel.html?tabId=-1'), url, { wake: false })).toMatchObject({ status: 'policy' });
    } finally {
      await page.close();
    }
  });

  it('a host the user adds to the auto list: the first look is registered there and reads the page by itself', async () => {
    const probe = await h.openExtensionPage('sidepanel.html?tabId=-1');
    // what the Legend tab's host list stores (its input and validation are tested in sidepanel.test.ts)
    await h.evaluate(
      probe,
      async (host: string) => {
        const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
          storage: { local: { get(k: string): Promise<Record<string, any>>; set(v: object): Promise<void> } };
        };
        const cur = (await api.storage.local.get('pl:settings'))['pl:settings'] ?? {};
        await api.storage.local.set({ 'pl:settings': { ...cur, autoHosts: [...(cur.autoHosts ?? ['*.gov.cn', 'gov.cn']), host] } });
      },
      USER_HOST,
    );
    await h.waitFor(
      probe,
      async () => {
        const api = ((globalThis as { browser?: unknown }).browser ?? (globalThis as { chrome?: unknown }).chrome) as {
          scripting: { getRegisteredContentScripts(): Promise<Array<{ js?: string[]; css?: string[]; matches?: string[] }>> };
        };
        const list = await api.scripting.getRegisteredContentScripts();
        return list.some((s) => s.js?.some((f) => f.endsWith('first-look.js')) && s.css?.some((f) => f.endsWith('highlights.css')));
      },
      TIMEOUT,
      'the first look registered for the added host',
    );
    const url = server.url(USER_HOST, PATH);
    const page = await h.openPage(url);
    try {
      await h
        .waitFor(page, () => (CSS.highlights.get('pl-lead')?.size ?? 0) > 0, TIMEOUT, 'page on the added host painted by itself')
        .catch((e: Error) => {
          throw new Error(`${e.message}${logsOf(page)}`);
        });
      // read by the first look (signs found, so no "left alone" mark), then by the content script
      const marks = await h.evaluate(page, () =>
        performance
          .getEntries()
          .map((e) => e.name)
          .filter((n) => n.startsWith('pl:')),
      );
      expect(marks).toContain('pl:precheck');
      expect(marks).not.toContain('pl:precheck-no');
      expect(marks).toContain('pl:analyse-start');
      expect(await h.evaluate(page, () => getComputedStyle(document.body, '::highlight(pl-lead)').backgroundColor)).toBe('rgba(0, 114, 178, 0.1)');
      expect(await tabState(h, probe, url, { wake: false })).toMatchObject({ status: 'policy' });
    } finally {
      await page.close();
      await probe.close();
    }
  });
});
