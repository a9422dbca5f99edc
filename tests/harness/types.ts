/** One interface over Chromium (playwright-core) and Firefox (puppeteer-core, WebDriver BiDi). */

export type BrowserName = 'chromium' | 'firefox';

/** What a successful waitFor can return: the falsy values are what it waits past. */
type Truthy<T> = Exclude<T, null | undefined | false | 0 | ''>;

export interface PageHandle {
  /** Current URL of the page. */
  url(): string;
  goto(url: string): Promise<void>;
  reload(): Promise<void>;
  close(): Promise<void>;
  /** Console messages and page errors seen on this page (for failure messages). */
  readonly logs: string[];
  /** The underlying playwright / puppeteer page, for the rare test that needs it. */
  readonly raw: unknown;
}

export interface LaunchOptions {
  /** Directory of the built extension (default: .output/chrome-mv3 or .output/firefox-mv2). */
  extensionDir?: string;
  /** Port of the seed server (tests/harness/server.ts); Firefox uses it as its HTTP proxy. */
  serverPort: number;
  /** Extra host names to send to the seed server (Chromium); *.gov.cn is always mapped. */
  hosts?: string[];
  /** Default true. Headed needs a display ($DISPLAY / $WAYLAND_DISPLAY). */
  headless?: boolean;
  /** Profile directory; default: a fresh temporary one, removed on close(). */
  userDataDir?: string;
  /** Window / viewport size. */
  viewport?: { width: number; height: number };
}

export interface SidePanelOptions {
  /** How the panel learns its tab: `tabUrl` works in both browsers (default), `tabId` only where the harness can find ids. */
  by?: 'tabUrl' | 'tabId';
}

export interface BrowserHarness {
  readonly name: BrowserName;
  /** `chrome-extension://<id>/` or `moz-extension://<uuid>/` (with the trailing slash). */
  readonly extensionBaseUrl: string;
  readonly extensionId: string;
  /** Profile directory in use (stays the same across restart()). */
  readonly userDataDir: string;
  openPage(url: string): Promise<PageHandle>;
  /** Opens sidepanel.html in a normal tab, following `forPage` (?tabUrl= or ?tabId=). */
  openSidePanel(forPage: PageHandle | string, opts?: SidePanelOptions): Promise<PageHandle>;
  /** Opens any extension page, e.g. `sidepanel.html` (path relative to the extension root). */
  openExtensionPage(path: string): Promise<PageHandle>;
  /**
   * Run `fn` in the page (main world). `fn` is serialised: it must not close over Node values;
   * pass JSON-serialisable `args` instead.
   */
  evaluate<R, A extends unknown[]>(page: PageHandle, fn: (...args: A) => R | Promise<R>, ...args: A): Promise<Awaited<R>>;
  /**
   * Poll `fn` in the page until it returns a truthy value; returns that value. Throws an Error
   * naming `message`, the timeout and the last value / error seen.
   */
  waitFor<R, A extends unknown[]>(
    page: PageHandle,
    fn: (...args: A) => R | Promise<R>,
    timeoutMs: number,
    message: string,
    ...args: A
  ): Promise<Truthy<Awaited<R>>>;
  screenshot(page: PageHandle, path: string, opts?: { fullPage?: boolean }): Promise<void>;
  /** Resize one page's viewport (e.g. side-panel width ≈ 400 px). */
  setViewport(page: PageHandle, size: { width: number; height: number }): Promise<void>;
  /** Close and relaunch the browser on the same profile (extension reinstalled where needed). Open pages are gone. */
  restart(): Promise<void>;
  /**
   * Stop the extension's background as the browser does when it is idle (Chromium: the MV3
   * service worker, through CDP). Resolves true once it is stopped; false where the background
   * is a persistent page that the browser never stops (Firefox MV2).
   */
  stopBackground(): Promise<boolean>;
  close(): Promise<void>;
}

export const INSTALL_HINT = 'apt-get install -y chromium firefox-esr fonts-wqy-microhei';
