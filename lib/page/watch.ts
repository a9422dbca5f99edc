/**
 * Watching the page after it was read: which DOM changes may change the document's text, when
 * the page has settled enough to look again, and never two looks at once.
 *
 *   - Only the article's own changes count when its element is known (`scope`): a clock, a
 *     ticker or a banner elsewhere on the page never re-reads it. Our own UI never counts.
 *   - Attribute changes count only when they show or hide text ("展开全文", tabs): `visibilityChanged`.
 *   - Debounced (`quietMs` after the last change), never starved (at least every `maxWaitMs`),
 *     and backing off on pages that keep changing their article: each look that found a change
 *     within CHURN_WINDOW_MS of the previous one doubles both waits, up to MAX_BACKOFF.
 *   - One look in flight: changes during a look schedule one more after it.
 */

export interface WatchOptions {
  win: Window;
  /** Quiet time after the last relevant change (ms). */
  quietMs: number;
  /** A page that keeps changing is looked at at least this often (ms), before backoff. */
  maxWaitMs: number;
  /** The article's element (null: the whole page counts). Read at each change. */
  scope(): Element | null;
  /** Is this node ours (our shadow hosts)? */
  isOurs(n: Node): boolean;
  /** An attribute changed on `el`: did text inside it appear or disappear? */
  visibilityChanged(el: Element): boolean;
  /** Look again; resolves with whether the document's text had changed. */
  onSettled(): Promise<boolean>;
}

export interface Watcher {
  start(): void;
  stop(): void;
  /** The current waits (ms), after backoff. */
  waits(): { quiet: number; maxWait: number };
}

/** Looks that found changes closer together than this are churn. */
const CHURN_WINDOW_MS = 10_000;
/** Backoff doubles the waits at most this many times (×64). */
export const MAX_BACKOFF = 6;

export function watchPage(o: WatchOptions): Watcher {
  const doc = o.win.document;
  let observer: MutationObserver | null = null;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pendingSince: number | null = null;
  let running = false;
  let dirty = false;
  let churn = 0;
  let lastChange = -Infinity;
  let stopped = false;

  const waits = () => ({ quiet: o.quietMs * 2 ** churn, maxWait: Math.max(o.quietMs, o.maxWaitMs) * 2 ** churn });

  function relevant(r: MutationRecord): boolean {
    if (o.isOurs(r.target)) return false;
    const root = o.scope();
    if (root && !root.isConnected) return true; // the article was replaced
    if (root && root !== r.target && !root.contains(r.target)) {
      // Outside the article: only an ancestor hiding or showing it changes the document.
      return r.type === 'attributes' && r.target.nodeType === 1 && (r.target as Element).contains(root) && o.visibilityChanged(root);
    }
    if (r.type === 'childList') {
      const nodes = [...Array.from(r.addedNodes), ...Array.from(r.removedNodes)];
      return nodes.length === 0 || !nodes.every((n) => n.nodeType === 1 && (n as Element).hasAttribute('data-policy-lens-ui'));
    }
    if (r.type === 'attributes') return r.target.nodeType === 1 && o.visibilityChanged(r.target as Element);
    return true;
  }

  function schedule() {
    if (stopped) return;
    if (running) {
      dirty = true;
      return;
    }
    const now = Date.now();
    pendingSince ??= now;
    if (timer) clearTimeout(timer);
    const { quiet, maxWait } = waits();
    timer = setTimeout(settle, Math.max(0, Math.min(quiet, pendingSince + maxWait - now)));
  }

  async function settle() {
    timer = null;
    pendingSince = null;
    if (stopped) return;
    running = true;
    dirty = false;
    let changed = false;
    try {
      changed = await o.onSettled();
    } catch {
      changed = false;
    } finally {
      running = false;
    }
    if (changed) {
      const now = Date.now();
      churn = now - lastChange < CHURN_WINDOW_MS ? Math.min(MAX_BACKOFF, churn + 1) : 0;
      lastChange = now;
    }
    if (dirty) schedule();
  }

  return {
    start() {
      if (observer || stopped || !('MutationObserver' in o.win)) return;
      const MO = (o.win as unknown as { MutationObserver: typeof MutationObserver }).MutationObserver;
      observer = new MO((records) => {
        if (records.some(relevant)) schedule();
      });
      observer.observe(doc.documentElement, {
        childList: true,
        subtree: true,
        characterData: true,
        // "展开全文" and tabbed pages reveal text by toggling display, not by adding nodes.
        attributes: true,
        attributeFilter: ['style', 'class', 'hidden', 'aria-hidden'],
      });
    },
    stop() {
      stopped = true;
      observer?.disconnect();
      observer = null;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    waits,
  };
}
