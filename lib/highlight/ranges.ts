/**
 * Text-model offsets ↔ DOM Ranges.
 *
 * Offsets are UTF-16 code units into `model.text`; synthetic characters (\n between blocks,
 * \t between cells) map to no DOM position and are stepped over. All lookups are binary
 * searches over `model.segments` (sorted, non-overlapping, in document order).
 */
import type { TextModel, TextSegment } from '../text/types';

interface DomPoint {
  node: Text;
  offset: number;
}

function segEnd(s: TextSegment): number {
  return s.start + s.offsets.length;
}

/** Index of the first segment whose end is > offset (the segment holding offset, or the next one). */
export function segmentAtOrAfter(model: TextModel, offset: number): number {
  const segs = model.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segEnd(segs[mid]!) > offset) hi = mid;
    else lo = mid + 1;
  }
  return lo; // may be segs.length
}

/** Index of the last segment whose start is <= offset, or -1. */
function segmentAtOrBefore(model: TextModel, offset: number): number {
  const segs = model.segments;
  let lo = 0;
  let hi = segs.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (segs[mid]!.start <= offset) lo = mid + 1;
    else hi = mid;
  }
  return lo - 1;
}

function usable(p: { node: Text; offset: number }): boolean {
  return p.node.isConnected && p.offset <= p.node.length;
}

/**
 * The DOM boundary points of text-model [start, end): leading/trailing synthetic characters are
 * dropped. Null when the span holds no mapped character or the model is stale (node detached or
 * shortened since extraction).
 */
function boundsFromOffsets(model: TextModel, start: number, end: number): { start: DomPoint; end: DomPoint } | null {
  if (!Number.isFinite(start) || !Number.isFinite(end)) return null;
  start = Math.max(0, Math.floor(start));
  end = Math.min(model.text.length, Math.floor(end));
  if (end <= start) return null;
  const a = segmentAtOrAfter(model, start);
  const sa = model.segments[a];
  if (!sa || sa.start >= end) return null;
  const b = segmentAtOrBefore(model, end - 1);
  const sb = model.segments[b];
  if (!sb || b < a) return null;
  const ka = Math.max(0, start - sa.start);
  const kb = Math.min(sb.offsets.length - 1, end - 1 - sb.start);
  if (kb < 0) return null;
  const startPoint = { node: sa.node, offset: sa.offsets[ka]! };
  // End just after the last character (a surrogate pair's low half maps to its own code unit).
  const endPoint = { node: sb.node, offset: sb.offsets[kb]! + 1 };
  if (!usable(startPoint) || !usable(endPoint)) return null;
  return { start: startPoint, end: endPoint };
}

/**
 * A live DOM Range covering text-model [start, end) (see boundsFromOffsets for the rules).
 */
export function rangeFromOffsets(model: TextModel, start: number, end: number, doc?: Document): Range | null {
  const b = boundsFromOffsets(model, start, end);
  if (!b) return null;
  const d = doc ?? b.start.node.ownerDocument;
  const r = d.createRange();
  try {
    r.setStart(b.start.node, b.start.offset);
    r.setEnd(b.end.node, b.end.offset);
  } catch {
    return null;
  }
  return r;
}

interface StaticRangeWindow {
  StaticRange?: new (init: { startContainer: Node; startOffset: number; endContainer: Node; endOffset: number }) => StaticRange;
}

/**
 * A StaticRange covering text-model [start, end), for painting many spans: a document keeps
 * every live Range up to date on each DOM insertion, removal and text change, so thousands of
 * live Ranges make the page's own DOM work many times slower (npm run bench -- inpage: "the
 * page's own DOM work after painting"). A static range does not follow DOM changes; the page
 * controller re-analyses and repaints when the text changes. Null where StaticRange is missing
 * or the span maps to nothing.
 */
export function staticRangeFromOffsets(model: TextModel, start: number, end: number, win: Window): StaticRange | null {
  const Ctor = (win as unknown as StaticRangeWindow).StaticRange;
  if (typeof Ctor !== 'function') return null;
  const b = boundsFromOffsets(model, start, end);
  if (!b) return null;
  try {
    return new Ctor({ startContainer: b.start.node, startOffset: b.start.offset, endContainer: b.end.node, endOffset: b.end.offset });
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// Range → offsets

const nodeIndexCache = new WeakMap<TextModel, Map<Text, number[]>>();

function nodeIndex(model: TextModel): Map<Text, number[]> {
  let m = nodeIndexCache.get(model);
  if (!m) {
    m = new Map();
    model.segments.forEach((s, i) => {
      const list = m!.get(s.node);
      if (list) list.push(i);
      else m!.set(s.node, [i]);
    });
    nodeIndexCache.set(model, m);
  }
  return m;
}

/** First index k in a sorted Uint32Array with arr[k] >= v (arr.length if none). */
function lowerBound(arr: Uint32Array, v: number): number {
  let lo = 0;
  let hi = arr.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (arr[mid]! < v) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/**
 * Number of mapped characters that lie entirely before the boundary point, expressed as a
 * text offset: the offset of the first mapped character at or after the boundary, or — for
 * `side: 'end'` — just past the last mapped character before it. Null if the boundary cannot
 * be compared (detached nodes).
 */
function boundaryToOffset(model: TextModel, container: Node, offset: number, side: 'start' | 'end'): number | null {
  const segs = model.segments;
  if (segs.length === 0) return null;
  // Fast path: a text node we know.
  if (container.nodeType === 3) {
    const list = nodeIndex(model).get(container as Text);
    if (list) {
      for (const i of list) {
        const s = segs[i]!;
        const k = lowerBound(s.offsets, offset);
        if (k < s.offsets.length) {
          if (side === 'end') {
            // Characters before k are before the boundary.
            return k > 0 ? s.start + k : endOfPrevious(model, i);
          }
          return s.start + k;
        }
      }
      // After every mapped char of this node.
      const lastSeg = segs[list[list.length - 1]!]!;
      return side === 'end' ? segEnd(lastSeg) : startOfNext(model, list[list.length - 1]! + 1);
    }
  }
  // General case: compare the boundary with segment character positions in document order.
  const doc = container.ownerDocument ?? (container as Document);
  const probe = doc.createRange();
  try {
    probe.setStart(container, offset);
  } catch {
    return null;
  }
  const cmp = (node: Text, off: number): number => probe.comparePoint(node, off); // -1 before, 0 equal, 1 after
  try {
    // First segment whose first character starts at or after the boundary.
    let lo = 0;
    let hi = segs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const s = segs[mid]!;
      if (cmp(s.node, s.offsets[0]!) < 0) lo = mid + 1;
      else hi = mid;
    }
    // A boundary outside text nodes never falls inside a segment's node, so segment lo starts after it.
    if (side === 'start') return lo < segs.length ? segs[lo]!.start : model.text.length;
    return lo > 0 ? segEnd(segs[lo - 1]!) : 0;
  } catch {
    return null;
  }
}

function endOfPrevious(model: TextModel, i: number): number {
  const prev = model.segments[i - 1];
  return prev ? segEnd(prev) : model.segments[i]!.start;
}

function startOfNext(model: TextModel, i: number): number {
  const next = model.segments[i];
  return next ? next.start : model.text.length;
}

/**
 * Text-model [start, end) for a DOM Range (e.g. a user selection). Handles boundaries in text
 * nodes, in elements (before child N), in skipped/hidden content and in whitespace dropped by
 * the model. Null when the range holds no mapped character.
 */
export function offsetsFromRange(model: TextModel, range: AbstractRange): [number, number] | null {
  const s = boundaryToOffset(model, range.startContainer, range.startOffset, 'start');
  const e = boundaryToOffset(model, range.endContainer, range.endOffset, 'end');
  if (s === null || e === null || e <= s) return null;
  // Trim synthetic characters at the edges (a selection ending at a paragraph start).
  let a = s;
  let b = e;
  const t = model.text;
  while (a < b && (t.charCodeAt(a) === 0x0a || t.charCodeAt(a) === 0x09)) a++;
  while (b > a && (t.charCodeAt(b - 1) === 0x0a || t.charCodeAt(b - 1) === 0x09)) b--;
  return b > a ? [a, b] : null;
}

interface CaretPositionLike {
  offsetNode: Node;
  offset: number;
}
interface CaretDoc {
  caretPositionFromPoint?: (x: number, y: number, opts?: unknown) => CaretPositionLike | null;
  caretRangeFromPoint?: (x: number, y: number) => Range | null;
}

/**
 * The text offset of the character under viewport point (x, y), via caretPositionFromPoint
 * (Firefox, Chrome ≥ 128) or caretRangeFromPoint (Chrome, Safari). Null when neither exists
 * (jsdom) or the point is not over mapped text.
 *
 * The caret APIs return the character boundary nearest to the point, so over the right half
 * of a glyph they give the boundary after it. Where the browser has layout, the character
 * whose box holds the point is chosen among the ones around that boundary (without this, the
 * right half of a unit's last character belonged to the next character, and the right half of
 * the character before a unit to the unit); a point beside every glyph (margins, line gaps)
 * gives null.
 */
export function offsetAtPoint(model: TextModel, doc: Document, x: number, y: number): number | null {
  const o = caretOffset(model, doc, x, y);
  if (o === null) return null;
  const boxOf = (k: number): DOMRect[] | null => {
    if (k < 0 || k >= model.text.length) return [];
    const r = rangeFromOffsets(model, k, k + 1, doc);
    if (!r) return [];
    if (typeof r.getClientRects !== 'function') return null; // no layout (jsdom)
    return Array.from(r.getClientRects()).filter((b) => b.width > 0 || b.height > 0);
  };
  const holds = (boxes: DOMRect[]) => boxes.some((b) => x >= b.left - 1 && x <= b.right + 1 && y >= b.top - 2 && y <= b.bottom + 2);
  const here = boxOf(o);
  if (here === null) return o;
  if (here.length === 0 && o > 0 && (boxOf(o - 1) ?? []).length === 0) return o; // no boxes at all: nothing to check against
  if (holds(here)) return o;
  for (const k of [o - 1, o + 1]) {
    const b = boxOf(k);
    if (b && holds(b)) return k;
  }
  return null;
}

/** The character after the caret boundary nearest to (x, y) (the one before it at the end of a node). */
function caretOffset(model: TextModel, doc: Document, x: number, y: number): number | null {
  const d = doc as unknown as CaretDoc;
  let node: Node | null = null;
  let off = 0;
  if (typeof d.caretPositionFromPoint === 'function') {
    const p = d.caretPositionFromPoint.call(doc, x, y);
    if (p) {
      node = p.offsetNode;
      off = p.offset;
    }
  } else if (typeof d.caretRangeFromPoint === 'function') {
    const r = d.caretRangeFromPoint.call(doc, x, y);
    if (r) {
      node = r.startContainer;
      off = r.startOffset;
    }
  }
  if (!node) return null;
  const list = node.nodeType === 3 ? nodeIndex(model).get(node as Text) : undefined;
  if (!list) {
    const o = boundaryToOffset(model, node, off, 'start');
    return o !== null && o < model.text.length ? o : null;
  }
  // The caret sits between characters; prefer the character it follows when at a node's end.
  for (const i of list) {
    const s = model.segments[i]!;
    const k = lowerBound(s.offsets, off);
    if (k < s.offsets.length) return s.start + k;
  }
  const last = model.segments[list[list.length - 1]!]!;
  return last.offsets.length ? segEnd(last) - 1 : null;
}
