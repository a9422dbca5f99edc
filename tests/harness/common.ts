import { existsSync } from 'node:fs';
import { cp, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { REPO_ROOT } from './server';
import { INSTALL_HINT, type BrowserName } from './types';

/**
 * Expression that calls `fn(...args)` in a page. tsx / esbuild may wrap functions in `__name(…)`
 * (keepNames), which does not exist in the page, hence the shim.
 */
export function callExpression(fn: (...args: never[]) => unknown, args: unknown[]): string {
  const json = JSON.stringify(args);
  if (json === undefined) throw new Error('evaluate: arguments must be JSON-serialisable');
  return `(() => { var __name = (t) => t; return (${fn.toString()})(...${json}); })()`;
}

function describeValue(v: unknown): string {
  try {
    const s = JSON.stringify(v);
    return s === undefined ? String(v) : s.length > 300 ? `${s.slice(0, 300)}…` : s;
  } catch {
    return String(v);
  }
}

/** Poll `probe` until truthy. Never sleeps for a fixed time to wait for a state: it re-checks every `intervalMs`. */
export async function pollUntil<R>(probe: () => Promise<R>, timeoutMs: number, message: string, intervalMs = 150): Promise<R> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = undefined;
  let lastError: unknown = undefined;
  for (;;) {
    try {
      const v = await probe();
      if (v) return v;
      last = v;
      lastError = undefined;
    } catch (e) {
      lastError = e; // e.g. execution context destroyed by a navigation: try again
    }
    if (Date.now() >= deadline) {
      const detail = lastError ? `last error: ${(lastError as Error).message ?? lastError}` : `last value: ${describeValue(last)}`;
      throw new Error(`Timed out after ${timeoutMs} ms: ${message} (${detail})`);
    }
    await new Promise((r) => setTimeout(r, intervalMs));
  }
}

export function resolveExecutable(name: BrowserName): string {
  const envVar = name === 'chromium' ? 'CHROMIUM_PATH' : 'FIREFOX_PATH';
  const explicit = process.env[envVar];
  if (explicit) {
    // An explicit path that does not exist is an error, not a reason to try another browser.
    if (!existsSync(explicit)) {
      throw new Error(`${envVar}=${explicit} does not exist. Install ${name} with: ${INSTALL_HINT} — or point ${envVar} at the browser binary.`);
    }
    return explicit;
  }
  const candidates = name === 'chromium' ? ['/usr/bin/chromium', '/usr/bin/chromium-browser'] : ['/usr/bin/firefox-esr', '/usr/bin/firefox'];
  const found = candidates.find((p) => existsSync(p));
  if (!found) {
    throw new Error(
      `${name} is not installed (looked for ${candidates.join(', ')}). ` + `Install it with: ${INSTALL_HINT} — or set ${envVar} to the browser binary.`,
    );
  }
  return found;
}

export function defaultExtensionDir(name: BrowserName): string {
  return join(REPO_ROOT, '.output', name === 'chromium' ? 'chrome-mv3' : 'firefox-mv2');
}

export function assertExtensionBuilt(dir: string, name: BrowserName): void {
  if (!existsSync(join(dir, 'manifest.json'))) {
    throw new Error(
      `No built extension at ${dir} (manifest.json missing). Build it first: ` +
        (name === 'chromium' ? 'npx wxt build' : 'npx wxt build -b firefox') +
        ' (or node tests/e2e/build-once.mjs).',
    );
  }
}

export function hasDisplay(): boolean {
  return !!(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

export function sidePanelPath(pageUrl: string, tabId?: number): string {
  return tabId !== undefined ? `sidepanel.html?tabId=${tabId}` : `sidepanel.html?tabUrl=${encodeURIComponent(pageUrl)}`;
}

/**
 * Copy the built extension to a private temporary directory and load it from there: other
 * workers rebuild .output/ in the same tree (wxt empties the folder first), which would pull the
 * files from under a running browser. Returns the copy (caller removes it on close).
 */
export async function snapshotExtension(dir: string): Promise<string> {
  const parent = await mkdtemp(join(tmpdir(), 'policy-lens-ext-'));
  const copy = join(parent, basename(dir));
  await cp(dir, copy, { recursive: true, dereference: true });
  if (!existsSync(join(copy, 'manifest.json'))) {
    throw new Error(`copying ${dir} lost manifest.json (was it being rebuilt? run the tests again)`);
  }
  return copy;
}
