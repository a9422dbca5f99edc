/**
 * Content script: thin wiring of lib/page/controller to the extension. Injected by the
 * background into a frame whose first look found signs of a policy document, and on request
 * (toolbar, context menu, side panel): lib/page/inject.ts. No WASM here (page CSPs may forbid
 * it), no storage in the page's origin: the background does both.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { createPageController } from '../lib/page/controller';
import { createPageUi } from '../lib/page/ui';
import { parseMessage, type ToBackground, type ToContent } from '../lib/messages';
import { remoteAnalyze } from '../lib/page/remote-engine';
import type { ContentGlobals } from '../lib/page/inject';
import { SETTINGS_KEY, normalizeSettings } from '../lib/settings';

const CONTENT_TYPES = new Set(['pl:getState', 'pl:getSnapshot', 'pl:scrollTo', 'pl:scrollToAnnotation', 'pl:analyzeAnyway', 'pl:annotationsChanged', 'pl:reattach']);

export default defineContentScript({
  matches: ['*://*.gov.cn/*', '*://gov.cn/*'],
  // Not in the manifest: the background injects it into a frame whose first look found signs of a
  // policy document (entrypoints/first-look.ts), and on request (lib/page/inject.ts).
  // Its matches become host permissions.
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  async main() {
    const g = globalThis as unknown as ContentGlobals;
    if (g.__policyLens) return; // injected again (a second request) into a frame that has us
    g.__policyLens = true;
    const first = g.__policyLensFirstLook;
    first?.stop(); // a page it was leaving alone: ours from here
    if (document.readyState === 'loading') {
      await new Promise<void>((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
    }
    // Started with the page (not later on request): let the page paint first.
    const atLoad = document.readyState !== 'complete';

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
    const controller = createPageController({ win: window, send, analyze, ui: createPageUi(), reportNotPolicy: isTop, loadSettings, afterFirstFrame: atLoad, pageSheet: 'light' });

    browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const msg = parseMessage(raw);
      if (!msg || !CONTENT_TYPES.has(msg.type)) return undefined;
      // A sub-frame without a policy document leaves the answer to the frame that has one.
      if (!isTop && controller.state().status !== 'policy') return undefined;
      return controller.handle(msg as ToContent);
    });
    await controller.run();
  },
});
