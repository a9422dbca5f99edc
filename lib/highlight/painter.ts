/**
 * Paints text-model spans with the CSS Custom Highlight API. The page DOM is never modified:
 * ranges go into `CSS.highlights`; the styles (`::highlight(pl-…)` rules only) come with the
 * first-look script (injectedHighlightCss, the light theme, put in by the browser before the
 * page is styled) or, for the dark theme and where the page has not got them, from one
 * constructed stylesheet adopted by the document.
 *
 * Every colour is paired with its own text-decoration so categories stay distinguishable
 * without colour (colour-blind readers, greyscale printing):
 *   pl-area           bluish green, overline + tint
 *   pl-lead           blue, thick solid underline
 *   pl-co             blue, dashed underline
 *   pl-deadline       vermillion, wavy underline
 *   pl-deadline-past  grey, dotted underline + line-through
 *   pl-cite           purple, double underline (a cited document)
 *   pl-user-yellow    solid underline     pl-user-green  double underline
 *   pl-user-blue      dotted underline    pl-user-pink   wavy underline
 *   pl-user-purple    dashed underline
 *   pl-flash          strong amber background (temporary)
 * User highlights set both background and text colour (contrast 12:1 or better whatever the
 * page colours); analysis highlights use translucent tints and decorations that read on white
 * and dark pages, with a lighter palette chosen for dark pages.
 */
import type { TextModel } from '../text/types';
import type { HighlightColor } from '../annotations/types';
import { rangeFromOffsets, staticRangeFromOffsets } from './ranges';

export const CATEGORIES = [
  'pl-area',
  'pl-lead',
  'pl-co',
  'pl-deadline',
  'pl-deadline-past',
  'pl-cite',
  'pl-user-yellow',
  'pl-user-green',
  'pl-user-blue',
  'pl-user-pink',
  'pl-user-purple',
  'pl-flash',
] as const;

export type Category = (typeof CATEGORIES)[number];

export function userCategory(color: HighlightColor): Category {
  return `pl-user-${color}` as Category;
}

/** Higher paints on top. User annotations above analysis; the flash above all. */
export const PRIORITY: Record<Category, number> = {
  'pl-area': 1,
  'pl-lead': 3,
  'pl-co': 2,
  'pl-deadline': 4,
  'pl-deadline-past': 4,
  'pl-cite': 1,
  'pl-user-yellow': 10,
  'pl-user-green': 10,
  'pl-user-blue': 10,
  'pl-user-pink': 10,
  'pl-user-purple': 10,
  'pl-flash': 20,
};

interface Span {
  start: number;
  end: number;
  /** Caller's id for the span (measure id, annotation id, …), returned by hitTest. */
  key?: string;
}

export interface Hit {
  category: Category;
  key: string | undefined;
  start: number;
  end: number;
}

type PainterStatus = { ok: true } | { ok: false; reason: 'no-highlight-api' | 'no-constructable-stylesheets' | 'destroyed'; message: string };

interface PaintResult {
  /** Spans turned into ranges. */
  painted: number;
  /** Spans with no mapped text (out of range, only synthetic characters, stale model). */
  skipped: number;
  /** False when the Highlight API is missing: spans are still kept for hitTest. */
  visible: boolean;
}

export type Theme = 'light' | 'dark';

export interface Painter {
  readonly status: PainterStatus;
  /** The text model ranges are built from; setting it rebuilds every painted category. */
  /** Adopt the stylesheet now (with adoptSheet: 'lazy'), e.g. while the page has not been styled yet. */
  prepare(): void;
  setModel(model: TextModel): void;
  paint(category: Category, spans: readonly Span[]): PaintResult;
  clear(category?: Category): void;
  setEnabled(category: Category, on: boolean): void;
  isEnabled(category: Category): boolean;
  setMasterEnabled(on: boolean): void;
  /** Spans containing `offset` in enabled categories, highest priority first. */
  hitTest(offset: number): Hit[];
  /** Paint `spans` as pl-flash, cleared after `ms`. */
  flash(spans: readonly Span[], ms?: number): void;
  setTheme(theme: Theme | 'auto'): Theme;
  destroy(): void;
}

interface HighlightLike {
  priority: number;
  add(r: AbstractRange): unknown;
  clear(): void;
  readonly size: number;
}
interface HighlightRegistryLike {
  set(name: string, h: HighlightLike): unknown;
  delete(name: string): boolean;
  get(name: string): HighlightLike | undefined;
}
interface HighlightWindow {
  Highlight?: new (...ranges: AbstractRange[]) => HighlightLike;
  CSS?: { highlights?: HighlightRegistryLike };
  CSSStyleSheet?: { new (): CSSStyleSheet };
}

const PALETTE: Record<Theme, Record<Category, string>> = {
  light: {
    'pl-area': 'background-color: rgba(0, 158, 115, 0.13); text-decoration: overline solid #00805d 2px;',
    'pl-lead': 'background-color: rgba(0, 114, 178, 0.10); text-decoration: underline solid #0060a0 2px;',
    'pl-co': 'text-decoration: underline dashed #0072b2 1.5px;',
    'pl-deadline': 'background-color: rgba(213, 94, 0, 0.10); text-decoration: underline wavy #c04f00 1.5px;',
    'pl-deadline-past': 'text-decoration: underline dotted #6b6b6b 2px;',
    'pl-cite': 'background-color: rgba(204, 121, 167, 0.10); text-decoration: underline double #8a3f74 1.5px;',
    'pl-user-yellow': 'background-color: #fff176; color: #1a1a1a; text-decoration: underline solid #8a7400 2px;',
    'pl-user-green': 'background-color: #b9e4bc; color: #1a1a1a; text-decoration: underline double #1b5e20 3px;',
    'pl-user-blue': 'background-color: #b3dcfb; color: #1a1a1a; text-decoration: underline dotted #0d47a1 2px;',
    'pl-user-pink': 'background-color: #f9c2d8; color: #1a1a1a; text-decoration: underline wavy #9c1050 1.5px;',
    'pl-user-purple': 'background-color: #dcc3ec; color: #1a1a1a; text-decoration: underline dashed #5b1a8a 2px;',
    'pl-flash': 'background-color: rgba(255, 183, 0, 0.55); color: #1a1a1a;',
  },
  dark: {
    'pl-area': 'background-color: rgba(0, 200, 150, 0.22); text-decoration: overline solid #5fd6b0 2px;',
    'pl-lead': 'background-color: rgba(86, 180, 233, 0.20); text-decoration: underline solid #7cc6f2 2px;',
    'pl-co': 'text-decoration: underline dashed #7cc6f2 1.5px;',
    'pl-deadline': 'background-color: rgba(255, 140, 60, 0.20); text-decoration: underline wavy #ffa264 1.5px;',
    'pl-deadline-past': 'text-decoration: underline dotted #a8a8a8 2px;',
    'pl-cite': 'background-color: rgba(230, 150, 200, 0.18); text-decoration: underline double #e8a6d0 1.5px;',
    'pl-user-yellow': 'background-color: #fff176; color: #1a1a1a; text-decoration: underline solid #8a7400 2px;',
    'pl-user-green': 'background-color: #b9e4bc; color: #1a1a1a; text-decoration: underline double #1b5e20 3px;',
    'pl-user-blue': 'background-color: #b3dcfb; color: #1a1a1a; text-decoration: underline dotted #0d47a1 2px;',
    'pl-user-pink': 'background-color: #f9c2d8; color: #1a1a1a; text-decoration: underline wavy #9c1050 1.5px;',
    'pl-user-purple': 'background-color: #dcc3ec; color: #1a1a1a; text-decoration: underline dashed #5b1a8a 2px;',
    'pl-flash': 'background-color: rgba(255, 196, 0, 0.6); color: #1a1a1a;',
  },
};

/** The stylesheet text for a theme (exported for tests and the options page preview). */
export function highlightCss(theme: Theme, opts: { important?: boolean } = {}): string {
  const decl = (d: string) => (opts.important ? d.replace(/;/g, ' !important;') : d);
  return CATEGORIES.map((c) => `::highlight(${c}) { ${decl(PALETTE[theme][c])} }`).join('\n');
}

/**
 * The light theme's rules as the first-look script brings them into every page of the auto hosts
 * (a manifest stylesheet: in before the page is first styled, so painting later restyles
 * nothing). In Chromium they are set on the root element only and reach the text through
 * highlight inheritance: universal ::highlight rules are matched on every element of every page
 * (style work on every page of the auto hosts), the root rule once. Firefox does not inherit highlight styles, so it gets the universal rules.
 */
export function injectedHighlightCss(browser: 'chrome' | 'firefox'): string {
  const css = highlightCss('light');
  return `${browser === 'firefox' ? css : css.replace(/^::highlight/gm, ':root::highlight')}\n`;
}

const CATEGORY_SET = new Set<string>(CATEGORIES);

function assertCategory(c: string): asserts c is Category {
  if (!CATEGORY_SET.has(c)) throw new Error(`painter: unknown highlight category "${c}" (expected one of ${CATEGORIES.join(', ')})`);
}

/** Parse rgb()/rgba() from a computed colour; null for transparent or unknown. */
function parseRgb(s: string): [number, number, number] | null {
  const m = /rgba?\(\s*([\d.]+)[ ,]+([\d.]+)[ ,]+([\d.]+)(?:[ ,/]+([\d.]+%?))?\s*\)/.exec(s);
  if (!m) return null;
  const alpha = m[4] === undefined ? 1 : m[4].endsWith('%') ? parseFloat(m[4]) / 100 : parseFloat(m[4]);
  if (alpha < 0.5) return null;
  return [Number(m[1]), Number(m[2]), Number(m[3])];
}

/** 'dark' when the page's effective background (body, then html) is dark. */
function detectTheme(win: Window): Theme {
  const doc = win.document;
  for (const el of [doc.body, doc.documentElement]) {
    if (!el) continue;
    let bg: string;
    try {
      bg = win.getComputedStyle(el).backgroundColor;
    } catch {
      continue;
    }
    const rgb = parseRgb(bg ?? '');
    if (!rgb) continue;
    const [r, g, b] = rgb.map((v) => {
      const c = v / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    }) as [number, number, number];
    return 0.2126 * r + 0.7152 * g + 0.0722 * b < 0.18 ? 'dark' : 'light';
  }
  return 'light';
}

interface CategoryState {
  spans: Span[]; // sorted by start, then end
  maxEnd: number[]; // prefix max of end, for overlap-aware hit tests
  enabled: boolean;
  highlight: HighlightLike | null;
  registered: boolean;
}

/**
 * Create the painter for a window. Where the Highlight API or constructable stylesheets are
 * missing, `status.ok` is false with a reason; paint/hitTest still work on the stored spans so
 * the side panel and hover cards keep functioning, only nothing is drawn.
 */
export interface PainterOptions {
  model?: TextModel;
  theme?: Theme | 'auto';
  /**
   * Categories painted with StaticRanges instead of live Ranges (where the browser has
   * StaticRange): use it for the many analysis spans, so the page's DOM work does not pay for
   * keeping thousands of live ranges up to date (see staticRangeFromOffsets). Consumers reading
   * `CSS.highlights` then get StaticRange objects for these categories (no toString /
   * getBoundingClientRect: build a Range from their boundary points). Default: none.
   */
  staticRanges?: readonly Category[];
  /**
   * 'lazy': adopt the stylesheet only on prepare() or the first paint. Adopting restyles the
   * page; a content script that leaves most pages alone should not pay that on them. Default 'now'.
   */
  adoptSheet?: 'now' | 'lazy';
  /**
   * The page already has our rules for this theme: the first look's stylesheet
   * (injectedHighlightCss), which the browser injects before the page is first styled, so
   * it costs no restyle. A stylesheet is then adopted only for another theme (a dark page), with
   * !important so that it wins over the injected one whatever the browser's cascade order.
   */
  pageSheet?: Theme;
}

export function createPainter(win: Window, opts: PainterOptions = {}): Painter {
  const w = win as unknown as HighlightWindow;
  const doc = win.document;
  const registry = w.CSS?.highlights;
  const HighlightCtor = w.Highlight;
  let status: PainterStatus;
  if (!registry || typeof HighlightCtor !== 'function') {
    status = { ok: false, reason: 'no-highlight-api', message: 'CSS Custom Highlight API not available in this browser; highlights are not drawn.' };
  } else if (typeof w.CSSStyleSheet !== 'function' || !('adoptedStyleSheets' in doc)) {
    status = { ok: false, reason: 'no-constructable-stylesheets', message: 'Constructable stylesheets not available; highlights are not drawn.' };
  } else {
    status = { ok: true };
  }

  let model: TextModel | null = opts.model ?? null;
  let master = true;
  let destroyed = false;
  let theme: Theme = 'light';
  let sheet: CSSStyleSheet | null = null;
  let flashTimer: ReturnType<typeof setTimeout> | null = null;
  const drawing = (): boolean => status.ok && !destroyed;

  const pageSheet = opts.pageSheet;
  /** Does the current theme need our own adopted stylesheet (the page has no rules for it)? */
  const needSheet = (): boolean => drawing() && theme !== pageSheet;
  const sheetText = (t: Theme): string => highlightCss(t, { important: pageSheet !== undefined });
  if (drawing()) {
    theme = opts.theme && opts.theme !== 'auto' ? opts.theme : detectTheme(win);
    if (needSheet()) {
      sheet = new w.CSSStyleSheet!();
      sheet.replaceSync(sheetText(theme));
      if (opts.adoptSheet !== 'lazy') doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
    }
  }
  /** Our rules are in the page (again: a page script may have replaced adoptedStyleSheets). */
  const ensureAdopted = (): void => {
    if (!needSheet()) return;
    if (!sheet) {
      sheet = new w.CSSStyleSheet!();
      sheet.replaceSync(sheetText(theme));
    }
    if (!doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = [...doc.adoptedStyleSheets, sheet];
  };
  const dropSheet = (): void => {
    if (sheet && doc.adoptedStyleSheets.includes(sheet)) doc.adoptedStyleSheets = doc.adoptedStyleSheets.filter((s) => s !== sheet);
  };

  const staticCats = new Set<Category>(opts.staticRanges ?? []);
  const state = new Map<Category, CategoryState>();
  for (const c of CATEGORIES) state.set(c, { spans: [], maxEnd: [], enabled: true, highlight: null, registered: false });

  const syncRegistration = (c: Category, st: CategoryState): void => {
    if (!drawing() || !st.highlight) return;
    const want = master && st.enabled && st.highlight.size > 0;
    if (want && !st.registered) {
      registry!.set(c, st.highlight);
      st.registered = true;
    } else if (!want && st.registered) {
      // Only remove what is ours (a page could have registered the same name after us).
      if (registry!.get(c) === st.highlight) registry!.delete(c);
      st.registered = false;
    }
  };

  const build = (c: Category, st: CategoryState): { painted: number; skipped: number } => {
    let painted = 0;
    let skipped = 0;
    if (!drawing()) return { painted: 0, skipped: 0 };
    if (!st.highlight) {
      st.highlight = new HighlightCtor!();
      st.highlight.priority = PRIORITY[c];
    }
    st.highlight.clear();
    if (model) {
      const asStatic = staticCats.has(c) && typeof (win as unknown as { StaticRange?: unknown }).StaticRange === 'function';
      for (const s of st.spans) {
        const r = asStatic ? staticRangeFromOffsets(model, s.start, s.end, win) : rangeFromOffsets(model, s.start, s.end, doc);
        if (r) {
          st.highlight.add(r);
          painted++;
        } else skipped++;
      }
    }
    syncRegistration(c, st);
    return { painted, skipped };
  };

  const painter: Painter = {
    get status(): PainterStatus {
      return destroyed ? { ok: false, reason: 'destroyed', message: 'painter destroyed' } : status;
    },

    prepare() {
      ensureAdopted();
    },

    setModel(m) {
      model = m;
      for (const [c, st] of state) if (st.spans.length) build(c, st);
    },

    paint(category, spans) {
      assertCategory(category);
      if (destroyed) throw new Error('painter: destroyed');
      if (!Array.isArray(spans)) throw new TypeError('painter.paint: spans must be an array of {start, end, key?}');
      const clean: Span[] = [];
      for (const s of spans) {
        if (!s || !Number.isFinite(s.start) || !Number.isFinite(s.end) || s.end <= s.start) continue;
        clean.push(s.key === undefined ? { start: s.start, end: s.end } : { start: s.start, end: s.end, key: String(s.key) });
      }
      clean.sort((a, b) => a.start - b.start || a.end - b.end);
      const st = state.get(category)!;
      st.spans = clean;
      st.maxEnd = new Array<number>(clean.length);
      let mx = -Infinity;
      for (let i = 0; i < clean.length; i++) {
        mx = Math.max(mx, clean[i]!.end);
        st.maxEnd[i] = mx;
      }
      // Adopted at document_start: a page script that later assigns document.adoptedStyleSheets
      // (instead of appending) drops our rules. Put them back.
      if (clean.length) ensureAdopted();
      const { painted, skipped } = build(category, st);
      return { painted, skipped: skipped + (spans.length - clean.length), visible: drawing() && master && st.enabled };
    },

    clear(category) {
      const cats = category === undefined ? CATEGORIES : [category];
      for (const c of cats) {
        assertCategory(c);
        const st = state.get(c)!;
        st.spans = [];
        st.maxEnd = [];
        if (st.highlight) st.highlight.clear();
        syncRegistration(c, st);
      }
    },

    setEnabled(category, on) {
      assertCategory(category);
      const st = state.get(category)!;
      st.enabled = on;
      syncRegistration(category, st);
    },

    isEnabled(category) {
      assertCategory(category);
      return master && state.get(category)!.enabled;
    },

    setMasterEnabled(on) {
      master = on;
      for (const [c, st] of state) syncRegistration(c, st);
    },

    hitTest(offset) {
      const hits: Hit[] = [];
      if (!master || destroyed || !Number.isFinite(offset)) return hits;
      for (const [c, st] of state) {
        if (!st.enabled || st.spans.length === 0) continue;
        const spans = st.spans;
        // Last span with start <= offset.
        let lo = 0;
        let hi = spans.length;
        while (lo < hi) {
          const mid = (lo + hi) >>> 1;
          if (spans[mid]!.start <= offset) lo = mid + 1;
          else hi = mid;
        }
        for (let i = lo - 1; i >= 0 && st.maxEnd[i]! > offset; i--) {
          const s = spans[i]!;
          if (s.end > offset) hits.push({ category: c, key: s.key, start: s.start, end: s.end });
        }
      }
      // Highest priority first; within a category, the innermost (shortest) span first.
      hits.sort((a, b) => PRIORITY[b.category] - PRIORITY[a.category] || a.end - a.start - (b.end - b.start));
      return hits;
    },

    flash(spans, ms = 1600) {
      if (flashTimer !== null) clearTimeout(flashTimer);
      painter.paint('pl-flash', spans);
      flashTimer = setTimeout(() => {
        flashTimer = null;
        if (!destroyed) painter.clear('pl-flash');
      }, ms);
    },

    setTheme(t) {
      const next = t === 'auto' ? detectTheme(win) : t;
      // Replacing the rules restyles the page: only when the theme really changes.
      if (next === theme) return theme;
      theme = next;
      if (!needSheet())
        dropSheet(); // back to the page's own (injected) rules
      else {
        sheet?.replaceSync(sheetText(next));
        // Something is on screen in the injected theme's colours: switch now.
        if (pageSheet !== undefined && [...state.values()].some((st) => st.registered)) ensureAdopted();
      }
      return theme;
    },

    destroy() {
      if (destroyed) return;
      if (flashTimer !== null) clearTimeout(flashTimer);
      for (const [c, st] of state) {
        if (st.registered && registry && registry.get(c) === st.highlight) registry.delete(c);
        st.registered = false;
        st.highlight?.clear();
        st.spans = [];
      }
      dropSheet();
      destroyed = true;
    },
  };
  return painter;
}
