/**
 * Firefox ESR with the built MV2 extension, through puppeteer-core over WebDriver BiDi.
 * - The extension is installed as a temporary add-on (browser.installExtension); its
 *   moz-extension UUID is pinned by pref so tests can open its pages by URL, and its storage
 *   survives restart() (keepStorageOnUninstall / keepUuidOnUninstall).
 * - Every http request goes through the seed server as an HTTP proxy (absolute-form URLs);
 *   Firefox's own background traffic is switched off by prefs (the test machine is offline).
 */
import puppeteer, { type Browser, type Page } from 'puppeteer-core';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
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
import type { BrowserHarness, LaunchOptions, PageHandle } from './types';

/** Fixed moz-extension UUID for the extension under test (any valid UUID works; fixed = stable URLs). */
export const FIREFOX_EXTENSION_UUID = '5a1e7c3e-9d2b-4f60-a8b1-0c4d2e6f8a17';

/** Prefs that keep Firefox quiet and offline, plus the proxy to the seed server. */
export function firefoxPrefs(serverPort: number, addonId: string, uuid: string): Record<string, unknown> {
  return {
    // Route all http(s) traffic to the seed server (it routes by Host / absolute URL).
    'network.proxy.type': 1,
    'network.proxy.http': '127.0.0.1',
    'network.proxy.http_port': serverPort,
    'network.proxy.ssl': '127.0.0.1',
    'network.proxy.ssl_port': serverPort,
    'network.proxy.share_proxy_settings': false,
    'network.proxy.no_proxies_on': '',
    'network.proxy.allow_hijacking_localhost': true,
    'network.proxy.failover_direct': false,
    'network.dns.disablePrefetch': true,
    'network.prefetch-next': false,
    'network.predictor.enabled': false,
    'network.http.speculative-parallel-limit': 0,
    'network.captive-portal-service.enabled': false,
    'network.connectivity-service.enabled': false,
    'network.trr.mode': 5,
    // Plain http seed pages must stay http.
    'dom.security.https_only_mode': false,
    'dom.security.https_only_mode_pbm': false,
    'dom.security.https_first': false,
    'dom.security.https_first_pbm': false,
    'dom.security.https_first_schemeless': false,
    // Extension under test.
    'extensions.webextensions.uuids': JSON.stringify({ [addonId]: uuid }),
    'extensions.webextensions.keepStorageOnUninstall': true,
    'extensions.webextensions.keepUuidOnUninstall': true,
    'xpinstall.signatures.required': false,
    'extensions.update.enabled': false,
    'extensions.update.autoUpdateDefault': false,
    'extensions.getAddons.cache.enabled': false,
    'extensions.blocklist.enabled': false,
    'extensions.systemAddon.update.enabled': false,
    'extensions.recommendations.hideNotice': true,
    'extensions.htmlaboutaddons.recommendations.enabled': false,
    // No updates, telemetry, experiments, remote settings, safe browsing, region, GMP.
    'app.update.enabled': false,
    'app.update.auto': false,
    'app.update.checkInstallTime': false,
    'app.update.disabledForTesting': true,
    'app.normandy.enabled': false,
    'app.normandy.api_url': '',
    'app.shield.optoutstudies.enabled': false,
    'messaging-system.rsexperimentloader.enabled': false,
    'services.settings.server': 'data:,#remote-settings-dummy/v1',
    'toolkit.telemetry.enabled': false,
    'toolkit.telemetry.unified': false,
    'toolkit.telemetry.archive.enabled': false,
    'toolkit.telemetry.server': '',
    'datareporting.healthreport.uploadEnabled': false,
    'datareporting.policy.dataSubmissionEnabled': false,
    'browser.ping-centre.telemetry': false,
    'browser.safebrowsing.malware.enabled': false,
    'browser.safebrowsing.phishing.enabled': false,
    'browser.safebrowsing.downloads.enabled': false,
    'browser.safebrowsing.downloads.remote.enabled': false,
    'browser.safebrowsing.blockedURIs.enabled': false,
    'browser.safebrowsing.provider.google.updateURL': '',
    'browser.safebrowsing.provider.google4.updateURL': '',
    'browser.safebrowsing.provider.mozilla.updateURL': '',
    'browser.region.network.url': '',
    'browser.region.update.enabled': false,
    'browser.search.update': false,
    'browser.search.geoip.url': '',
    'geo.provider.network.url': '',
    'media.gmp-manager.updateEnabled': false,
    'media.gmp-manager.url': '',
    'media.gmp-gmpopenh264.enabled': false,
    'browser.newtabpage.enabled': false,
    'browser.newtabpage.activity-stream.feeds.telemetry': false,
    'browser.newtabpage.activity-stream.telemetry': false,
    'browser.newtabpage.activity-stream.feeds.snippets': false,
    'browser.newtabpage.activity-stream.default.sites': '',
    'browser.startup.homepage': 'about:blank',
    'browser.startup.page': 0,
    'browser.aboutwelcome.enabled': false,
    'browser.shell.checkDefaultBrowser': false,
    'browser.tabs.warnOnClose': false,
    'browser.sessionstore.resume_from_crash': false,
    'browser.translations.enable': false,
    'browser.ml.enable': false,
    'identity.fxaccounts.enabled': false,
    'extensions.pocket.enabled': false,
    'privacy.trackingprotection.enabled': false,
    'intl.accept_languages': 'zh-CN, zh, en',
  };
}

/** The puppeteer-core (BiDi) internals used to navigate extension pages. */
interface BidiFrameInternals {
  browsingContext: {
    navigate(url: string, wait?: 'none' | 'interactive' | 'complete'): Promise<void>;
    reload(options?: { wait?: 'none' | 'interactive' | 'complete' }): Promise<void>;
  };
}

class FirefoxPage implements PageHandle {
  readonly logs: string[] = [];
  private current = 'about:blank';
  constructor(readonly raw: Page) {
    raw.on('console', (m) => this.logs.push(`[console.${m.type()}] ${m.text()}`));
    raw.on('pageerror', (e) => this.logs.push(`[pageerror] ${(e as Error).message ?? e}`));
  }
  /**
   * puppeteer's own goto() never sees a navigation into the extension process finish (it
   * times out and keeps reporting about:blank), so navigate with the BiDi command directly and
   * read the URL back from the document.
   */
  private context(): BidiFrameInternals['browsingContext'] {
    const bc = (this.raw.mainFrame() as unknown as Partial<BidiFrameInternals>).browsingContext;
    if (!bc || typeof bc.navigate !== 'function') {
      throw new Error('firefox harness: puppeteer-core internals changed (Frame.browsingContext.navigate); update tests/harness/firefox.ts');
    }
    return bc;
  }
  private async sync(): Promise<void> {
    this.current = (await this.raw.evaluate('location.href')) as string;
  }
  url(): string {
    const u = this.raw.url();
    return u === 'about:blank' || u === '' ? this.current : u;
  }
  async goto(url: string): Promise<void> {
    await this.context().navigate(url, 'complete');
    await this.sync();
  }
  async reload(): Promise<void> {
    await this.context().reload({ wait: 'complete' });
    await this.sync();
  }
  async close(): Promise<void> {
    if (!this.raw.isClosed()) await this.raw.close();
  }
}

function unwrap(page: PageHandle): Page {
  if (!(page instanceof FirefoxPage)) throw new Error('firefox harness: page belongs to another harness');
  return page.raw;
}

async function readAddonId(extensionDir: string): Promise<string> {
  const manifest = JSON.parse(await readFile(join(extensionDir, 'manifest.json'), 'utf8')) as {
    browser_specific_settings?: { gecko?: { id?: string } };
    applications?: { gecko?: { id?: string } };
  };
  const id = manifest.browser_specific_settings?.gecko?.id ?? manifest.applications?.gecko?.id;
  if (!id) {
    throw new Error(`${extensionDir}/manifest.json has no browser_specific_settings.gecko.id; the harness needs it to pin the moz-extension UUID`);
  }
  return id;
}

export async function launch(opts: LaunchOptions): Promise<BrowserHarness> {
  const executablePath = resolveExecutable('firefox');
  const builtDir = resolve(opts.extensionDir ?? defaultExtensionDir('firefox'));
  assertExtensionBuilt(builtDir, 'firefox');
  const extensionDir = await snapshotExtension(builtDir);
  const headless = opts.headless ?? true;
  if (!headless && !hasDisplay()) {
    throw new Error('Headed Firefox needs a display ($DISPLAY is not set). Run headless instead (--headless).');
  }
  const addonId = await readAddonId(extensionDir);
  const uuid = FIREFOX_EXTENSION_UUID;
  const ownProfile = !opts.userDataDir;
  const userDataDir = opts.userDataDir ?? (await mkdtemp(join(tmpdir(), 'policy-lens-firefox-')));
  const viewport = opts.viewport ?? { width: 1280, height: 900 };
  const base = `moz-extension://${uuid}/`;

  let browser: Browser;

  const start = async () => {
    try {
      browser = await puppeteer.launch({
        browser: 'firefox',
        executablePath,
        headless,
        userDataDir,
        defaultViewport: viewport,
        extraPrefsFirefox: firefoxPrefs(opts.serverPort, addonId, uuid),
        protocolTimeout: 60_000,
        // WebDriver BiDi refuses to navigate to moz-extension:// pages unless system access is
        // allowed (Firefox ≥ 138, isWebdriverSafeNavigationURL); the side panel page needs it.
        args: ['-remote-allow-system-access'],
      });
    } catch (e) {
      throw new Error(`Firefox (${executablePath}) failed to start: ${(e as Error).message}`);
    }
    let installed: string;
    try {
      installed = await browser.installExtension(extensionDir);
    } catch (e) {
      await browser.close().catch(() => {});
      throw new Error(`Firefox refused the extension in ${extensionDir}: ${(e as Error).message}`);
    }
    if (installed !== addonId) {
      await browser.close().catch(() => {});
      throw new Error(`Firefox installed the extension as ${installed}, expected ${addonId}`);
    }
    // Close the startup tab(s) so page counts in tests are exact; keep one so the window lives.
    const pages = await browser.pages();
    for (const p of pages.slice(1)) await p.close().catch(() => {});
  };

  try {
    await start();
  } catch (e) {
    if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
    await rm(dirname(extensionDir), { recursive: true, force: true }).catch(() => {});
    throw e;
  }

  const newPage = async (): Promise<Page> => {
    const pages = await browser.pages();
    // Reuse the blank startup tab once, then open new tabs.
    const blank = pages.find((p) => p.url() === 'about:blank' && !(p as unknown as { __plUsed?: boolean }).__plUsed);
    const page = blank ?? (await browser.newPage());
    (page as unknown as { __plUsed?: boolean }).__plUsed = true;
    return page;
  };

  const harness: BrowserHarness = {
    name: 'firefox',
    extensionBaseUrl: base,
    extensionId: addonId,
    userDataDir,

    async openPage(url) {
      const page = new FirefoxPage(await newPage());
      await page.goto(url);
      return page;
    },

    async openExtensionPage(path) {
      return harness.openPage(`${base}${path.replace(/^\//, '')}`);
    },

    async openSidePanel(forPage, o = {}) {
      if (o.by === 'tabId') {
        throw new Error('firefox harness: tab ids are not visible to WebDriver BiDi; use the default ?tabUrl=');
      }
      const url = typeof forPage === 'string' ? forPage : forPage.url();
      return harness.openExtensionPage(sidePanelPath(url));
    },

    async evaluate(page, fn, ...args) {
      return (await unwrap(page).evaluate(callExpression(fn as never, args))) as never;
    },

    async waitFor(page, fn, timeoutMs, message, ...args) {
      const expr = callExpression(fn as never, args);
      const p = unwrap(page);
      return (await pollUntil(() => p.evaluate(expr), timeoutMs, `${message} [firefox ${page.url()}]`)) as never;
    },

    async screenshot(page, path, o = {}) {
      await unwrap(page).screenshot({ path: path as `${string}.png`, fullPage: o.fullPage ?? false });
    },

    async setViewport(page, size) {
      await unwrap(page).setViewport(size);
    },

    async stopBackground() {
      // Firefox MV2: a persistent background page, never stopped by the browser.
      return false;
    },

    async restart() {
      await browser.close();
      await start();
    },

    async close() {
      await browser?.close().catch(() => {});
      if (ownProfile) await rm(userDataDir, { recursive: true, force: true }).catch(() => {});
      await rm(dirname(extensionDir), { recursive: true, force: true }).catch(() => {});
    },
  };
  return harness;
}
