/**
 * The catalog through the browser, in the UI language it chose: the `t` of every extension
 * context (background, content script, side panel, note editor). Tests and the CLI use
 * `catalogGetMessage` (./index) over the JSON instead.
 */
import { browser } from 'wxt/browser';
import { createT, type GetMessage, type T } from './index';

export function extensionT(): T {
  // WXT types getMessage by its own generated key union; our keys are the same catalog's (MessageKey).
  const i18n = browser.i18n as unknown as { getMessage: GetMessage };
  return createT((key, subs) => i18n.getMessage(key, subs));
}
