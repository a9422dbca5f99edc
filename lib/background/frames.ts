/**
 * What the background knows about each frame of each tab — its page state and the document it
 * shows — held in `storage.session`, not in the worker's memory: an MV3 service worker is
 * stopped after ~30 s idle, and the side panel must still find the frame that holds the
 * document (a policy in an iframe of a portal page). `storage.session` is cleared when the
 * browser closes and is not readable by content scripts.
 *
 * One key per tab (`frames:<tabId>`); writes to one tab are serialised, so two frames
 * reporting at once do not lose each other's update.
 */
import type { NearMatch, PageState } from '../protocol';

/** The document a frame shows, as its content script reported it (identity from the sender's URL). */
export interface FrameDocument {
  /** Canonical URL of the frame (from the sender, never from a message). */
  url: string;
  title: string;
  docNumber: string | null;
  issuer: string | null;
  date: string | null;
  /** SHA-256 of the normalised content ("site hash" identity), null for empty or very short content. */
  contentHash: string | null;
  /** SimHash of the content, for near matches; null for short content. */
  simhash: string | null;
  /** The kept document it is, null while nothing of it is kept. */
  docId: string | null;
  near: NearMatch[];
}

export interface FrameRecord {
  state?: PageState;
  doc?: FrameDocument;
}

/** The part of `storage.session` (StorageArea) used here. */
export interface SessionAreaLike {
  get(key: string): Promise<Record<string, unknown>>;
  set(items: Record<string, unknown>): Promise<void>;
  remove(key: string): Promise<void>;
}

export interface FrameStore {
  get(tabId: number, frameId: number): Promise<FrameRecord | undefined>;
  /** All frames of a tab. */
  frames(tabId: number): Promise<Map<number, FrameRecord>>;
  /** Change one frame's record (created empty when missing). */
  update(tabId: number, frameId: number, change: (r: FrameRecord) => FrameRecord): Promise<FrameRecord>;
  /** A new document in the tab, or the tab closed. */
  dropTab(tabId: number): Promise<void>;
}

/** The frame whose state speaks for the tab: a policy frame first, the top frame among equals. */
export function bestFrame(frames: Map<number, FrameRecord>): { frameId: number; state: PageState } | null {
  const RANK: Record<PageState['status'], number> = { policy: 3, error: 2, analysing: 1, 'not-policy': 0, empty: 0 };
  let best: { frameId: number; state: PageState } | null = null;
  for (const [frameId, r] of frames) {
    const state = r.state;
    if (!state) continue;
    if (!best || RANK[state.status] > RANK[best.state.status] || (RANK[state.status] === RANK[best.state.status] && frameId === 0)) best = { frameId, state };
  }
  return best;
}

export function createFrameStore(area: SessionAreaLike): FrameStore {
  const key = (tabId: number) => `frames:${tabId}`;
  const queue = new Map<number, Promise<unknown>>();
  /** Run `fn` after the tab's previous write (reads see every write queued before them). */
  function serial<T>(tabId: number, fn: () => Promise<T>): Promise<T> {
    const prev = queue.get(tabId) ?? Promise.resolve();
    const next = prev.then(fn, fn);
    const settled = next.catch(() => undefined);
    queue.set(tabId, settled);
    void settled.then(() => {
      if (queue.get(tabId) === settled) queue.delete(tabId);
    });
    return next;
  }
  async function read(tabId: number): Promise<Record<string, FrameRecord>> {
    const got = (await area.get(key(tabId)))[key(tabId)];
    return got && typeof got === 'object' ? (got as Record<string, FrameRecord>) : {};
  }
  return {
    get: (tabId, frameId) => serial(tabId, async () => (await read(tabId))[String(frameId)]),
    frames: (tabId) => serial(tabId, async () => new Map(Object.entries(await read(tabId)).map(([k, v]) => [Number(k), v] as [number, FrameRecord]))),
    update: (tabId, frameId, change) =>
      serial(tabId, async () => {
        const all = await read(tabId);
        const next = change(all[String(frameId)] ?? {});
        all[String(frameId)] = next;
        await area.set({ [key(tabId)]: all });
        return next;
      }),
    dropTab: (tabId) => serial(tabId, () => area.remove(key(tabId))),
  };
}

/** An in-memory SessionAreaLike (tests, and browsers without storage.session). */
export function memorySessionArea(): SessionAreaLike & { data: Map<string, unknown> } {
  const data = new Map<string, unknown>();
  return {
    data,
    async get(k) {
      return data.has(k) ? { [k]: structuredClone(data.get(k)) } : {};
    },
    async set(items) {
      for (const [k, v] of Object.entries(items)) data.set(k, structuredClone(v));
    },
    async remove(k) {
      data.delete(k);
    },
  };
}
