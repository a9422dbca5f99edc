/**
 * Hosts the in-page detail card in a closed Shadow DOM. The single element we add to a page is
 * `<div data-policy-lens-ui>` appended to <html> (outside <body>, so the text model never sees
 * it and page layout is untouched). Styles live inside the shadow root: page CSS cannot reach
 * in, ours cannot leak out.
 */
import { h, render } from 'preact';
import { Card, type CardContent } from './Card';
import type { T } from '../../lib/i18n';

export type { CardContent } from './Card';

export interface RectLike {
  left: number;
  top: number;
  right: number;
  bottom: number;
  width?: number;
  height?: number;
}

export interface Placement {
  left: number;
  top: number;
  placement: 'below' | 'above' | 'clamped';
}

/**
 * Where to put a card of `size` next to `anchor` (viewport coordinates): below the anchor when
 * it fits, else above, else clamped; always inside the viewport with `margin`.
 */
export function placeCard(
  anchor: RectLike,
  size: { width: number; height: number },
  viewport: { width: number; height: number },
  margin = 8,
  gap = 6,
): Placement {
  const maxLeft = Math.max(margin, viewport.width - size.width - margin);
  const left = Math.min(Math.max(anchor.left, margin), maxLeft);
  const below = anchor.bottom + gap;
  if (below + size.height + margin <= viewport.height) return { left, top: below, placement: 'below' };
  const above = anchor.top - gap - size.height;
  if (above >= margin) return { left, top: above, placement: 'above' };
  const maxTop = Math.max(margin, viewport.height - size.height - margin);
  return { left, top: Math.min(Math.max(below, margin), maxTop), placement: 'clamped' };
}

export const CARD_CSS = `
:host { all: initial; }
.pl-card {
  position: fixed; box-sizing: border-box; width: max-content; max-width: min(360px, calc(100vw - 16px));
  min-width: 200px; max-height: calc(100vh - 16px); overflow: auto;
  background: #ffffff; color: #1a1a1a; border: 1px solid #8a8a8a; border-radius: 8px;
  box-shadow: 0 4px 16px rgba(0,0,0,.25); padding: 8px 12px 10px;
  font: 14px/1.55 system-ui, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif;
  text-align: left; white-space: normal; word-break: break-word; pointer-events: auto;
}
.pl-card:focus { outline: 3px solid #0060a0; outline-offset: 1px; }
.pl-card:focus:not(:focus-visible) { outline: none; }
.pl-head { display: flex; align-items: center; justify-content: space-between; gap: 8px; margin-bottom: 4px; }
.pl-kind { font-size: 12px; font-weight: 600; color: #444; letter-spacing: .05em; }
.pl-close { all: unset; cursor: pointer; font-size: 18px; line-height: 1; padding: 2px 6px; border-radius: 4px; color: #444; }
.pl-close:hover, .pl-close:focus-visible { background: #e8e8e8; outline: 2px solid #0060a0; }
.pl-body p { margin: 2px 0; }
.pl-main { font-size: 15px; font-weight: 600; }
.pl-sub { color: #555; font-size: 12.5px; }
.pl-badge { display: inline-block; font-size: 12px; padding: 0 6px; margin-right: 6px; border-radius: 10px; border: 1px solid #888; }
.pl-lead { border-color: #0060a0; color: #0060a0; font-weight: 600; }
.pl-co { border-style: dashed; }
.pl-date { font-variant-numeric: tabular-nums; }
.pl-rel { font-weight: 600; color: #8a3c00; }
.pl-rel.pl-past { color: #666; text-decoration: line-through dotted; }
.pl-quote { margin: 2px 0 6px; padding-left: 8px; border-left: 3px solid #bbb; color: #444; }
.pl-note { white-space: pre-wrap; }
.pl-tags { list-style: none; padding: 0; margin: 4px 0; display: flex; flex-wrap: wrap; gap: 4px; }
.pl-tag { font-size: 12px; background: #eef; border: 1px solid #99b; border-radius: 10px; padding: 0 6px; }
.pl-actions { display: flex; gap: 8px; margin-top: 8px; }
.pl-btn { font: inherit; font-size: 13px; padding: 2px 10px; border-radius: 4px; border: 1px solid #777; background: #f6f6f6; color: #1a1a1a; cursor: pointer; }
.pl-btn:focus-visible { outline: 2px solid #0060a0; }
.pl-danger { border-color: #a00; color: #a00; }
.pl-color-yellow { border-left: 6px solid #e0c200; }
.pl-color-green { border-left: 6px double #1b5e20; }
.pl-color-blue { border-left: 6px dotted #0d47a1; }
.pl-color-pink { border-left: 6px solid #c2185b; }
.pl-color-purple { border-left: 6px dashed #5b1a8a; }
@media (prefers-color-scheme: dark) {
  .pl-card { background: #22252a; color: #eeeeee; border-color: #777; }
  .pl-kind, .pl-close, .pl-quote { color: #c8c8c8; }
  .pl-sub { color: #b0b0b0; }
  .pl-lead { border-color: #7cc6f2; color: #7cc6f2; }
  .pl-rel { color: #ffb27a; }
  .pl-rel.pl-past { color: #aaa; }
  .pl-tag { background: #333a4a; border-color: #667; }
  .pl-btn { background: #33363c; color: #eee; border-color: #888; }
  .pl-danger { color: #ff8a80; border-color: #ff8a80; }
  .pl-close:hover { background: #3a3d44; }
}
`;

interface ShowOptions {
  /** YYYY-MM-DD; default: the host's `today`. */
  today?: string;
  /** Move focus into the card (click / keyboard). Hover cards leave focus where it is. */
  focus?: boolean;
  /** Where focus returns on close; default: the element focused when the card opened. */
  returnFocus?: HTMLElement | null;
}

export interface CardHost {
  show(content: CardContent, anchor: RectLike | Range | null, opts?: ShowOptions): void;
  hide(): void;
  isOpen(): boolean;
  /** Is this event target / composed path inside our card? */
  contains(ev: Event): boolean;
  /** Our host element (the only node we add to the page), created on first show. */
  readonly element: HTMLElement | null;
  /** The (closed) shadow root, for our own code and tests only. */
  readonly shadow: ShadowRoot | null;
  destroy(): void;
}

function todayOf(): string {
  const d = new Date();
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

/** An element we can hand focus back to (HTMLElement or SVGElement: has focus()). */
function isFocusable(el: Element | null): el is HTMLElement {
  return !!el && typeof (el as HTMLElement).focus === 'function';
}

function rectOf(anchor: RectLike | Range | null): RectLike | null {
  if (!anchor) return null;
  if ('getBoundingClientRect' in anchor && typeof anchor.getBoundingClientRect === 'function') {
    const r = anchor.getBoundingClientRect();
    return { left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height };
  }
  if ('left' in anchor) return anchor;
  return null; // a Range without layout (jsdom)
}

/**
 * Our one kind of page element: a `<div data-policy-lens-ui="card|toolbar">` with a closed shadow root holding
 * `css` (adopted stylesheet; a <style> where constructable sheets are missing) and a mount
 * point. Inline `all: initial` on the host so page rules on `div` cannot move or hide it.
 * Used by the detail card and the selection toolbar (lib/page/ui.ts).
 */
export function createShadowMount(
  win: Window,
  css: string,
  kind: 'card' | 'toolbar',
  hostStyle = '',
): { host: HTMLElement; shadow: ShadowRoot; mount: HTMLElement } {
  const doc = win.document;
  const host = doc.createElement('div');
  host.setAttribute('data-policy-lens-ui', kind);
  host.setAttribute(
    'style',
    hostStyle ||
      'all: initial !important; position: fixed !important; top: 0 !important; left: 0 !important; width: 0 !important; height: 0 !important; overflow: visible !important; z-index: 2147483647 !important; display: block !important;',
  );
  const shadow = host.attachShadow({ mode: 'closed' });
  let adopted = false;
  try {
    const Ctor = (win as unknown as { CSSStyleSheet: { new (): CSSStyleSheet } }).CSSStyleSheet;
    const sheet = new Ctor();
    sheet.replaceSync(css);
    if ('adoptedStyleSheets' in shadow) {
      shadow.adoptedStyleSheets = [sheet];
      adopted = true;
    }
  } catch {
    adopted = false;
  }
  if (!adopted) {
    const style = doc.createElement('style');
    style.textContent = css;
    shadow.appendChild(style);
  }
  const mount = doc.createElement('div');
  shadow.appendChild(mount);
  doc.documentElement.appendChild(host);
  return { host, shadow, mount };
}

/** `trusted`: was the event made by the user (Event.isTrusted; tests pass their own)? */
export function createCardHost(win: Window, hostOpts: { t: T; today?: string; trusted?: (e: Event) => boolean }): CardHost {
  const trusted = hostOpts.trusted ?? ((e: Event) => e.isTrusted);
  const doc = win.document;
  let host: HTMLElement | null = null;
  let shadow: ShadowRoot | null = null;
  let mount: HTMLElement | null = null;
  let open = false;
  let restoreFocus: HTMLElement | null = null;
  let destroyed = false;

  const ensureHost = (): HTMLElement => {
    if (host && shadow && mount) {
      if (!host.isConnected) doc.documentElement.appendChild(host); // a page script removed it
      return mount;
    }
    ({ host, shadow, mount } = createShadowMount(win, CARD_CSS, 'card'));
    return mount;
  };

  const onDocKey = (e: KeyboardEvent) => {
    if (open && trusted(e) && (e.key === 'Escape' || e.key === 'Esc')) api.hide();
  };
  const onDocDown = (e: Event) => {
    if (open && trusted(e) && !api.contains(e)) api.hide();
  };

  const api: CardHost = {
    get element() {
      return host;
    },
    get shadow() {
      return shadow;
    },

    show(content, anchor, opts = {}) {
      if (destroyed) throw new Error('card host destroyed');
      const m = ensureHost();
      const today = opts.today ?? hostOpts.today ?? todayOf();
      if (!open) {
        const active = doc.activeElement;
        restoreFocus = opts.returnFocus ?? (isFocusable(active) && active !== doc.body ? active : null);
        doc.addEventListener('keydown', onDocKey, true);
        doc.addEventListener('mousedown', onDocDown, true);
      } else if (opts.returnFocus) {
        restoreFocus = opts.returnFocus;
      }
      open = true;
      const viewport = { width: win.innerWidth || 1024, height: win.innerHeight || 768 };
      const rect = rectOf(anchor) ?? { left: viewport.width / 2 - 160, top: 16, right: viewport.width / 2 + 160, bottom: 16 };
      const draw = (size: { width: number; height: number }) => {
        const pos = placeCard(rect, size, viewport);
        render(h(Card, { content, today, trusted, t: hostOpts.t, onClose: () => api.hide(), autoFocus: !!opts.focus, position: pos }), m);
      };
      draw({ width: 320, height: 160 }); // first pass with an estimate …
      const card = m.firstElementChild as HTMLElement | null;
      const r = card?.getBoundingClientRect();
      if (r && r.width > 0 && r.height > 0) draw({ width: r.width, height: r.height }); // … then the measured size
    },

    hide() {
      if (!open) return;
      open = false;
      doc.removeEventListener('keydown', onDocKey, true);
      doc.removeEventListener('mousedown', onDocDown, true);
      const hadFocus = !!shadow && shadow.activeElement !== null;
      if (mount) render(null, mount);
      const back = restoreFocus;
      restoreFocus = null;
      if (hadFocus && back && back.isConnected) back.focus();
    },

    isOpen() {
      return open;
    },

    contains(ev) {
      if (!host) return false;
      const path = typeof ev.composedPath === 'function' ? ev.composedPath() : [];
      const t = ev.target as Node | null;
      return path.includes(host) || (!!t && typeof t.nodeType === 'number' && host.contains(t));
    },

    destroy() {
      api.hide();
      if (mount) render(null, mount);
      host?.remove();
      host = null;
      shadow = null;
      mount = null;
      destroyed = true;
    },
  };
  return api;
}
