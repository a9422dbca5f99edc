/**
 * Content script: thin wiring of lib/page/controller to the extension. Runs by itself on the
 * auto hosts (government sites) and is injected on request elsewhere (toolbar, context menu).
 * No WASM here (page CSPs may forbid it), no storage in the page's origin: the background
 * does both.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { createPageController } from '../lib/page/controller';
import { createPageUi } from '../lib/page/ui';
import { parseMessage, type ToBackground, type ToContent } from '../lib/messages';
import { remoteAnalyze } from '../lib/page/remote-engine';
import { SETTINGS_KEY, normalizeSettings } from '../lib/settings';
// The highlight rules (light theme), injected by the browser with this script before the page is
// styled: painting then restyles nothing. Wherever this script runs the sheet is there too (manifest,
// user hosts and the toolbar's injection all add it: entrypoints/background.ts).
import '../lib/highlight/highlights.css';

const CONTENT_TYPES = new Set(['pl:getState', 'pl:getSnapshot', 'pl:scrollTo', 'pl:scrollToAnnotation', 'pl:analyzeAnyway', 'pl:annotationsChanged', 'pl:reattach']);

export default defineContentScript({
  matches: ['*://*.gov.cn/*', '*://gov.cn/*'],
  // document_end: right after the DOM is parsed. Measured on the 200k bench page, a
  // document_start script made Chromium finish parsing without rendering in between and put the
  // page's first contentful paint ~50 ms later; at document_end the page's DOMContentLoaded and
  // first paint are the same with and without Policy Lens. The controller reads the head of a
  // long article here, lets the page render its first frame, then reads the whole page. Later
  // content (展开全文, script-rendered bodies) is picked up by the controller's MutationObserver.
  runAt: 'document_end',
  // A policy document may be the body of an iframe on a portal page. Sub-frames stay silent
  // unless they hold a policy document (see below).
  allFrames: true,
  // WXT would also window.postMessage a "started" message carrying our extension id to the
  // page: pages must not learn that Policy Lens is installed.
  noScriptStartedPostMessage: true,
  async main() {
    const g = globalThis as unknown as { __policyLensLoaded?: boolean };
    if (g.__policyLensLoaded) return; // injected again by the toolbar on a page that has us
    g.__policyLensLoaded = true;

    const send = (msg: ToBackground) => browser.runtime.sendMessage(msg);
    const isTop = window === window.top;
    // Settings are read only on pages worth reading, while the page is analysed (on the others,
    // the storage API is never touched: in a fresh tab each extension API costs the page ms).
    // (called by the controller once it exists)
    const loadSettings = () => {
      browser.storage.onChanged.addListener((changes, area) => {
        if (area === 'local' && changes[SETTINGS_KEY]) controller.applySettings(normalizeSettings(changes[SETTINGS_KEY].newValue));
      });
      return browser.storage.local.get(SETTINGS_KEY).then((got) => normalizeSettings(got[SETTINGS_KEY]));
    };
    // The engine runs in the background (warm between pages, off this page's main thread).
    const analyze = remoteAnalyze(send);
    // Started with the page (not injected later by the toolbar): let the page paint first.
    const atLoad = document.readyState !== 'complete';
    const controller = createPageController({ win: window, send, analyze, ui: createPageUi(), reportNotPolicy: isTop, loadSettings, afterFirstFrame: atLoad, pageSheet: 'light' });

    browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const msg = parseMessage(raw);
      if (!msg || !CONTENT_TYPES.has(msg.type)) return undefined;
      // A sub-frame without a policy document leaves the answer to the frame that has one.
      if (!isTop && controller.state().status !== 'policy') return undefined;
      return controller.handle(msg as ToContent);
    });
    if (document.readyState === 'loading') {
      await new Promise<void>((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
    }
    await controller.run();
  },
});
