/**
 * End-to-end: what the analyst's data survives and who can reach it, in Chromium and Firefox.
 *   - Undo in the side panel restores the annotation its toast names after the background
 *     was stopped (Chromium: the MV3 service worker, stopped through CDP as the browser does
 *     when idle; Firefox's MV2 background page is never stopped, the same flow runs there).
 *   - A copy of an annotated document on another host gets none of the analyst's notes and
 *     changes nothing of the kept record; the side panel offers the near match, and only a
 *     "link" makes it that document.
 *   - The page's own scripts cannot annotate with synthetic events (what they cannot hear of a
 *     note being typed is tests/e2e/annotations.test.ts, 6.).
 *
 * Hooks: CSS.highlights `pl-user-*`; Alt+Shift+H; the side panel's Annotations tab
 * (`#pl-tab-annotations`, `.pl-ann`, `.pl-undo`); the Dexie DB `policy-lens`.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { REPO_ROOT, SEED_PAGES, start, type SeedServer } from '../harness/server';
import { bringToFront, click, clickAt, press, type Point } from '../harness/input';
import { readTable, selectPhrase, userHighlights, waitForNoUserHighlight, waitForUserHighlight } from '../harness/annotate';
import { tabState } from '../harness/extension';

const WAIT = 45_000;
const FIRST = '积极发展众创空间';
const SECOND = '开展智能制造试点示范';
/** Where the copy of the seed document is served: another site, same text. */
const COPY_HOST = 'www.copysite.gov.cn';
const COPY_PATH = '/zcwj/2015/copy.htm';
const SEED_HTML = readFileSync(join(REPO_ROOT, 'seeds', 'gov', ...SEED_PAGES.policy.path.split('/').filter(Boolean)), 'utf8');

describe.each(['chromium', 'firefox'] as const)('trust and integrity (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  const url = () => server.url(SEED_PAGES.policy.host, SEED_PAGES.policy.path);

  beforeAll(async () => {
    server = await start(0);
    server.route(COPY_HOST, COPY_PATH, () => ({ body: SEED_HTML }));
    h = await launchBrowser(name, { serverPort: server.port, hosts: [COPY_HOST] });
  });
  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  async function openPolicyPage(): Promise<PageHandle> {
    const page = await h.openPage(url());
    await h.waitFor(page, () => CSS.highlights.size > 0, WAIT, 'analysis highlights painted');
    return page;
  }
  async function highlight(page: PageHandle, phrase: string) {
    await bringToFront(h, page);
    expect(await selectPhrase(h, page, phrase)).toBe(phrase);
    await press(h, page, 'Alt+Shift+KeyH');
    await waitForUserHighlight(h, page, phrase, { name: 'pl-user-yellow' });
  }
  async function annotationsTab(): Promise<PageHandle> {
    const panel = await h.openSidePanel(url());
    await h.waitFor(panel, () => (document.querySelector('[data-state]') as HTMLElement | null)?.dataset.state === 'ready', WAIT, 'side panel ready');
    await click(h, panel, '#pl-tab-annotations');
    await h.waitFor(panel, () => document.querySelectorAll('.pl-ann').length >= 2, WAIT, 'both annotations listed');
    return panel;
  }
  const deleteButton = (panel: PageHandle, quote: string) =>
    h.waitFor(
      panel,
      (q: string) => {
        const li = Array.from(document.querySelectorAll('.pl-ann')).find((x) => x.querySelector('.pl-ann__quote')?.textContent?.trim() === q);
        const b = li?.querySelectorAll('.pl-ann__actions button')[1];
        if (!b) return null;
        b.scrollIntoView({ block: 'center' });
        const r = b.getBoundingClientRect();
        return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
      },
      WAIT,
      `delete button of ${quote}`,
      quote,
    ) as Promise<Point>;

  it('Undo restores the annotation its toast names, after the background was stopped', async () => {
    const page = await openPolicyPage();
    await highlight(page, FIRST);
    await highlight(page, SECOND);
    const panel = await annotationsTab();
    // delete the second, then stop the background before undoing
    await clickAt(h, panel, await deleteButton(panel, SECOND));
    await waitForNoUserHighlight(h, page, SECOND);
    await h.waitFor(
      panel,
      (q: string) => document.querySelector('.pl-undo')?.textContent?.includes(q.slice(0, 6)) ?? false,
      WAIT,
      'toast names the deleted annotation',
      SECOND,
    );
    const stopped = await h.stopBackground();
    expect(stopped).toBe(name === 'chromium');
    await click(h, panel, '.pl-undo button');
    expect(await waitForUserHighlight(h, page, SECOND, { name: 'pl-user-yellow' })).toBe(SECOND);
    const rows = await readTable<{ id: string; deleted?: boolean; target: { quote: { exact: string } } }>(h, panel, 'annotations');
    expect(
      rows
        .filter((r) => !r.deleted)
        .map((r) => r.target.quote.exact)
        .sort(),
    ).toEqual([FIRST, SECOND].sort());
    expect((await userHighlights(h, page)).map((x) => x.text).sort()).toEqual([FIRST, SECOND].sort());
    await panel.close();
    await page.close();
  });

  it('a copy on another host gets none of the notes and changes nothing; the panel offers the near match', async () => {
    // (runs after the first test: the seed page at www.gov.cn is kept, with two highlights)
    const reader = await h.openExtensionPage('sidepanel.html');
    const before = await readTable<{ id: string; url: string; title: string; urls: string[] }>(h, reader, 'documents');
    expect(before).toHaveLength(1);
    await reader.close();

    const copy = await h.openPage(server.url(COPY_HOST, COPY_PATH));
    await h.waitFor(copy, () => CSS.highlights.size > 0, WAIT, 'the copy is analysed and painted');
    const panel = await h.openSidePanel(copy);
    await h.waitFor(
      panel,
      () => (document.querySelector('[data-state]') as HTMLElement | null)?.dataset.state === 'ready',
      WAIT,
      'side panel ready on the copy',
    );
    // offered, not merged
    await h.waitFor(panel, () => document.querySelector('.pl-near')?.textContent?.includes('www.gov.cn') ?? false, WAIT, 'near match offered');
    expect(await userHighlights(h, copy)).toEqual([]);
    await click(h, panel, '#pl-tab-annotations');
    await h.waitFor(panel, () => !!document.querySelector('.pl-annotations'), WAIT, 'Annotations tab');
    expect(await h.evaluate(panel, () => document.querySelectorAll('.pl-ann__quote').length)).toBe(0);
    const after = await readTable<{ id: string; url: string; title: string; urls: string[] }>(h, panel, 'documents');
    expect(after).toEqual(before);

    // the analyst says it is the same document: then its notes are here
    await click(h, panel, '.pl-near .pl-primary');
    expect(await waitForUserHighlight(h, copy, FIRST, { name: 'pl-user-yellow' })).toBe(FIRST);
    const linked = await readTable<{ id: string; urls: string[] }>(h, panel, 'documents');
    expect(linked).toHaveLength(1);
    expect(linked[0]!.urls).toEqual([server.url(COPY_HOST, COPY_PATH)]);
    await panel.close();
    await copy.close();
  });

  it("the page's own scripts cannot annotate: synthetic Alt+Shift+H and mouse-ups do nothing, the user's key does", async () => {
    const THIRD = '促进互联网金融健康发展';
    const page = await openPolicyPage();
    await bringToFront(h, page);
    expect(await selectPhrase(h, page, THIRD)).toBe(THIRD);
    const dispatched = await h.evaluate(page, () => {
      const key = () => new KeyboardEvent('keydown', { key: 'H', code: 'KeyH', altKey: true, shiftKey: true, bubbles: true, cancelable: true });
      window.dispatchEvent(key());
      document.body.dispatchEvent(key());
      document.body.dispatchEvent(new MouseEvent('mouseup', { bubbles: true, clientX: 100, clientY: 100 }));
      return window.getSelection()?.toString() ?? '';
    });
    expect(dispatched).toBe(THIRD);
    // the user's own key on the same selection: when its highlight is there, the synthetic ones had their chance
    await press(h, page, 'Alt+Shift+KeyH');
    await waitForUserHighlight(h, page, THIRD, { name: 'pl-user-yellow' });
    expect(await h.evaluate(page, () => document.querySelectorAll('[data-policy-lens-ui]').length)).toBe(0);
    const reader = await h.openExtensionPage('sidepanel.html');
    const rows = await readTable<{ deleted?: boolean; target: { quote: { exact: string } } }>(h, reader, 'annotations');
    expect(rows.filter((r) => !r.deleted && r.target.quote.exact === THIRD)).toHaveLength(1);
    await reader.close();
    await page.close();
  });

  // Last in each browser: it reloads the extension, after which this browser's extension pages are gone.
  it('a page cannot tear the content script down with a faked "newer copy" event; once the extension is gone, its highlights go (Chromium)', async () => {
    const page = await openPolicyPage();
    const reader = await h.openExtensionPage('sidepanel.html');
    const extId = await h.evaluate(reader, () => {
      const g = globalThis as { browser?: { runtime: { id: string } }; chrome?: { runtime: { id: string } } };
      return (g.browser ?? g.chrome)!.runtime.id;
    });
    // what WXT's context takes for another copy of the script starting in the frame
    await h.evaluate(
      page,
      (id: string) => {
        const detail = { contentScriptName: 'content', messageId: 'page-made' };
        document.dispatchEvent(new CustomEvent(`${id}:content:wxt:content-script-started`, { detail }));
        document.dispatchEvent(new CustomEvent(`${id}:undefined:wxt:content-script-started`, { detail }));
      },
      extId,
    );
    // still there and still answering
    expect((await tabState(h, reader, url()))?.status).toBe('policy');
    expect(await h.evaluate(page, () => CSS.highlights.size)).toBeGreaterThan(0);
    // The extension goes away (reloaded, updated, removed). Chromium leaves the old content script
    // running, orphaned: it takes its highlights off the page. Firefox ends the old scripts without
    // letting them run again, so what they registered stays until the page is reloaded (README).
    if (name !== 'chromium') return;
    await h
      .evaluate(reader, () => {
        const g = globalThis as { browser?: { runtime: { reload(): void } }; chrome?: { runtime: { reload(): void } } };
        setTimeout(() => (g.browser ?? g.chrome)!.runtime.reload(), 50);
      })
      .catch(() => undefined);
    await h.waitFor(
      page,
      () => Array.from(CSS.highlights.keys()).every((k) => !String(k).startsWith('pl-')),
      WAIT,
      'our highlights removed after the extension went away',
    );
  });
});
