/**
 * Putting Policy Lens into a tab on request (toolbar button, context menu, the side panel's
 * "analyse anyway"), where the manifest did not: with the extension's `scripting` API, from the
 * background or the side panel. The stylesheet goes first: the content script's controller
 * relies on its highlight rules being in the page (lib/highlight/highlights.css).
 */

/** The content script and its stylesheet in the build (WXT's output names for entrypoints/content.ts). */
export const CONTENT_JS = '/content-scripts/content.js';
export const CONTENT_CSS = '/content-scripts/content.css';

/** The part of `browser.scripting` used here (Chrome MV3 and Firefox MV2 alike). */
export interface ScriptingLike {
  insertCSS(o: { target: { tabId: number }; files: string[] }): Promise<unknown>;
  executeScript(o: { target: { tabId: number }; files: string[] }): Promise<unknown>;
}

/** Inject the stylesheet and the content script into the tab's top frame. Rejects with the browser's reason (restricted page, no permission). */
export async function injectContentScript(scripting: ScriptingLike, tabId: number): Promise<void> {
  await scripting.insertCSS({ target: { tabId }, files: [CONTENT_CSS] });
  await scripting.executeScript({ target: { tabId }, files: [CONTENT_JS] });
}
