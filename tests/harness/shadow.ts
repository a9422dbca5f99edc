/**
 * Find elements inside a CLOSED shadow root (the extension's in-page UI), from the driver's side:
 * page scripts cannot see into it (that is the point of `mode: 'closed'`), but the automation
 * protocols can — Chromium's DevTools protocol with `pierce`, Firefox's WebDriver BiDi through
 * the shadow root reference it serialises with the host node. Used to click real buttons with
 * the mouse (keyboard activation of buttons does not happen in headless Firefox over BiDi).
 */
import type { Page as PwPage } from 'playwright-core';
import type { Page as PpPage } from 'puppeteer-core';
import type { BrowserHarness, PageHandle } from './types';
import type { Point } from './input';

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export const centre = (b: Box): Point => ({ x: b.x + b.width / 2, y: b.y + b.height / 2 });

interface CdpNode {
  nodeId: number;
  children?: CdpNode[];
  shadowRoots?: CdpNode[];
  contentDocument?: CdpNode;
}

function findNode(n: CdpNode, id: number): CdpNode | null {
  if (n.nodeId === id) return n;
  for (const c of [...(n.children ?? []), ...(n.shadowRoots ?? []), ...(n.contentDocument ? [n.contentDocument] : [])]) {
    const f = findNode(c, id);
    if (f) return f;
  }
  return null;
}

async function chromiumBox(page: PwPage, hostSelector: string, selector: string): Promise<Box | null> {
  const cdp = await page.context().newCDPSession(page);
  try {
    const { root } = (await cdp.send('DOM.getDocument', { depth: -1, pierce: true })) as { root: CdpNode };
    const { nodeId: hostId } = (await cdp.send('DOM.querySelector', { nodeId: root.nodeId, selector: hostSelector })) as { nodeId: number };
    if (!hostId) return null;
    const shadow = findNode(root, hostId)?.shadowRoots?.[0];
    if (!shadow) return null;
    const { nodeId } = (await cdp.send('DOM.querySelector', { nodeId: shadow.nodeId, selector })) as { nodeId: number };
    if (!nodeId) return null;
    const { model } = (await cdp.send('DOM.getBoxModel', { nodeId })) as { model: { border: number[] } };
    const q = model.border; // x1,y1 … x4,y4 (viewport CSS pixels)
    const xs = [q[0]!, q[2]!, q[4]!, q[6]!];
    const ys = [q[1]!, q[3]!, q[5]!, q[7]!];
    const x = Math.min(...xs);
    const y = Math.min(...ys);
    return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
  } finally {
    await cdp.detach().catch(() => {});
  }
}

/** The puppeteer-core BiDi internals this needs (the harness already relies on Frame.browsingContext). */
interface BidiInternals {
  browsingContext: {
    id: string;
    locateNodes(locator: { type: 'css'; value: string }, startNodes: { sharedId: string }[]): Promise<Array<{ sharedId?: string }>>;
    userContext: { browser: { session: { send(method: string, params: object): Promise<{ result: unknown }> } } };
  };
}

async function firefoxBox(page: PpPage, hostSelector: string, selector: string): Promise<Box | null> {
  const host = await page.$(hostSelector);
  if (!host) return null;
  try {
    const rv = (host as unknown as { remoteValue(): { value?: { shadowRoot?: { sharedId?: string } } } }).remoteValue();
    const shadowId = rv.value?.shadowRoot?.sharedId;
    if (!shadowId) return null;
    const bc = (page.mainFrame() as unknown as Partial<BidiInternals>).browsingContext;
    if (!bc || typeof bc.locateNodes !== 'function') {
      throw new Error('firefox harness: puppeteer-core internals changed (Frame.browsingContext.locateNodes); update tests/harness/shadow.ts');
    }
    const [node] = await bc.locateNodes({ type: 'css', value: selector }, [{ sharedId: shadowId }]);
    if (!node?.sharedId) return null;
    const res = (await bc.userContext.browser.session.send('script.callFunction', {
      functionDeclaration: '(el) => { const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; }',
      arguments: [{ sharedId: node.sharedId }],
      target: { context: bc.id },
      awaitPromise: false,
    })) as { result: { type: string; result?: { value?: Array<{ value: number }> }; exceptionDetails?: { text?: string } } };
    if (res.result.type !== 'success') throw new Error(`script.callFunction failed: ${res.result.exceptionDetails?.text ?? res.result.type}`);
    const v = res.result.result?.value?.map((x) => x.value);
    if (!v || v.length !== 4) return null;
    return { x: v[0]!, y: v[1]!, width: v[2]!, height: v[3]! };
  } finally {
    await host.dispose();
  }
}

/**
 * Border box (viewport CSS pixels) of the first element matching `selector` inside the closed
 * shadow root of the first `hostSelector` element, or null when there is none (yet).
 */
export async function closedShadowBox(h: BrowserHarness, page: PageHandle, hostSelector: string, selector: string): Promise<Box | null> {
  return h.name === 'chromium' ? chromiumBox(page.raw as PwPage, hostSelector, selector) : firefoxBox(page.raw as PpPage, hostSelector, selector);
}

/**
 * Run `fn` in the extension frame of `page` whose URL contains `path` (the note editor, framed
 * into the closed shadow root of our toolbar), through the driver: the page's scripts cannot
 * reach into it. Null while there is no such frame.
 */
export async function inExtensionFrame<R>(h: BrowserHarness, page: PageHandle, path: string, fn: string): Promise<R | null> {
  type AnyFrame = { url(): string; evaluate(src: string): Promise<unknown> };
  const frames = (h.name === 'chromium' ? (page.raw as PwPage).frames() : (page.raw as PpPage).frames()) as unknown as AnyFrame[];
  const isOurs = (url: string) => /^(chrome|moz)-extension:\/\//.test(url) && url.includes(path);
  let frame = frames.find((f) => isOurs(f.url()));
  // Firefox over BiDi may keep reporting a frame's first URL (about:blank): ask the frame itself.
  if (!frame) {
    for (const f of frames.slice(1)) {
      const href = await f.evaluate('location.href').catch(() => '');
      if (typeof href === 'string' && isOurs(href)) frame = f;
    }
  }
  if (!frame) return null;
  return (await frame.evaluate(fn)) as R;
}

/**
 * Viewport box (of the top page) of `selector` inside that extension frame: the frame element's
 * box in our shadow root plus the element's box in the frame.
 */
export async function extensionFrameBox(h: BrowserHarness, page: PageHandle, path: string, selector: string): Promise<Box | null> {
  const frameBox = await closedShadowBox(h, page, '[data-policy-lens-ui]', 'iframe[data-note-frame]');
  if (!frameBox) return null;
  const inner = await inExtensionFrame<number[] | null>(
    h,
    page,
    path,
    `(() => { const el = document.querySelector(${JSON.stringify(selector)}); if (!el) return null; const r = el.getBoundingClientRect(); return [r.left, r.top, r.width, r.height]; })()`,
  ).catch(() => null);
  if (!inner) return null;
  return { x: frameBox.x + inner[0]!, y: frameBox.y + inner[1]!, width: inner[2]!, height: inner[3]! };
}
