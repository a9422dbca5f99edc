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
import type { AnalysisInput, PolicyModel } from '../lib/analysis/types';
import { SETTINGS_KEY, normalizeSettings } from '../lib/settings';

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

    const send = (msg: unknown) => browser.runtime.sendMessage(msg);
    const isTop = window === window.top;
    // Settings are read only on pages worth reading, while the page is analysed (on the others,
    // the storage API is never touched: in a fresh tab each extension API costs the page ms).
    let ctl: ReturnType<typeof createPageController> | null = null;
    const loadSettings = () => {
      browser.storage.onChanged.addListener((changes, area) => {
        if (area === 'local' && changes[SETTINGS_KEY]) ctl?.applySettings(normalizeSettings(changes[SETTINGS_KEY].newValue));
      });
      return browser.storage.local.get(SETTINGS_KEY).then((got) => normalizeSettings(got[SETTINGS_KEY]));
    };
    // The engine runs in the background (warm between pages, off this page's main thread).
    const analyze = async (input: AnalysisInput): Promise<PolicyModel> => {
      const t0 = performance.now();
      const request = send({ type: 'pl:analyze', input } satisfies ToBackground);
      try {
        performance.measure('pl:send', { start: t0, duration: performance.now() - t0 });
      } catch {
        /* no User Timing L3 */
      }
      const answer = (await request) as { json?: string; error?: string; engineMs?: number; startedAt?: number; doneAt?: number } | undefined;
      const gotAt = performance.now();
      if (typeof answer?.json !== 'string') throw new Error(`分析失败：${answer?.error ?? '后台无响应'} (analysis failed)`);
      const p0 = performance.now();
      const model = JSON.parse(answer.json) as PolicyModel;
      try {
        // Reading the answer (main thread), and the engine's own time in the background (the
        // rest of the round trip is messaging and waiting for this page's main thread).
        performance.measure('pl:receive', { start: p0, duration: performance.now() - p0 });
        if (typeof answer.engineMs === 'number') performance.measure('pl:engine', { start: t0, duration: answer.engineMs });
        // The round trip in three parts: to the engine, the engine and its JSON, back to this page.
        if (typeof answer.startedAt === 'number' && typeof answer.doneAt === 'number') {
          const startedAt = answer.startedAt - performance.timeOrigin;
          const doneAt = answer.doneAt - performance.timeOrigin;
          if (startedAt >= t0 && doneAt >= startedAt && gotAt >= doneAt) {
            performance.measure('pl:to-engine', { start: t0, end: startedAt });
            performance.measure('pl:in-engine', { start: startedAt, end: doneAt });
            performance.measure('pl:from-engine', { start: doneAt, end: gotAt });
          }
        }
      } catch {
        /* no User Timing L3 */
      }
      return model;
    };
    // Started with the page (not injected later by the toolbar): let the page paint first.
    const atLoad = document.readyState !== 'complete';
    const controller = createPageController({ win: window, send, analyze, ui: createPageUi(), reportNotPolicy: isTop, loadSettings, afterFirstFrame: atLoad });
    ctl = controller;

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
