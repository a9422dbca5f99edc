/**
 * The side panel ↔ file viewer channel. The panel speaks to a web page's content script through
 * `tabs.sendMessage`, which no extension page receives; the viewer is an extension page in a tab
 * of its own, on the extension's origin, as the panel is. So they speak over a BroadcastChannel
 * of that origin (no web page can join it): the panel's requests name the viewer's tab, the
 * viewer with that tab answers, and it announces when what it shows changed.
 *
 * The viewer answers the page protocol (`page:*`, as far as a file has it) and `viewer:keep`.
 */
import type { PageProtocol, Send } from './index';

export const VIEWER_CHANNEL = 'policy-lens-viewer';

export interface ViewerProtocol extends PageProtocol {
  /** Keep the file shown as a document (the panel's 加入文库); answers its id. */
  'viewer:keep'(): { docId: string };
}

type Request = { kind: 'request'; id: string; tabId: number; type: string; data: unknown };
type Answer = { kind: 'answer'; id: string; ok: true; result: unknown } | { kind: 'answer'; id: string; ok: false; error: string };
type Changed = { kind: 'changed'; tabId: number };
type Message = Request | Answer | Changed;

/** The part of BroadcastChannel used here (Node has one too: the tests use it). */
export interface ChannelLike {
  postMessage(m: unknown): void;
  addEventListener(type: 'message', cb: (e: { data: unknown }) => void): void;
  removeEventListener(type: 'message', cb: (e: { data: unknown }) => void): void;
}

const isMessage = (x: unknown): x is Message => typeof x === 'object' && x !== null && typeof (x as { kind?: unknown }).kind === 'string';

/** The panel's end: a sender to the viewer of one tab (rejects after `timeoutMs` when none answers). */
export function viewerSender(channel: ChannelLike, tabId: number, timeoutMs = 5_000): Send<ViewerProtocol> {
  return ((type: string, data?: unknown) =>
    new Promise((resolve, reject) => {
      const id = `${tabId}:${Date.now().toString(36)}:${Math.random().toString(36).slice(2)}`;
      const timer = setTimeout(() => {
        channel.removeEventListener('message', on);
        reject(new Error(`the viewer of tab ${tabId} did not answer ${type}`));
      }, timeoutMs);
      function on(e: { data: unknown }) {
        const m = e.data;
        if (!isMessage(m) || m.kind !== 'answer' || m.id !== id) return;
        clearTimeout(timer);
        channel.removeEventListener('message', on);
        if (m.ok) resolve(m.result as never);
        else reject(new Error(m.error));
      }
      channel.addEventListener('message', on);
      channel.postMessage({ kind: 'request', id, tabId, type, data } satisfies Request);
    })) as Send<ViewerProtocol>;
}

/** The panel's end: `cb(tabId)` when a viewer says what it shows changed. Answers the unsubscribe. */
export function onViewerChanged(channel: ChannelLike, cb: (tabId: number) => void): () => void {
  const on = (e: { data: unknown }) => {
    const m = e.data;
    if (isMessage(m) && m.kind === 'changed' && Number.isInteger(m.tabId)) cb(m.tabId);
  };
  channel.addEventListener('message', on);
  return () => channel.removeEventListener('message', on);
}

export type ViewerHandler = (type: keyof ViewerProtocol, data: unknown) => unknown;

/** The viewer's end: answers the requests for its tab; `changed()` tells the panels. */
export function serveViewer(channel: ChannelLike, tabId: number, handle: ViewerHandler): { changed(): void; stop(): void } {
  const on = (e: { data: unknown }) => {
    const m = e.data;
    if (!isMessage(m) || m.kind !== 'request' || m.tabId !== tabId) return;
    Promise.resolve()
      .then(() => handle(m.type as keyof ViewerProtocol, m.data))
      .then(
        (result) => channel.postMessage({ kind: 'answer', id: m.id, ok: true, result } satisfies Answer),
        (e: unknown) => channel.postMessage({ kind: 'answer', id: m.id, ok: false, error: e instanceof Error ? e.message : String(e) } satisfies Answer),
      );
  };
  channel.addEventListener('message', on);
  return {
    changed: () => channel.postMessage({ kind: 'changed', tabId } satisfies Changed),
    stop: () => channel.removeEventListener('message', on),
  };
}
