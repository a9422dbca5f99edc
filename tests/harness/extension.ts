/**
 * Probes of the extension under test, through the hooks agreed with the entrypoints:
 * - content script answers `page:getState` (tabs.sendMessage from an extension page, in the protocol's envelope);
 * - side panel root carries `data-state`, the title sits in `[data-testid="doc-title"]`;
 * - the content script adds only CSS.highlights entries named `pl-*` and one `[data-policy-lens-ui]` host.
 * All functions below are serialised into the browser: no Node values inside them.
 */
import type { BrowserHarness, PageHandle } from './types';

export interface TabState {
  status: 'analysing' | 'policy' | 'not-policy' | 'error' | string;
  highlightCount: number;
  measures: number;
  title: string;
  url?: string;
  reasons?: string[];
  error?: string;
}

export interface HighlightSummary {
  supported: boolean;
  size: number;
  names: string[];
  /** Total ranges over all highlights. */
  ranges: number;
  /** Text of the first few ranges, to check what was marked. */
  samples: string[];
}

export interface PageFootprint {
  /** Attributes set on <html> whose name mentions policy / lens (should be none). */
  htmlAttributes: string[];
  uiHosts: number;
  /** Elements whose tag or attributes mention policy-lens / pl- outside the single UI host. */
  strayElements: string[];
}

export interface PanelSnapshot {
  state: string | null;
  title: string | null;
  text: string;
}

/** Highlights registered in the page's document (visible from the main world). */
export function highlightSummary(h: BrowserHarness, page: PageHandle): Promise<HighlightSummary> {
  return h.evaluate(page, () => {
    const reg = (globalThis as unknown as { CSS?: { highlights?: Map<string, Set<Range>> } }).CSS?.highlights;
    if (!reg) return { supported: false, size: 0, names: [], ranges: 0, samples: [] };
    const names: string[] = [];
    const samples: string[] = [];
    let ranges = 0;
    reg.forEach((hl, name) => {
      names.push(name);
      hl.forEach((r) => {
        ranges++;
        if (samples.length < 8) {
          // StaticRange has no toString(): read its text through a live Range.
          const live = document.createRange();
          live.setStart(r.startContainer, r.startOffset);
          live.setEnd(r.endContainer, r.endOffset);
          samples.push(live.toString().slice(0, 40));
        }
      });
    });
    return { supported: true, size: reg.size, names, ranges, samples };
  });
}

export function pageFootprint(h: BrowserHarness, page: PageHandle): Promise<PageFootprint> {
  return h.evaluate(page, () => {
    const htmlAttributes = Array.from(document.documentElement.attributes)
      .map((a) => a.name)
      .filter((n) => /policy|lens/i.test(n));
    const uiHosts = document.querySelectorAll('[data-policy-lens-ui]').length;
    const stray: string[] = [];
    document.querySelectorAll('*').forEach((el) => {
      if (el.closest('[data-policy-lens-ui]')) return;
      const attrs = Array.from(el.attributes).map((a) => a.name);
      if (/policy-lens|^pl-/i.test(el.localName) || attrs.some((a) => /policy-?lens|^data-pl-/i.test(a))) {
        stray.push(`<${el.localName} ${attrs.join(' ')}>`);
      }
    });
    return { htmlAttributes, uiHosts, strayElements: stray };
  });
}

/** State of the side panel page (data-state on its root, the document title). */
export function panelSnapshot(h: BrowserHarness, panel: PageHandle): Promise<PanelSnapshot> {
  return h.evaluate(panel, () => {
    const root = document.querySelector('[data-state]') as HTMLElement | null;
    const title = document.querySelector('[data-testid="doc-title"]');
    return {
      state: root?.dataset.state ?? null,
      title: title ? (title.textContent ?? '').trim() : null,
      text: (document.body?.innerText ?? '').slice(0, 2000),
    };
  });
}

/**
 * Ask the content script of the tab showing `tabUrl` for its state, from an extension page
 * (`extPage`, e.g. the side panel). Resolves null when no tab shows that URL; throws the
 * browser's error when nothing answers (no content script, or one leaving a page alone after
 * its first look). With `wake` (default), such an instance is woken the way the side panel does
 * (lib/page/inject.ts wakeInPage): it then asks the engine, and a later call gets its answer.
 */
export function tabState(h: BrowserHarness, extPage: PageHandle, tabUrl: string, opts: { wake?: boolean } = {}): Promise<TabState | null> {
  return h.evaluate(
    extPage,
    async (url: string, wake: boolean) => {
      type Tabs = {
        query(q: object): Promise<Array<{ id?: number; url?: string }>>;
        sendMessage(id: number, msg: unknown): Promise<unknown>;
      };
      type Scripting = { executeScript(o: { target: { tabId: number }; func?: () => unknown; files?: string[] }): Promise<Array<{ result?: unknown }>> };
      const g = globalThis as { browser?: { tabs?: Tabs; scripting?: Scripting }; chrome?: { tabs?: Tabs; scripting?: Scripting } };
      const tabs = g.browser?.tabs ?? g.chrome?.tabs;
      if (!tabs) throw new Error('tabs API not available: evaluate tabState in an extension page');
      const all = await tabs.query({});
      const tab = all.find((t) => t.url === url);
      if (!tab || tab.id === undefined) return null;
      try {
        // the protocol's envelope (lib/protocol: @webext-core/messaging); it answers { res } or { err }
        const answer = (await tabs.sendMessage(tab.id, { id: 1, type: 'page:getState', data: undefined, timestamp: Date.now() })) as
          { res?: unknown; err?: { message?: string } } | undefined;
        if (!answer || answer.err) throw new Error(answer?.err?.message ?? 'no answer');
        return answer.res as never;
      } catch (e) {
        // as the side panel does (lib/page/inject.ts wakeContentScript): a page the first look
        // leaves alone gets the content script, which asks the engine and answers next time
        const scripting = g.browser?.scripting ?? g.chrome?.scripting;
        if (wake && scripting) {
          const tabId = tab.id;
          await scripting
            .executeScript({
              target: { tabId },
              func: () =>
                !!(globalThis as { __policyLensFirstLook?: unknown; __policyLens?: unknown }).__policyLensFirstLook &&
                !(globalThis as { __policyLens?: unknown }).__policyLens,
            })
            .then((r) => (r?.[0]?.result === true ? scripting.executeScript({ target: { tabId }, files: ['/content-scripts/content.js'] }) : undefined))
            .catch(() => undefined);
        }
        throw e;
      }
    },
    tabUrl,
    opts.wake ?? true,
  );
}

/** Wait until the content script reports a final status (not 'analysing'); returns that state. */
export async function waitForTabStatus(h: BrowserHarness, extPage: PageHandle, tabUrl: string, timeoutMs = 30_000): Promise<TabState> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = 'no answer yet';
  for (;;) {
    try {
      const s = await tabState(h, extPage, tabUrl);
      if (s && typeof s === 'object' && s.status !== 'analysing') return s;
      last = s ?? `no tab with url ${tabUrl}`;
    } catch (e) {
      // content script not injected yet, or not answering pl:getState
      last = (e as Error).message;
    }
    if (Date.now() > deadline) {
      throw new Error(
        `Timed out after ${timeoutMs} ms waiting for the content script of ${tabUrl} to answer page:getState ` +
          `with a final status [${h.name}] (last: ${typeof last === 'string' ? last : JSON.stringify(last)})`,
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
