/**
 * Wires pointer events on the page to the detail card: click on a highlighted span opens
 * (and focuses) its card; hovering shows it after a short delay and hides it when the pointer
 * leaves. Listeners are passive and never stop page events; clicks on links, on our own UI and
 * with a text selection in progress are left alone.
 */
import type { TextModel } from '../text/types';
import type { Painter, Hit } from './painter';
import type { CardHost, CardContent } from './card-host';
import { offsetAtPoint, rangeFromOffsets } from './ranges';

export interface TriggerOptions {
  /** The current text model (re-extracted after page changes). */
  model: () => TextModel | null;
  painter: Painter;
  host: CardHost;
  /** Card content for the hits under the pointer (highest priority first); null to show nothing. */
  contentFor: (hits: Hit[]) => { content: CardContent; hit: Hit } | null;
  /** Hover delay in ms (default 350); `hover: false` disables hover cards. */
  hoverDelay?: number;
  hover?: boolean;
}

interface PointLike {
  clientX: number;
  clientY: number;
}

/** Attach the listeners; returns a function that detaches them. */
export function attachCardTriggers(win: Window, opts: TriggerOptions): () => void {
  const doc = win.document;
  const delay = opts.hoverDelay ?? 350;
  let timer: ReturnType<typeof setTimeout> | null = null;
  let pinned = false; // opened by click: hover does not replace or hide it
  let shownKey: string | null = null;

  const hitsAt = (p: PointLike): Hit[] => {
    const model = opts.model();
    if (!model) return [];
    const off = offsetAtPoint(model, doc, p.clientX, p.clientY);
    if (off === null) return [];
    // Caret APIs snap to the nearest character even in margins: check the point is on the glyph.
    const r = rangeFromOffsets(model, off, off + 1, doc);
    if (r && typeof r.getBoundingClientRect === 'function') {
      const b = r.getBoundingClientRect();
      if (b.width > 0 && (p.clientX < b.left - 2 || p.clientX > b.right + 2 || p.clientY < b.top - 2 || p.clientY > b.bottom + 2)) return [];
    }
    return opts.painter.hitTest(off);
  };

  const open = (p: PointLike, focus: boolean): boolean => {
    const hits = hitsAt(p);
    const picked = hits.length ? opts.contentFor(hits) : null;
    const model = opts.model();
    if (!picked || !model) return false;
    const key = `${picked.hit.category}:${picked.hit.key ?? ''}:${picked.hit.start}`;
    if (!focus && opts.host.isOpen() && key === shownKey) return true;
    shownKey = key;
    opts.host.show(picked.content, rangeFromOffsets(model, picked.hit.start, picked.hit.end, doc), { focus });
    return true;
  };

  const hasSelection = (): boolean => {
    const sel = win.getSelection?.();
    return !!sel && !sel.isCollapsed && sel.toString().trim().length > 0;
  };

  const onClick = (e: MouseEvent) => {
    if (e.button !== 0 || opts.host.contains(e)) return;
    const t = e.target as Element | null;
    if (t && typeof t.closest === 'function' && t.closest('a[href], button, input, textarea, select, [contenteditable=""], [contenteditable="true"]')) return;
    if (hasSelection()) return;
    if (timer !== null) clearTimeout(timer);
    timer = null;
    pinned = open(e, true);
  };

  const onMove = (e: MouseEvent) => {
    if (opts.host.contains(e)) {
      if (timer !== null) clearTimeout(timer);
      timer = null;
      return;
    }
    if (timer !== null) clearTimeout(timer);
    const p = { clientX: e.clientX, clientY: e.clientY };
    timer = setTimeout(() => {
      timer = null;
      if (pinned && opts.host.isOpen()) return;
      pinned = false;
      if (!open(p, false) && opts.host.isOpen()) {
        opts.host.hide();
        shownKey = null;
      }
    }, delay);
  };

  doc.addEventListener('click', onClick, { passive: true });
  if (opts.hover !== false) doc.addEventListener('mousemove', onMove, { passive: true });
  return () => {
    if (timer !== null) clearTimeout(timer);
    doc.removeEventListener('click', onClick);
    doc.removeEventListener('mousemove', onMove);
  };
}
