/** Entry point of the browser harness: `launchBrowser('chromium' | 'firefox', opts)`. */
import type { BrowserHarness, BrowserName, LaunchOptions } from './types';

export type { BrowserHarness, BrowserName, LaunchOptions, PageHandle } from './types';
export { pollUntil, hasDisplay } from './common';

const BROWSERS: readonly BrowserName[] = ['chromium', 'firefox'];

export function isBrowserName(v: string): v is BrowserName {
  return (BROWSERS as readonly string[]).includes(v);
}

export async function launchBrowser(name: BrowserName, opts: LaunchOptions): Promise<BrowserHarness> {
  if (name === 'chromium') return (await import('./chromium')).launch(opts);
  if (name === 'firefox') return (await import('./firefox')).launch(opts);
  throw new Error(`unknown browser ${JSON.stringify(name)}; use one of ${BROWSERS.join(', ')}`);
}
