/**
 * DOM → TextModel (see ./types.ts for the rules).
 *
 * One linear pass (firstChild/nextSibling walk) over the walk root; per text node the characters are
 * processed as a JS string (no per-character DOM calls). All node offsets go into one
 * Uint32Array; each segment's `offsets` is a view into it.
 */
import type { TextModel, TextSegment, TextTable } from './types';
import { isDataTable, tableGrid, type TableGrid } from './tables';
import { CONTENT_SELECTORS, selectorIndex } from './article';
import { BLOCK_TAGS, CELL_TAGS, ELEMENT_NODE, TEXT_NODE } from './dom';
import { readMeta, readTitle } from './meta-fields';

export interface ExtractOptions {
  /** Walk this element instead of document.body. */
  root?: Element;
  /** Extra skip predicate (return true to leave the element and its subtree out). */
  skip?: (el: Element) => boolean;
  /**
   * Browser only: use getComputedStyle to skip display:none / visibility-collapsed subtrees and
   * to decide block vs inline from the computed display. Off in Node/jsdom (layout-free).
   */
  useComputedStyle?: boolean;
  /**
   * Stop once the text is this long: the model is then a prefix of the walk (a whole text node
   * may overshoot it), its content range is the whole prefix and no metadata is read. For the
   * first screens of a long article (with `root` its container), read in a few milliseconds.
   */
  limit?: number;
}

/** Elements never read (and their subtrees). */
const SKIP_TAGS = new Set([
  'script',
  'style',
  'noscript',
  'template',
  'svg',
  'canvas',
  'iframe',
  'object',
  'embed',
  'textarea',
  'select',
  'head',
  'title',
  'meta',
  'link',
  'math',
  'video',
  'audio',
  'map',
]);

const PRE_TAGS = new Set(['pre', 'listing', 'plaintext', 'xmp', 'textarea']);

/** Anything needing per-character work: collapsible whitespace, zero-width chars, soft hyphen. */
const SPECIAL_RE = /[ \t\n\r\f\v\u00a0\u00ad\u1680\u2000-\u200d\u2028\u2029\u202f\u205f\u2060\ufeff]/;

const enum Ch {
  Normal,
  Space,
  Newline,
  Drop,
}

function classify(c: number, pre: boolean): Ch {
  switch (c) {
    case 0x0a:
      return pre ? Ch.Newline : Ch.Space;
    case 0x0d:
      // \r\n → one newline (the \n does it); a lone \r in pre also breaks.
      return pre ? Ch.Drop : Ch.Space;
    case 0x20:
    case 0x09:
    case 0x0c:
    case 0x0b:
    case 0xa0:
    case 0x1680:
    case 0x2028:
    case 0x2029:
    case 0x202f:
    case 0x205f:
      return Ch.Space;
    case 0xad:
    case 0x200b:
    case 0x200c:
    case 0x200d:
    case 0x2060:
    case 0xfeff:
      return Ch.Drop;
    default:
      if (c >= 0x2000 && c <= 0x200a) return Ch.Space;
      return Ch.Normal;
  }
}

/**
 * Builds text + map. Break handling: a pending newline and/or a number of pending tabs are
 * emitted before the next real character, never at the start; a pending space is dropped
 * when a break comes first or when the last emitted character is a break.
 */
class Builder {
  private parts: string[] = [];
  len = 0;
  private last = 0; // last emitted code unit (0 = start)
  pendingNl = false;
  pendingTabs = 0;
  /** A block boundary inside a data-table cell: one space before the next real character. */
  pendingSoft = false;
  private spaceNode: Text | null = null;
  private spaceOffset = -1;
  private hasSpace = false;

  // map: buf[textOffset] = offset inside the node, for mapped characters
  private buf: Uint32Array;
  private segStart: number[] = [];
  private segEndArr: number[] = [];
  private segNodes: Text[] = [];
  private segNode: Text | null = null;
  private segEnd = -1; // text offset just past the current segment
  private readonly track: boolean;

  constructor(track: boolean, capacity: number) {
    this.track = track;
    this.buf = new Uint32Array(track ? Math.max(16, capacity) : 0);
  }

  newline(): void {
    this.pendingNl = true;
    this.pendingTabs = 0;
    this.pendingSoft = false;
    this.hasSpace = false;
  }

  /** A line break inside a table cell: the row stays one line, the cell's lines one space apart. */
  softBreak(): void {
    if (this.pendingNl || this.pendingTabs > 0) return;
    this.pendingSoft = true;
  }

  tab(): void {
    this.pendingTabs++;
    this.pendingSoft = false;
    this.hasSpace = false;
  }

  private emitSynthetic(ch: string): void {
    this.parts.push(ch);
    this.len++;
    this.last = ch.charCodeAt(0);
  }

  /** Make room and open/extend the segment for `count` characters of `node` at this.len. */
  private reserve(node: Text, count: number): void {
    if (this.segNode !== node || this.segEnd !== this.len) {
      this.segStart.push(this.len);
      this.segEndArr.push(this.len);
      this.segNodes.push(node);
      this.segNode = node;
    }
    if (this.len + count > this.buf.length) {
      let cap = this.buf.length * 2;
      while (cap < this.len + count) cap *= 2;
      const nb = new Uint32Array(cap);
      nb.set(this.buf);
      this.buf = nb;
    }
    this.segEnd = this.len + count;
    this.segEndArr[this.segEndArr.length - 1] = this.segEnd;
  }

  /** Emit data[from, to) (no special characters in it) as real characters of `node`. */
  private run(node: Text | null, data: string, from: number, to: number): void {
    if (to <= from) return;
    this.beforeReal();
    if (this.track && node !== null) {
      this.reserve(node, to - from);
      const buf = this.buf;
      const base = this.len - from;
      for (let i = from; i < to; i++) buf[base + i] = i;
    }
    this.parts.push(from === 0 && to === data.length ? data : data.slice(from, to));
    this.len += to - from;
    this.last = data.charCodeAt(to - 1);
  }

  /** Process one text node's data (node null for plain-string mode). */
  text(node: Text | null, data: string, pre: boolean): void {
    const n = data.length;
    if (n === 0) return;
    if (!SPECIAL_RE.test(data)) {
      this.run(node, data, 0, n);
      return;
    }
    let runStart = 0;
    for (let i = 0; i < n; i++) {
      const c = data.charCodeAt(i);
      // Fast check: most characters are ordinary.
      if (c > 0x20 && c !== 0xa0 && c !== 0xad && c !== 0x1680 && (c < 0x2000 || c > 0x2060) && c !== 0xfeff) continue;
      const k = classify(c, pre);
      if (k === Ch.Normal) continue;
      this.run(node, data, runStart, i);
      runStart = i + 1;
      if (k === Ch.Space) {
        if (this.pendingNl || this.pendingTabs > 0) continue;
        if (this.len === 0 || this.last === 0x0a || this.last === 0x09 || this.last === 0x20) continue;
        if (!this.hasSpace) {
          this.hasSpace = true;
          this.spaceNode = node;
          this.spaceOffset = i;
        }
      } else if (k === Ch.Newline) {
        this.newline();
      }
    }
    this.run(node, data, runStart, n);
  }

  /** Emit pending breaks / the pending space before a real character. */
  private beforeReal(): void {
    if (this.pendingNl || this.pendingTabs > 0) {
      this.hasSpace = false;
      if (this.len > 0) {
        if (this.pendingNl && this.last !== 0x0a) this.emitSynthetic('\n');
        for (let i = 0; i < this.pendingTabs; i++) this.emitSynthetic('\t');
      }
      this.pendingNl = false;
      this.pendingTabs = 0;
      this.pendingSoft = false;
    } else if (this.pendingSoft) {
      this.pendingSoft = false;
      this.hasSpace = false;
      if (this.len > 0 && this.last !== 0x0a && this.last !== 0x09 && this.last !== 0x20) this.emitSynthetic(' ');
    } else if (this.hasSpace) {
      this.hasSpace = false;
      if (this.track && this.spaceNode !== null) {
        this.reserve(this.spaceNode, 1);
        this.buf[this.len] = this.spaceOffset;
      }
      this.parts.push(' ');
      this.len++;
      this.last = 0x20;
    }
  }

  finish(): { text: string; segments: TextSegment[] } {
    const text = this.parts.join('');
    this.parts = [];
    const segments: TextSegment[] = new Array(this.segNodes.length);
    for (let i = 0; i < this.segNodes.length; i++) {
      const start = this.segStart[i]!;
      segments[i] = { start, node: this.segNodes[i]!, offsets: this.buf.subarray(start, this.segEndArr[i]!) };
    }
    return { text, segments };
  }
}

function isCjk(c: number): boolean {
  return (c >= 0x4e00 && c <= 0x9fff) || (c >= 0x3400 && c <= 0x4dbf) || (c >= 0xf900 && c <= 0xfaff);
}

function countCjk(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) if (isCjk(s.charCodeAt(i))) n++;
  return n;
}

function lname(el: Element): string {
  return el.localName;
}

const INLINE_DISPLAY_RE = /^(inline|contents|ruby)/;

/**
 * Computed `display` per element, read once per extraction: the skipper and the block/inline
 * decision both need it, and each getComputedStyle call allocates a live declaration.
 */
function makeDisplayOf(doc: Document, opts: ExtractOptions): ((el: Element) => string) | null {
  const win = opts.useComputedStyle ? doc.defaultView : null;
  if (!win) return null;
  const cache = new WeakMap<Element, string>();
  return (el) => {
    let d = cache.get(el);
    if (d === undefined) cache.set(el, (d = win.getComputedStyle(el).display));
    return d;
  };
}

/** Elements with no attributes (most p/span/br) need only the tag check: attribute reads are costly in jsdom. */
function makeSkipper(doc: Document, opts: ExtractOptions, displayOf = makeDisplayOf(doc, opts)) {
  return (el: Element): boolean => {
    const t = lname(el);
    if (SKIP_TAGS.has(t)) return true;
    if (el.hasAttributes()) {
      if (el.hasAttribute('hidden') || el.hasAttribute('data-policy-lens-ui')) return true;
      if (el.getAttribute('aria-hidden') === 'true') return true;
      const style = el.getAttribute('style');
      if (style !== null && /display\s*:\s*none/i.test(style)) return true;
      if (t === 'input' && (el.getAttribute('type') ?? '').toLowerCase() === 'hidden') return true;
    }
    if (opts.skip && opts.skip(el)) return true;
    if (displayOf && displayOf(el) === 'none') return true;
    return false;
  };
}

const enum Kind {
  Inline,
  Block,
  Cell,
  Br,
}

function makeKind(doc: Document, opts: ExtractOptions, displayOf = makeDisplayOf(doc, opts)) {
  return (el: Element): Kind => {
    const t = lname(el);
    if (t === 'br') return Kind.Br;
    if (displayOf) {
      const d = displayOf(el);
      if (d === 'table-cell') return Kind.Cell;
      if (INLINE_DISPLAY_RE.test(d)) return Kind.Inline;
      return Kind.Block;
    }
    if (CELL_TAGS.has(t)) return Kind.Cell;
    if (BLOCK_TAGS.has(t)) return Kind.Block;
    return Kind.Inline;
  };
}

const PARA_TAGS = new Set(['p', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'li', 'pre', 'blockquote']);

function hasBlockChild(el: Element): boolean {
  for (let c = el.firstElementChild; c; c = c.nextElementSibling) {
    const t = lname(c);
    if (BLOCK_TAGS.has(t) || CELL_TAGS.has(t) || t === 'br') return true;
  }
  return false;
}

// ---------------------------------------------------------------------------------------------

interface Frame {
  el: Element;
  kind: Kind;
  /** text length when entered */
  at: number;
  /** Rows: tabs requested so far in this row (a cell at grid column c follows c of them). */
  cells: number;
  /** for cells: pending newline when entered */
  nlAtEntry: boolean;
  pre: boolean;
  /** Readability credit target for text directly inside this element (computed lazily). */
  target?: Element;
}

/** A <table> being walked: its grid when it holds data, null when it is layout. */
interface TableFrame {
  el: Element;
  grid: TableGrid | null;
}

/** Extract the page's text model. Linear in page size. */
export function extractTextModel(doc: Document, opts: ExtractOptions = {}): TextModel {
  const root = opts.root ?? doc.body ?? doc.documentElement;
  if (!root) throw new Error('extractTextModel: document has no body or root element');
  const displayOf = makeDisplayOf(doc, opts);
  const isSkipped = makeSkipper(doc, opts, displayOf);
  const kindOf = makeKind(doc, opts, displayOf);

  const limit = opts.limit;
  const b = new Builder(true, limit !== undefined ? limit + 1024 : (root.textContent?.length ?? 0) + 16);
  const stack: Frame[] = [];
  let cellDepth = 0;
  let preDepth = 0;
  const spans = new Map<Element, [number, number]>();
  const scores = new Map<Element, number>();
  let linkDepth = 0;
  const candidates: Element[][] = CONTENT_SELECTORS.map(() => []);
  const labelNodes: Text[] = [];
  const tableStack: TableFrame[] = [];
  /** Data tables walked to their end, in the order they closed. */
  const dataTables: { el: Element; grid: TableGrid }[] = [];

  const rootFrame: Frame = { el: root, kind: Kind.Block, at: 0, cells: 0, nlAtEntry: false, pre: false };

  const enter = (el: Element, parent: Frame): void => {
    let kind = kindOf(el);
    const t = lname(el);
    if (t === 'table') tableStack.push({ el, grid: isDataTable(el) ? tableGrid(el) : null });
    else if (t === 'td' || t === 'th') {
      // A layout table's cells are blocks of the page; a data table's are cells whatever the
      // page's stylesheet makes of them (responsive layouts stack them).
      const table = tableStack.length ? tableStack[tableStack.length - 1]! : null;
      kind = table && !table.grid ? Kind.Block : Kind.Cell;
    }
    const pre = PRE_TAGS.has(t);
    const f: Frame = { el, kind, at: b.len, cells: 0, nlAtEntry: false, pre };
    if (pre) preDepth++;
    if (kind === Kind.Block) {
      if (cellDepth > 0) {
        // Inside a cell a block boundary is a space: the row stays one line.
        if (b.len > innermostCell()!.at) b.softBreak();
      } else b.newline();
      const si = selectorIndex(el);
      const list = si >= 0 ? candidates[si] : undefined;
      if (list && list.length < 20) list.push(el);
    } else if (kind === Kind.Br) {
      if (cellDepth > 0) b.softBreak();
      else b.newline();
    } else if (kind === Kind.Cell) {
      // A cell at grid column c follows c tabs from the row's start: positions covered by a
      // rowspan from above, or by a colspan, are empty cells of this line.
      const table = tableStack.length ? tableStack[tableStack.length - 1]! : null;
      const at = table?.grid?.cells.get(el);
      if (at) {
        while (parent.cells < at.col) {
          b.tab();
          parent.cells++;
        }
      } else if (++parent.cells > 1) b.tab();
      f.nlAtEntry = b.pendingNl;
      f.at = b.len;
      cellDepth++;
    }
    if (f.kind === Kind.Inline && lname(el) === 'a') linkDepth++;
    stack.push(f);
  };

  const innermostCell = (): Frame | null => {
    for (let i = stack.length - 1; i >= 0; i--) {
      const f = stack[i]!;
      if (f.kind === Kind.Cell) return f;
    }
    return null;
  };

  const exit = (): void => {
    const f = stack.pop()!;
    if (f.kind === Kind.Inline && lname(f.el) === 'a') linkDepth--;
    if (f.pre) preDepth--;
    if (f.kind === Kind.Block) {
      // A block closing inside a cell must not break the row if nothing follows it in the cell.
      if (cellDepth === 0) b.newline();
      else b.softBreak();
      spans.set(f.el, [f.at, b.len]);
      if (lname(f.el) === 'table') {
        const table = tableStack.pop();
        if (table?.grid) dataTables.push(table as { el: Element; grid: TableGrid });
      }
    } else if (f.kind === Kind.Cell) {
      cellDepth--;
      // An empty cell keeps the row's newline; otherwise a newline from a closing inner block is dropped.
      b.pendingNl = b.len === f.at ? f.nlAtEntry : false;
      b.pendingSoft = false;
      spans.set(f.el, [f.at, b.len]);
    }
  };

  /** Where the CJK of text directly inside `f` is credited (Readability-like). */
  const creditTarget = (): Element => {
    // Text in a data table counts for the block that holds the table: a task table is part of
    // the article around it, not a container of its own.
    if (cellDepth > 0) {
      for (let k = tableStack.length - 1; k >= 0; k--) {
        const tf = tableStack[k]!;
        if (tf.grid) return tf.el.parentElement && tf.el !== root ? tf.el.parentElement : tf.el;
      }
    }
    let i = stack.length - 1;
    while (i >= 0 && stack[i]!.kind === Kind.Inline) i--;
    const f = i >= 0 ? stack[i]! : rootFrame;
    if (f.target) return f.target;
    const block = f.el;
    const t = lname(block);
    const paragraphLike = PARA_TAGS.has(t) || ((t === 'div' || t === 'section') && !hasBlockChild(block));
    f.target = paragraphLike && block !== root && block.parentElement ? block.parentElement : block;
    return f.target;
  };

  // Plain firstChild/nextSibling traversal: a TreeWalker with a JS filter costs a C++→JS call per
  // node in Chromium (~6x slower on a 100k-node page); skipped subtrees are simply not entered.
  let node: Node | null = root.firstChild;
  let truncated = false;
  while (node) {
    if (limit !== undefined && b.len >= limit) {
      truncated = true;
      break;
    }
    const type = node.nodeType;
    if (type === ELEMENT_NODE) {
      const el = node as Element;
      if (!isSkipped(el)) {
        enter(el, stack[stack.length - 1] ?? rootFrame);
        const child = el.firstChild;
        if (child) {
          node = child;
          continue;
        }
        exit();
      }
    } else if (type === TEXT_NODE) {
      const data = (node as Text).data;
      b.text(node as Text, data, preDepth > 0);
      // Link text counts a tenth (Readability's link density): a long list of headlines beside
      // a short notice must not pass for the article.
      const c = linkDepth > 0 ? countCjk(data) / 10 : countCjk(data);
      if (c > 0) {
        const t = creditTarget();
        scores.set(t, (scores.get(t) ?? 0) + c);
      }
      if (data.length <= 200 && (data.indexOf('：') >= 0 || data.indexOf(':') >= 0)) labelNodes.push(node as Text);
    }
    // Advance: next sibling, else climb (leaving entered elements) until one has a next sibling.
    let next: Node | null = node.nextSibling;
    while (!next) {
      const parent: Node | null = node.parentNode;
      if (!parent || parent === root) break;
      exit();
      node = parent;
      next = node.nextSibling;
    }
    node = next;
  }

  const { text, segments } = b.finish();
  const spanOf = (el: Element): [number, number] | null => {
    const s = spans.get(el);
    if (!s) return null;
    let [start, end] = s;
    // The span was recorded before pending breaks were flushed: step over them.
    while (start < end && (text.charCodeAt(start) === 0x0a || text.charCodeAt(start) === 0x09)) start++;
    end = Math.min(end, text.length);
    return [start, end];
  };
  const tables = dataTables.map((t) => textTable(t.grid, spanOf));
  if (truncated)
    return { text, segments, content: [0, text.length], contentRoot: root === doc.body ? null : root, metaFields: {}, pageTitle: readTitle(doc), tables };
  const cjkIn = (s: [number, number] | null) => (s ? countCjk(text.slice(s[0], s[1])) : 0);

  // Content root: a known container holding most of the article text, else the best-credited block.
  let best: Element | null = null;
  let bestScore = 0;
  for (const [el, s] of scores) {
    if (s > bestScore) {
      best = el;
      bestScore = s;
    }
  }
  let contentEl: Element | null = null;
  for (const list of candidates) {
    let pick: Element | null = null;
    let pickC = 0;
    for (const el of list) {
      const c = cjkIn(spanOf(el));
      if (c > pickC) {
        pick = el;
        pickC = c;
      }
    }
    if (pick && pickC >= 20 && pickC >= 0.6 * bestScore) {
      contentEl = pick;
      break;
    }
  }
  if (!contentEl && best && bestScore >= 20) contentEl = best;
  let content: [number, number] = [0, text.length];
  if (contentEl && contentEl !== root) {
    let s = spanOf(contentEl);
    if (!s) {
      // An inline element credited as a container: use its text range via the segments.
      s = inlineSpan(contentEl, segments);
    }
    if (s && s[1] > s[0]) content = s;
  }
  return {
    text,
    segments,
    content,
    contentRoot: contentEl,
    metaFields: readMeta(
      doc,
      labelNodes,
      dataTables.map((t) => t.el),
    ),
    pageTitle: readTitle(doc),
    tables,
  };
}

/** A data table's grid as text spans: every position carries the span of the cell covering it. */
function textTable(grid: TableGrid, spanOf: (el: Element) => [number, number] | null): TextTable {
  const spanCache = new Map<Element, [number, number]>();
  const rows = grid.cover.map((line) => {
    const flat: number[] = [];
    for (const cell of line) {
      let sp = cell ? spanCache.get(cell) : undefined;
      if (cell && !sp) {
        sp = spanOf(cell) ?? [-1, -1];
        spanCache.set(cell, sp);
      }
      if (sp) flat.push(sp[0], sp[1]);
      else flat.push(-1, -1);
    }
    return flat;
  });
  return { rows };
}

function inlineSpan(el: Element, segments: TextSegment[]): [number, number] | null {
  let start = -1;
  let end = -1;
  for (const s of segments) {
    if (s.offsets.length && el.contains(s.node)) {
      if (start < 0) start = s.start;
      end = s.start + s.offsets.length;
    }
  }
  return start >= 0 ? [start, end] : null;
}

/**
 * A text model for plain text (.txt files, CLI). The same whitespace rules as a <pre> page in
 * the browser, so the CLI and the extension see the same text for the same file: line breaks
 * kept (runs of blank lines collapse to one \n), other whitespace runs → one space, spaces next
 * to a line break dropped, U+3000 kept. No DOM, so no segments.
 */
export function textModelFromString(input: string): TextModel {
  if (typeof input !== 'string') throw new TypeError('textModelFromString: expected a string');
  const b = new Builder(false, 0);
  b.text(null, input, true);
  const { text } = b.finish();
  const firstLine = text.split('\n', 1)[0]?.trim() ?? '';
  return { text, segments: [], content: [0, text.length], contentRoot: null, metaFields: {}, pageTitle: firstLine, tables: [] };
}
