/**
 * Content script: thin wiring of lib/page/controller to the extension. Injected by the
 * background into a frame whose first look found signs of a policy document, and on request
 * (toolbar, context menu, side panel): lib/page/inject.ts. No WASM here (page CSPs may forbid
 * it), no storage in the page's origin: the background does both.
 */
import { defineContentScript } from 'wxt/utils/define-content-script';
import { browser } from 'wxt/browser';
import { createPageController } from '../lib/page/controller';
import { createPageUi } from '../components/page/ui';
import { extensionT } from '../lib/i18n/extension';
import { sendVia, toBackground, toPage, type BackgroundProtocol } from '../lib/protocol';
import { serve } from '../lib/protocol/serve';
import { pageRoutes } from '../lib/page/messages';
import { remoteAnalyze, remotePaint } from '../lib/page/remote-engine';
import type { ContentGlobals } from '../lib/page/inject';
import { followSettings, type SettingsArea } from '../lib/settings';
import { BUILT_IN_MATCH_PATTERNS } from '../lib/hosts';

/** How often an orphaned content script notices that its extension is gone (ms). */
const ORPHAN_CHECK_MS = 3000;

export default defineContentScript({
  matches: [...BUILT_IN_MATCH_PATTERNS],
  // Not in the manifest: the background injects it into a frame whose first look found signs of a
  // policy document (entrypoints/first-look.ts), and on request (lib/page/inject.ts).
  // Its matches become host permissions.
  registration: 'runtime',
  noScriptStartedPostMessage: true,
  async main(ctx) {
    const gl = globalThis as unknown as ContentGlobals;
    if (gl.__policyLens) return; // injected again (a second request) into a frame that has us
    gl.__policyLens = true;
    const first = gl.__policyLensFirstLook;
    first?.stop(); // a page it was leaving alone: ours from here
    if (document.readyState === 'loading') {
      await new Promise<void>((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
    }
    // Started with the page (not later on request): let the page paint first.
    const atLoad = document.readyState !== 'complete';

    const t = extensionT();
    const send = sendVia<BackgroundProtocol>(toBackground);
    const isTop = window === window.top;
    // Settings are read only on pages worth reading, while the page is analysed (on the others,
    // the storage API is never touched: in a fresh tab each extension API costs the page ms).
    // (called by the controller once it exists)
    const loadSettings = () => followSettings(browser.storage as unknown as SettingsArea, (s) => !orphaned() && controller.applySettings(s));
    // The engine runs in the background (warm between pages, off this page's main thread).
    const analyze = remoteAnalyze(send, performance, t);
    const paint = remotePaint(send, performance, t);
    const ui = createPageUi({ t, note: { frame: (token) => `${browser.runtime.getURL('/note.html')}#${token}` } });
    const controller = createPageController({
      win: window,
      send,
      analyze,
      paint,
      ui,
      t,
      reportNotPolicy: isTop,
      loadSettings,
      afterFirstFrame: atLoad,
      pageSheet: 'light',
    });

    // Only the extension's own contexts (side panel, background) ask a frame anything.
    const stopServing = serve(toPage, pageRoutes(controller), { ext: { id: browser.runtime.id, origin: browser.runtime.getURL('/') }, panelPages: [] });

    // The extension was reloaded, updated or removed: this script is orphaned (every message of it
    // fails). Take all of it off the page — highlights, cards, listeners — so that a newer one can
    // start here. WXT's context also calls this when another copy of this script starts in the
    // frame, which a page's script can fake with a DOM event: that alone tears nothing down.
    const orphaned = () => {
      try {
        return !browser.runtime?.id;
      } catch {
        return true;
      }
    };
    const teardown = () => {
      if (!orphaned()) return;
      clearInterval(watch);
      controller.destroy();
      stopServing();
      delete gl.__policyLens;
    };
    const watch = setInterval(teardown, ORPHAN_CHECK_MS);
    ctx.onInvalidated(teardown);
    await controller.run();
  },
});
