/**
 * How Policy Lens gets into a page. Two scripts:
 *
 * - the first look (entrypoints/first-look.ts, a few kB, with the highlight stylesheet):
 *   in every frame of the auto hosts (and of the hosts the user added). It reads the rendered
 *   text for signs of a policy document (lib/page/precheck.ts) and touches no extension API
 *   until it finds one: most pages of a government site are news, lists and portals;
 * - the content script (entrypoints/content.ts: the controller, the painter, the cards): injected
 *   by the background into a frame whose first look found a sign (`pl:firstLook`), or on request
 *   (toolbar button, context menu, side panel) here.
 *
 * Both run in the extension's isolated world of the frame and share its globals (ContentGlobals).
 */

/** The scripts and the stylesheet in the build (WXT's output names for the two entrypoints). */
export const CONTENT_JS = '/content-scripts/content.js';
export const FIRST_LOOK_JS = '/first-look.js';
export const CONTENT_CSS = '/highlights.css';

/** What the scripts keep in the isolated world's globals. */
export interface ContentGlobals {
  /** The content script is running in this frame. */
  __policyLens?: true;
  /** The first look is (or was) running in this frame; stop() ends its wait, `look` is how it ended. */
  __policyLensFirstLook?: { stop(): void; look: string | null };
}

/** The part of `browser.scripting` used here (Chrome MV3 and Firefox MV2 alike). */
export interface ScriptingLike {
  insertCSS(o: { target: { tabId: number }; files: string[] }): Promise<unknown>;
  executeScript(o: {
    target: { tabId: number; frameIds?: number[] };
    files?: string[];
    func?: (...args: never[]) => unknown;
    args?: unknown[];
  }): Promise<unknown>;
}

/** What a frame has of ours. */
export type InPage = 'content' | 'first-look' | 'none';

/** Runs in the frame's isolated world (serialised by the browser: self-contained). */
export function probeInPage(): InPage {
  const g = globalThis as unknown as ContentGlobals;
  return g.__policyLens ? 'content' : g.__policyLensFirstLook ? 'first-look' : 'none';
}

async function probe(scripting: ScriptingLike, tabId: number): Promise<InPage> {
  const res = await scripting.executeScript({ target: { tabId }, func: probeInPage });
  const r = Array.isArray(res) ? (res as Array<{ result?: unknown }>)[0]?.result : undefined;
  return r === 'content' || r === 'first-look' ? r : 'none';
}

/**
 * The user asked for this tab (toolbar, menu, "analyse anyway"): make sure the content script
 * runs in its top frame. The stylesheet is inserted only where the first look did not bring it.
 * Rejects with the browser's reason (restricted page, no permission).
 */
export async function injectContentScript(scripting: ScriptingLike, tabId: number): Promise<void> {
  const has = await probe(scripting, tabId);
  if (has === 'content') return;
  if (has === 'none') await scripting.insertCSS({ target: { tabId }, files: [CONTENT_CSS] });
  await scripting.executeScript({ target: { tabId }, files: [CONTENT_JS] });
}

/**
 * The side panel opened on a tab whose top frame does not answer: if the first look is leaving
 * that page alone, start the content script there (it asks the engine and reports; the panel
 * then shows why the page is not a policy document). Injects nothing into pages without the
 * first look. False when nothing was started or the browser refuses.
 */
export async function wakeContentScript(scripting: ScriptingLike, tabId: number): Promise<boolean> {
  try {
    if ((await probe(scripting, tabId)) !== 'first-look') return false;
    await scripting.executeScript({ target: { tabId }, files: [CONTENT_JS] });
    return true;
  } catch {
    return false;
  }
}

/** The first look of a frame found signs of a document (`pl:firstLook`): the background injects the content script there. */
export async function injectIntoFrame(scripting: ScriptingLike, tabId: number, frameId: number): Promise<void> {
  await scripting.executeScript({ target: { tabId, frameIds: [frameId] }, files: [CONTENT_JS] });
}
