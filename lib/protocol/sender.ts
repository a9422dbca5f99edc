/**
 * Who sent a message, from what the browser says (`runtime.onMessage`'s sender), never from the
 * message itself.
 *   - `page`: a content script: its tab, frame and the frame's URL. It may speak only for the
 *     document shown in that frame.
 *   - `extension`: one of the extension's own pages (side panel, background, an extension frame)
 *     with its path: the side panel's requests are the user's.
 * Anything else (another extension, a sender without a tab or URL) is null: not answered.
 */

/** The sender shape both browsers give to `runtime.onMessage` listeners (the members we read). */
export interface SenderLike {
  id?: string;
  url?: string;
  tab?: { id?: number; url?: string };
  frameId?: number;
}

export interface ExtensionIdentity {
  /** runtime.id */
  id: string;
  /** runtime.getURL('') — "chrome-extension://<id>/" or "moz-extension://<uuid>/". */
  origin: string;
}

export type Sender = { kind: 'page'; tabId: number; frameId: number; url: string } | { kind: 'extension'; path: string; tabId: number | null };

export function classifySender(s: SenderLike | undefined, ext: ExtensionIdentity): Sender | null {
  if (!s || s.id !== ext.id) return null;
  const url = typeof s.url === 'string' ? s.url : '';
  if (url && url.startsWith(ext.origin)) {
    let path = '/';
    try {
      path = new URL(url).pathname;
    } catch {
      return null;
    }
    return { kind: 'extension', path, tabId: typeof s.tab?.id === 'number' ? s.tab.id : null };
  }
  const tabId = s.tab?.id;
  if (typeof tabId !== 'number' || tabId < 0) return null;
  const frameUrl = url || s.tab?.url || '';
  if (!/^(https?|file):/i.test(frameUrl)) return null;
  return { kind: 'page', tabId, frameId: typeof s.frameId === 'number' ? s.frameId : 0, url: frameUrl };
}
