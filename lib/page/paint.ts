/**
 * What the page shows of the analysis: the painter (CSS Custom Highlight API, lib/highlight)
 * with the analysis spans and their visibility under the user's settings, how many are on
 * screen, and where a measure or a span is (scrolling to it, the measure the reader is at).
 *
 * Thousands of analysis spans go in as static ranges, so the page's own DOM work stays cheap.
 * The theme is read from the page just before the first paint (before the first frame the page
 * is not styled yet, and on pages we leave alone it is never needed). With the content script's
 * own stylesheet in the page (`pageSheet`) nothing is adopted for a light page; otherwise the
 * stylesheet is adopted only once a page looks like a document (`painter.prepare()`), since
 * adopting restyles the whole page.
 */
import type { PolicyModel } from '../analysis/types';
import { createPainter, type Category, type Painter } from '../highlight/painter';
import { rangeFromOffsets } from '../highlight/ranges';
import type { Settings } from '../settings';
import type { TextModel } from '../text/types';
import { visibleNames, type AnalysisHighlightName, type HighlightSpan } from './spans';

export interface PaintDeps {
  win: Window;
  pageSheet?: 'light' | 'dark';
  settings: Settings;
  text(): TextModel | null;
  model(): PolicyModel | null;
}

export interface PagePaint {
  readonly painter: Painter;
  /** Paint one category (replacing what it showed) and count it. */
  paint(c: Category, spans: { start: number; end: number; key?: string }[]): void;
  /** The analysis spans (lib/page/spans), shown under the current settings. */
  analysis(spans: Record<AnalysisHighlightName, HighlightSpan[]>): void;
  /** Spans on screen in the categories the settings show. */
  count(): number;
  clear(): void;
  settings(): Settings;
  applySettings(s: Settings): void;
  /** Scroll text-model [start, end) into the upper part of the window and flash it. */
  scrollTo(start: number, end: number): boolean;
  /** The last measure whose heading is above the upper third of the viewport. */
  measureInView(): string | null;
}

export function createPagePaint(deps: PaintDeps): PagePaint {
  const { win } = deps;
  const doc = win.document;
  let settings = deps.settings;
  const painter = createPainter(win, {
    staticRanges: ['pl-area', 'pl-lead', 'pl-co', 'pl-deadline', 'pl-deadline-past', 'pl-cite'],
    theme: 'light',
    adoptSheet: 'lazy',
    pageSheet: deps.pageSheet,
  });
  let themeRead = false;
  const painted = new Map<Category, number>();

  const paint: PagePaint['paint'] = (c, spans) => {
    painted.set(c, painter.paint(c, spans).painted);
  };
  const applySettings = (s: Settings) => {
    settings = s;
    for (const [name, on] of Object.entries(visibleNames(s))) painter.setEnabled(name as Category, on);
  };

  return {
    painter,
    paint,
    analysis(spans) {
      if (!themeRead && painter.status.ok) {
        themeRead = true;
        painter.setTheme('auto');
      }
      for (const [name, list] of Object.entries(spans) as [AnalysisHighlightName, (typeof spans)['pl-area']][]) paint(name, list);
      applySettings(settings);
    },
    count() {
      let n = 0;
      for (const [c, v] of painted) if (c !== 'pl-flash' && painter.isEnabled(c)) n += v;
      return n;
    },
    clear() {
      painter.clear();
      painted.clear();
    },
    settings: () => settings,
    applySettings,
    scrollTo(start, end) {
      const tm = deps.text();
      if (!tm) return false;
      const r = rangeFromOffsets(tm, start, end, doc);
      if (!r) return false;
      // Layout-free DOMs (jsdom) have no client rects: flash only.
      if (typeof r.getBoundingClientRect === 'function') {
        const rect = r.getBoundingClientRect();
        win.scrollTo({ top: win.scrollY + rect.top - win.innerHeight / 4, behavior: 'auto' });
      }
      painter.flash([{ start, end, key: 'flash' }], 1200);
      return true;
    },
    measureInView() {
      const model = deps.model();
      const tm = deps.text();
      if (!model || !tm) return null;
      const limit = win.innerHeight / 3;
      let lo = 0;
      let hi = model.measures.length - 1;
      let found = -1;
      while (lo <= hi) {
        const mid = (lo + hi) >> 1;
        const m = model.measures[mid]!;
        const r = rangeFromOffsets(tm, m.headStart, Math.max(m.headStart + 1, m.headEnd), doc);
        const top = r && typeof r.getBoundingClientRect === 'function' ? r.getBoundingClientRect().top : Infinity;
        if (top <= limit) {
          found = mid;
          lo = mid + 1;
        } else hi = mid - 1;
      }
      return found >= 0 ? model.measures[found]!.id : null;
    },
  };
}
