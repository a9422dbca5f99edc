/**
 * End-to-end foundation: the built extension in real Chromium and Firefox ESR, on the seed pages
 * served under their real host names.
 *
 * Hooks this file relies on (agreed with entrypoints/):
 * - content script answers `page:getState` → `{status, highlightCount, measures, title}`;
 * - sidepanel.html?tabUrl=<url> follows that tab; root has data-state, title in [data-testid=doc-title];
 * - the content script adds nothing to the page DOM but CSS.highlights entries `pl-*` and at most one
 *   `[data-policy-lens-ui]` shadow host;
 * - the Dexie DB `policy-lens` (schema ≥ v2, table `documents`) lives in the extension origin.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { launchBrowser, type BrowserHarness, type PageHandle } from '../harness/index';
import { highlightSummary, pageFootprint, panelSnapshot, waitForTabStatus, type TabState } from '../harness/extension';
import { REPO_ROOT, SEED_PAGES, start, type SeedServer } from '../harness/server';

/** Title of 国发〔2015〕40号; quotes vary between sources (", “ ”, ＂), so compare quote-normalised. */
const SEED_TITLE = '国务院关于积极推进"互联网+"行动的指导意见';
const normQuotes = (s: string | null | undefined) => (s ?? '').replace(/[“”＂″"]/g, '"').replace(/\s+/g, '');

const ANALYSIS_TIMEOUT = 45_000;

/** A test record for the documents table, shaped like lib/annotations/types DocumentRecord. */
function probeDocument(id: string) {
  return {
    id,
    url: `http://www.gov.cn/e2e/${id}.htm`,
    urls: [],
    title: '国务院办公厅关于促进“互联网+医疗健康”发展的意见（端到端测试记录）',
    docNumber: '国办发〔2018〕26号',
    issuer: '国务院办公厅',
    date: '2018-04-25',
    // a v3 record (a v2-shaped one without annotations is a visit, and the repair pass on open drops it)
    site: 'www.gov.cn',
    hashes: [],
    simhash: null,
    created: '2018-04-28T00:00:00.000Z',
    modified: '2018-04-28T00:00:00.000Z',
  };
}

describe.each(['chromium', 'firefox'] as const)('foundation (%s)', (name) => {
  let server: SeedServer;
  let h: BrowserHarness;
  const policyUrl = () => server.url(SEED_PAGES.policy.host, SEED_PAGES.policy.path);
  const newsUrl = () => server.url(SEED_PAGES.news.host, SEED_PAGES.news.path);
  let policyPage: PageHandle | undefined;
  let policyState: TabState | undefined;

  beforeAll(async () => {
    server = await start(0);
    h = await launchBrowser(name, { serverPort: server.port });
  });

  afterAll(async () => {
    await h?.close();
    await server?.close();
  });

  const logsOf = (p: PageHandle | undefined) => (p ? `\npage logs:\n${p.logs.slice(-20).join('\n')}` : '');

  it('(a) marks the seed policy page with CSS Custom Highlights and reports it as policy', async () => {
    policyPage = await h.openPage(policyUrl());
    try {
      await h.waitFor(policyPage, () => CSS.highlights.size > 0, ANALYSIS_TIMEOUT, 'highlights painted on the seed policy page');
    } catch (e) {
      throw new Error(`${(e as Error).message}${logsOf(policyPage)}`);
    }
    const hl = await highlightSummary(h, policyPage);
    expect(hl.supported).toBe(true);
    expect(hl.names.length).toBeGreaterThan(0);
    for (const n of hl.names) expect(n, `highlight name ${n}`).toMatch(/^pl-/);
    expect(hl.ranges).toBeGreaterThanOrEqual(hl.size);
    // every painted range covers real text of the page
    for (const s of hl.samples) expect(s.trim().length, `empty highlight range in ${JSON.stringify(hl.samples)}`).toBeGreaterThan(0);

    // the same answer through the extension's own channel
    const panel = await h.openExtensionPage('sidepanel.html');
    policyState = await waitForTabStatus(h, panel, policyUrl(), ANALYSIS_TIMEOUT);
    await panel.close();
    expect(policyState.status).toBe('policy');
    expect(policyState.highlightCount).toBeGreaterThan(0);
    expect(policyState.measures).toBeGreaterThan(0);
    expect(normQuotes(policyState.title)).toBe(normQuotes(SEED_TITLE));
  });

  it('(a) adds nothing to the page DOM except the highlight registry and at most one shadow host', async () => {
    expect(policyPage, 'test (a) opened the policy page').toBeDefined();
    const fp = await pageFootprint(h, policyPage!);
    expect(fp.htmlAttributes).toEqual([]);
    expect(fp.strayElements).toEqual([]);
    expect(fp.uiHosts).toBeLessThanOrEqual(1);
    // the page's own main-world globals are untouched
    const leaked = await h.evaluate(policyPage!, () => Object.keys(window).filter((k) => /policy.?lens|^__pl/i.test(k)));
    expect(leaked).toEqual([]);
  });

  it('(b) the side panel page renders the document title for the policy tab', async () => {
    const panel = await h.openSidePanel(policyPage ?? policyUrl());
    let snap;
    try {
      snap = await h.waitFor(
        panel,
        () => {
          const root = document.querySelector('[data-state]') as HTMLElement | null;
          const title = document.querySelector('[data-testid="doc-title"]')?.textContent?.trim();
          return root?.dataset.state === 'ready' && title ? { state: root.dataset.state, title } : null;
        },
        ANALYSIS_TIMEOUT,
        'side panel data-state="ready" with a [data-testid="doc-title"]',
      );
    } catch (e) {
      const now = await panelSnapshot(h, panel).catch(() => null);
      throw new Error(`${(e as Error).message}\npanel now: ${JSON.stringify(now)}${logsOf(panel)}`);
    }
    expect(normQuotes(snap.title)).toBe(normQuotes(SEED_TITLE));
    // rendered by Preact as text, never as HTML: the title element has no element children
    expect(await h.evaluate(panel, () => document.querySelector('[data-testid="doc-title"]')!.children.length)).toBe(0);
    if (policyState) expect(normQuotes(snap.title)).toBe(normQuotes(policyState.title));
    await panel.close();
  });

  if (name === 'chromium') {
    it('(b) the side panel also follows a tab given by ?tabId=', async () => {
      const panel = await h.openSidePanel(policyPage ?? policyUrl(), { by: 'tabId' });
      const title = await h.waitFor(
        panel,
        () => document.querySelector('[data-state="ready"]') && document.querySelector('[data-testid="doc-title"]')?.textContent?.trim(),
        ANALYSIS_TIMEOUT,
        'side panel (?tabId=) ready with the title',
      );
      expect(normQuotes(title as string)).toBe(normQuotes(SEED_TITLE));
      await panel.close();
    });
  }

  it('(c) paints nothing on the non-policy news page', async () => {
    const page = await h.openPage(newsUrl());
    const panel = await h.openExtensionPage('sidepanel.html');
    // wait for the content script's verdict, then the registry must be empty
    const state = await waitForTabStatus(h, panel, newsUrl(), ANALYSIS_TIMEOUT).catch((e: Error) => {
      throw new Error(`${e.message}${logsOf(page)}`);
    });
    expect(state.status).toBe('not-policy');
    expect(state.highlightCount).toBe(0);
    const hl = await highlightSummary(h, page);
    expect(hl).toMatchObject({ supported: true, size: 0, ranges: 0 });
    const fp = await pageFootprint(h, page);
    expect(fp).toEqual({ htmlAttributes: [], uiHosts: 0, strayElements: [] });
    await panel.close();

    const side = await h.openSidePanel(page);
    const st = await h.waitFor(
      side,
      () => {
        const s = (document.querySelector('[data-state]') as HTMLElement | null)?.dataset.state;
        return s && s !== 'loading' ? s : null;
      },
      ANALYSIS_TIMEOUT,
      'side panel leaves data-state="loading" for the news page',
    );
    expect(st).toBe('not-policy');
    await side.close();
    await page.close();
  });

  const DB_READY = async (panel: PageHandle) =>
    h.waitFor(
      panel,
      async () => {
        const dbs = await indexedDB.databases();
        const db = dbs.find((d) => d.name === 'policy-lens');
        return db && (db.version ?? 0) >= 20 ? db.version : null;
      },
      ANALYSIS_TIMEOUT,
      "the extension's Dexie database 'policy-lens' at schema v2 or later (IndexedDB version ≥ 20) — it should exist once a policy page was analysed or the side panel opened",
    );

  const putDoc = (panel: PageHandle, doc: ReturnType<typeof probeDocument>) =>
    h.evaluate(
      panel,
      (d: ReturnType<typeof probeDocument>) =>
        new Promise<string>((ok, fail) => {
          const req = indexedDB.open('policy-lens');
          req.onerror = () => fail(req.error);
          req.onsuccess = () => {
            const db = req.result;
            if (!db.objectStoreNames.contains('documents')) {
              db.close();
              return fail(new Error(`no 'documents' store (stores: ${Array.from(db.objectStoreNames).join(', ')})`));
            }
            const tx = db.transaction('documents', 'readwrite');
            tx.objectStore('documents').put(d);
            tx.oncomplete = () => {
              db.close();
              ok('ok');
            };
            tx.onerror = () => fail(tx.error);
          };
        }),
      doc,
    );

  const getDoc = (panel: PageHandle, id: string) =>
    h.evaluate(
      panel,
      (key: string) =>
        new Promise<unknown>((ok, fail) => {
          const req = indexedDB.open('policy-lens');
          req.onerror = () => fail(req.error);
          req.onsuccess = () => {
            const db = req.result;
            const g = db.transaction('documents').objectStore('documents').get(key);
            g.onsuccess = () => {
              db.close();
              ok(g.result ?? null);
            };
            g.onerror = () => fail(g.error);
          };
        }),
      id,
    );

  const PROBE_ID = `e2e-probe-${name}`;

  it('(d) IndexedDB in the extension origin keeps a record across a page reload', async () => {
    const panel = await h.openSidePanel(policyUrl());
    await DB_READY(panel);
    const doc = probeDocument(PROBE_ID);
    await putDoc(panel, doc);
    await panel.reload();
    expect(await getDoc(panel, PROBE_ID)).toEqual(doc);
    await panel.close();
  });

  it('(d) … and across a browser restart on the same profile', async () => {
    await h.restart();
    policyPage = undefined;
    const panel = await h.openExtensionPage('sidepanel.html');
    expect(await getDoc(panel, PROBE_ID)).toEqual(probeDocument(PROBE_ID));
    // clean up: the record is test data
    await h.evaluate(
      panel,
      (key: string) =>
        new Promise<void>((ok, fail) => {
          const req = indexedDB.open('policy-lens');
          req.onsuccess = () => {
            const tx = req.result.transaction('documents', 'readwrite');
            tx.objectStore('documents').delete(key);
            tx.oncomplete = () => {
              req.result.close();
              ok();
            };
            tx.onerror = () => fail(tx.error);
          };
          req.onerror = () => fail(req.error);
        }),
      PROBE_ID,
    );
    expect(await getDoc(panel, PROBE_ID)).toBeNull();
    await panel.close();
  });
});

describe('web-ext lint (Firefox build)', () => {
  it('reports 0 errors for .output/firefox-mv2', async () => {
    const out = await new Promise<string>((ok, fail) => {
      execFile(
        'npx',
        ['web-ext', 'lint', '--source-dir', '.output/firefox-mv2', '--output=json', '--self-hosted', '--no-config-discovery'],
        { cwd: REPO_ROOT, maxBuffer: 20 * 1024 * 1024, timeout: 90_000 },
        // web-ext exits 1 when there are errors; the JSON is on stdout either way
        (err, stdout, stderr) => (stdout.trim() ? ok(stdout) : fail(new Error(`web-ext lint gave no output: ${err?.message ?? ''} ${stderr}`))),
      );
    });
    const start = out.indexOf('{');
    const report = JSON.parse(out.slice(start)) as {
      summary: { errors: number; warnings: number; notices: number };
      errors: Array<{ code: string; message: string; file?: string }>;
      warnings: Array<{ code: string; message: string; file?: string }>;
    };
    if (report.warnings.length) {
      console.log(`web-ext lint warnings:\n${report.warnings.map((w) => `  ${w.code} ${w.file ?? ''}: ${w.message}`).join('\n')}`);
    }
    expect(report.errors.map((e) => `${e.code} ${e.file ?? ''}: ${e.message}`)).toEqual([]);
    expect(report.summary.errors).toBe(0);
  });
});
