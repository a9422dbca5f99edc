/**
 * Chromium with the built MV3 extension, through playwright-core (CDP over a pipe).
 * Seed hosts are sent to the local seed server with --host-resolver-rules.
 */
import { chromium, type BrowserContext, type Page, type Worker } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  assertExtensionBuilt,
  callExpression,
  defaultExtensionDir,
  hasDisplay,
  pollUntil,
  resolveExecutable,
  sidePanelPath,
  snapshotExtension,
} from './common';
import { seedHosts } from './server';
import type { BrowserHarness, LaunchOptions, PageHandle, SidePanelOptions } from './types';

const BASE_HOSTS = ['*.gov.cn', 'gov.cn', 'news.example-daily.com'];

class ChromiumPage implements PageHandle {
  readonly logs: string[] = [];
  constructor(readonly raw: Page) {
    raw.on('console', (m) => this.logs.push(`[console.${m.type()}] ${m.text()}`));
    raw.on('pageerror', (e) => this.logs.push(`[pageerror] ${e.message}`));
  }
  url(): string {
    return this.raw.url();
  }
  async goto(url: string): Promise<void> {
    await this.raw.goto(url, { waitUntil: 'load' });
  }
  async reload(): Promise<void> {
    await this.raw.reload({ waitUntil: 'load' });
  }
  async close(): Promise<void> {
    if (!this.raw.isClosed()) await this.raw.close();
  }
}

function unwrap(page: PageHandle): Page {
  if (!(page instanceof ChromiumPage)) throw new Error('chromium harness: page belongs to another harness');
  return page.raw;
}

export async function launch(opts: LaunchOptions): Promise<BrowserHarness> {
  const executablePath = resolveExecutable('chromium');
  const builtDir = resolve(opts.extensionDir ?? defaultExtensionDir('chromium'));
  assertExtensionBuilt(builtDir, 'chromium');
  const extensionDir = await snapshotExtension(builtDir);
  const headless = opts.headless ?? true;
  if (!headless && !hasDisplay()) {
    throw new Error('Headed Chromium needs a display ($DISPLAY is not set). Run headless instead (--headless).');
  }
  const ownProfile = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(tmpdir(), 'policy-lens-chromium-')));
  const hosts = [...new Set([...BASE_HOSTS, ...seedHosts(), ...(opts.hosts ?? [])])];
  // Seed hosts → the seed server; every other name fails to resolve (hermetic, offline machine).
  const resolverRules = [...hosts.map((h) => `MAP ${h} 127.0.0.1`), 'MAP * ~NOTFOUND', 'EXCLUDE 127.0.0.1', 'EXCLUDE localhost'].join(', ');
  const viewport = opts.viewport ?? { width: 1280, height: 900 };

  let context: BrowserContext;
  let worker: Worker;
  let extensionId = '';

  const start = async () => {
    try {
      context = await chromium.launchPersistentContext(userDataDir, {
        executablePath,
        // playwright passes --headless, which is the "new" headless mode (extensions work) in Chromium ≥ 132.
        headless,
        // Playwright adds --disable-extensions by default; the extension under test must load.
        ignoreDefaultArgs: ['--disable-extensions'],
        viewport,
        // navigator.language / Accept-Language of a reader in China (the panel picks its UI language from it).
        locale: 'zh-CN',
        args: [
          '--no-sandbox',
          '--disable-gpu',
          '--disable-quic',
          '--no-first-run',
          '--disable-background-networking',
          '--disable-component-update',
          '--disable-sync',
          '--lang=zh-CN',
          `--disable-extensions-except=${extensionDir}`,
          `--load-extension=${extensionDir}`,
          `--host-resolver-rules=${resolverRules}`,
        ],
      });
    } catch (e) {
      throw new Error(`Chromium (${executablePath}) failed to start: ${(e as Error).message}`);
    }
    try {
      worker =
        context.serviceWorkers().find((w) => w.url().startsWith('chrome-extension://')) ??
        (await context.waitForEvent('serviceworker', {
          predicate: (w) => w.url().startsWith('chrome-extension://'),
          timeout: 20_000,
        }));
    } catch {
      await context.close().catch(() => {});
      throw new Error(
        `The extension in ${extensionDir} did not start in Chromium (no background service worker within 20 s). ` +
          'Is the build complete, and does this Chromium still accept --load-extension?',
      );
    }
    extensionId = new URL(worker.url()).host;
    // Close the initial about:blank page so page counts in tests are exact.
    for (const p of context.pages()) if (p.url() === 'about:blank') await p.close().catch(() => {});
  };

  try {
    await start();
  } catch (e) {
    if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    await rm(dirname(extensionDir), { recursive: true, force: true }).catch(() => {});
    throw e;
  }

  const harness: BrowserHarness = {
    name: 'chromium',
    get extensionBaseUrl() {
      return `chrome-extension://${extensionId}/`;
    },
    get extensionId() {
      return extensionId;
    },
    userDataDir,

    async openPage(url) {
      const page = new ChromiumPage(await context.newPage());
      await page.goto(url);
      return page;
    },

    async openExtensionPage(path) {
      return harness.openPage(`${harness.extensionBaseUrl}${path.replace(/^\//, '')}`);
    },

    async openSidePanel(forPage, o: SidePanelOptions = {}) {
      const url = typeof forPage === 'string' ? forPage : forPage.url();
      let tabId: number | undefined;
      if (o.by === 'tabId') {
        tabId = await pollUntil(
          async () => {
            const live = context.serviceWorkers().find((w) => w.url().startsWith(harness.extensionBaseUrl)) ?? worker;
            const tabs = (await live.evaluate(() => chrome.tabs.query({}))) as Array<{ id?: number; url?: string }>;
            return tabs.find((t) => t.url === url)?.id;
          },
          10_000,
          `finding the tab id of ${url}`,
        );
      }
      return harness.openExtensionPage(sidePanelPath(url, tabId));
    },

    async evaluate(page, fn, ...args) {
      return (await unwrap(page).evaluate(callExpression(fn as never, args))) as never;
    },

    async waitFor(page, fn, timeoutMs, message, ...args) {
      const expr = callExpression(fn as never, args);
      const p = unwrap(page);
      return (await pollUntil(() => p.evaluate(expr), timeoutMs, `${message} [chromium ${page.url()}]`)) as never;
    },

    async screenshot(page, path, o = {}) {
      await unwrap(page).screenshot({ path, fullPage: o.fullPage ?? false });
    },

    async setViewport(page, size) {
      await unwrap(page).setViewportSize(size);
    },

    async restart() {
      await context.close();
      await start();
    },

    async stopBackground() {
      // Target.closeTarget on the worker's target is how DevTools' "stop" ends a service worker;
      // the next extension event or message starts a fresh one.
      const page = context.pages()[0] ?? (await context.newPage());
      const cdp = await context.newCDPSession(page);
      try {
        const { targetInfos } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string; type: string; url: string }[] };
        const sw = targetInfos.find((t) => t.type === 'service_worker' && t.url.startsWith(harness.extensionBaseUrl));
        if (!sw) return true;
        await cdp.send('Target.closeTarget', { targetId: sw.targetId });
        await pollUntil(
          async () => {
            const { targetInfos: now } = (await cdp.send('Target.getTargets')) as { targetInfos: { targetId: string }[] };
            return !now.some((t) => t.targetId === sw.targetId);
          },
          10_000,
          'the extension service worker stops',
        );
        return true;
      } finally {
        await cdp.detach().catch(() => {});
      }
    },

    async close() {
      await context?.close().catch(() => {});
      if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      await rm(dirname(extensionDir), { recursive: true, force: true }).catch(() => {});
    },
  };
  return harness;
}

// `chrome` is only referenced inside functions serialised into the browser.
declare const chrome: { tabs: { query(q: object): Promise<unknown[]> } };
