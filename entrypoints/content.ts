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
import { parseMessage, type ToContent } from '../lib/messages';
import { SETTINGS_KEY, normalizeSettings } from '../lib/settings';

const CONTENT_TYPES = new Set(['pl:getState', 'pl:getSnapshot', 'pl:scrollTo', 'pl:scrollToAnnotation', 'pl:analyzeAnyway', 'pl:annotationsChanged', 'pl:reattach']);

export default defineContentScript({
  matches: ['*://*.gov.cn/*', '*://gov.cn/*'],
  // document_end: right after the DOM is parsed, not whenever the browser gets idle (document_idle
  // started us up to ~700 ms after DOMContentLoaded on a loaded machine). Later content (展开全文,
  // script-rendered bodies) is picked up by the controller's MutationObserver.
  runAt: 'document_end',
  // A policy document may be the body of an iframe on a portal page. Sub-frames stay silent
  // unless they hold a policy document (see below).
  allFrames: true,
  async main() {
    const g = globalThis as unknown as { __policyLensLoaded?: boolean };
    if (g.__policyLensLoaded) return; // injected again by the toolbar on a page that has us
    g.__policyLensLoaded = true;

    const send = (msg: unknown) => browser.runtime.sendMessage(msg);
    const isTop = window === window.top;
    // Settings are read while the page is analysed, not before (one storage round-trip saved).
    const settingsReady = browser.storage.local.get(SETTINGS_KEY).then((got) => normalizeSettings(got[SETTINGS_KEY]));
    const ctl = createPageController({ win: window, send, ui: createPageUi(), reportNotPolicy: isTop, settingsReady });

    browser.runtime.onMessage.addListener((raw: unknown, sender: { id?: string }) => {
      if (sender.id !== browser.runtime.id) return undefined;
      const msg = parseMessage(raw);
      if (!msg || !CONTENT_TYPES.has(msg.type)) return undefined;
      // A sub-frame without a policy document leaves the answer to the frame that has one.
      if (!isTop && ctl.state().status !== 'policy') return undefined;
      return ctl.handle(msg as ToContent);
    });
    browser.storage.onChanged.addListener((changes, area) => {
      if (area === 'local' && changes[SETTINGS_KEY]) ctl.applySettings(normalizeSettings(changes[SETTINGS_KEY].newValue));
    });
    await ctl.run();
  },
});
