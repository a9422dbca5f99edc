/**
 * The first look: a few kB in every frame of the auto hosts, declared in the manifest (see
 * wxt.config.ts) with the highlight stylesheet (the browser puts it in before the page is
 * styled, so painting later restyles nothing).
 *
 * Most pages of a government site are not policy documents. Until this page shows a sign of
 * one (lib/page/precheck.ts), nothing here touches an extension API: in a fresh tab the first
 * message listener and the first message cost the page more than all our own work on it, and
 * compiling the whole content script as much again. Once there is a sign, the background is
 * asked to inject the content script (entrypoints/content.ts) into this frame. The side panel
 * and the toolbar inject it themselves when the user asks for a page left alone.
 *
 * An unlisted script, not a WXT content script: WXT's content-script context (an
 * AbortController, a CustomEvent on the page's document, listeners) costs the page's main
 * thread on every page, and this script has no use for it.
 */
import { defineUnlistedScript } from 'wxt/utils/define-unlisted-script';
import { browser } from 'wxt/browser';
import { precheck } from '../lib/page/precheck';
import type { ContentGlobals } from '../lib/page/inject';
// Types only: the protocol's messaging library must not load on pages this script leaves alone.
import type { FirstLookMessage } from '../lib/protocol';

export default defineUnlistedScript(async () => {
  const g = globalThis as unknown as ContentGlobals;
  if (g.__policyLens || g.__policyLensFirstLook) return;
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  const state: NonNullable<ContentGlobals['__policyLensFirstLook']> = { stop: () => stop(), look: null };
  g.__policyLensFirstLook = state;
  if (document.readyState === 'loading') {
    await new Promise<void>((resolve) => document.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
  }
  const look = await precheck({ win: window, woken: stopped });
  state.look = look;
  // 'woken': the content script was injected meanwhile (on request); it takes the page from here.
  if (look === 'woken' || g.__policyLens) return;
  const msg: FirstLookMessage = { type: 'pl:firstLook', look };
  await browser.runtime.sendMessage(msg).catch(() => undefined);
});
