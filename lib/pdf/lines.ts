/**
 * Items → lines and fragments of one page.
 *
 * Contract: `pageLines(page, index)` returns the page's text lines top to bottom. A line is the
 * items whose boxes share a band of height (an item overlapping the band by half the smaller
 * height joins it, so a superscript, a footnote mark or a run in another font with a slightly
 * different baseline stays on its line), ordered left to right. A line is cut into fragments at
 * wide gaps (more than GAP_EM font heights) and at the column rivers of a table (rivers.ts): the
 * cells of a table row, two columns of a page, a side menu next to the body are different
 * fragments of one line. Whitespace-only items (pdf.js
 * synthesises them for gaps) carry no position and are dropped; the gaps themselves say where
 * a space goes (`fragmentText`).
 *
 * Why positions and not the content stream's order: producers draw text in any order (by font,
 * headers first, table columns one after the other); the page's geometry is what the reader sees.
 */
import { riverCuts } from './rivers';
import type { PdfPageText } from './types';

/** A gap wider than this many font heights separates two fragments of a line. */
const GAP_EM = 0.9;
/** A gap wider than this many font heights between two runs of a fragment is a space. */
const SPACE_EM = 0.2;

export interface Part {
  item: number;
  str: string;
  x0: number;
  x1: number;
  top: number;
  bottom: number;
}

export interface Fragment {
  page: number;
  parts: Part[];
  x0: number;
  x1: number;
  top: number;
  bottom: number;
  /** The largest font height of its runs. */
  size: number;
}

export interface Line {
  page: number;
  top: number;
  bottom: number;
  size: number;
  fragments: Fragment[];
}

function fragmentOf(page: number, parts: Part[]): Fragment {
  let x0 = Infinity;
  let x1 = -Infinity;
  let top = Infinity;
  let bottom = -Infinity;
  let size = 0;
  for (const p of parts) {
    x0 = Math.min(x0, p.x0);
    x1 = Math.max(x1, p.x1);
    top = Math.min(top, p.top);
    bottom = Math.max(bottom, p.bottom);
    size = Math.max(size, p.bottom - p.top);
  }
  return { page, parts, x0, x1, top, bottom, size };
}

export function pageLines(page: PdfPageText, pageIndex: number): Line[] {
  const parts: Part[] = [];
  page.items.forEach((it, i) => {
    if (!it.str || !/\S/.test(it.str) || !(it.height > 0) || !Number.isFinite(it.x + it.y + it.width)) return;
    parts.push({ item: i, str: it.str, x0: it.x, x1: it.x + Math.max(0, it.width), top: it.y, bottom: it.y + it.height });
  });
  // Tallest first within a band, so a line's band is set by its body text, not by a superscript.
  parts.sort((a, b) => (a.top + a.bottom) / 2 - (b.top + b.bottom) / 2 || a.x0 - b.x0);
  const bands: { top: number; bottom: number; parts: Part[] }[] = [];
  for (const p of parts) {
    const h = p.bottom - p.top;
    let best: (typeof bands)[number] | undefined;
    // Only the last few bands can hold it: parts come in order of their middle.
    for (let k = bands.length - 1; k >= 0 && k >= bands.length - 8; k--) {
      const b = bands[k]!;
      const overlap = Math.min(b.bottom, p.bottom) - Math.max(b.top, p.top);
      // Two runs one above the other (overlapping in x) are never one line: a band must not
      // chain a side menu's lines together through a taller line of the body beside them.
      const stacked = b.parts.some((q) => Math.min(q.x1, p.x1) - Math.max(q.x0, p.x0) > 0.3 * Math.min(h, q.bottom - q.top));
      if (overlap >= 0.5 * Math.min(h, b.bottom - b.top) && !stacked) {
        best = b;
        break;
      }
      if (b.bottom < p.top - h) break;
    }
    if (best) {
      best.parts.push(p);
      best.top = Math.min(best.top, p.top);
      best.bottom = Math.max(best.bottom, p.bottom);
    } else bands.push({ top: p.top, bottom: p.bottom, parts: [p] });
  }
  bands.sort((a, b) => a.top - b.top);
  for (const b of bands) b.parts.sort((a, c) => a.x0 - c.x0);
  const cuts = riverCuts(bands.map((b) => b.parts.map((p) => ({ x0: p.x0, x1: p.x1, size: p.bottom - p.top }))));
  const lines: Line[] = [];
  bands.forEach((b, bi) => {
    const frags: Fragment[] = [];
    let run: Part[] = [];
    let runEnd = -Infinity;
    let runSize = 0;
    const at = cuts[bi]!;
    for (const p of b.parts) {
      const size = Math.max(runSize, p.bottom - p.top);
      if (run.length && (p.x0 - runEnd > GAP_EM * size || at.some((x) => runEnd <= x && x <= p.x0))) {
        frags.push(fragmentOf(pageIndex, run));
        run = [];
        runSize = 0;
      }
      run.push(p);
      runEnd = Math.max(run.length > 1 ? runEnd : -Infinity, p.x1);
      runSize = Math.max(runSize, p.bottom - p.top);
    }
    if (run.length) frags.push(fragmentOf(pageIndex, run));
    const size = Math.max(...frags.map((f) => f.size));
    lines.push({ page: pageIndex, top: b.top, bottom: b.bottom, size, fragments: frags });
  });
  return lines;
}

/** Does a space separate these two runs of a fragment (their gap is wider than a thin space)? */
export function spaceBetween(a: Part, b: Part): boolean {
  const size = Math.max(a.bottom - a.top, b.bottom - b.top);
  return b.x0 - a.x1 > SPACE_EM * size && !/\s$/.test(a.str) && !/^\s/.test(b.str);
}

/** A fragment's text as the reader sees it (runs joined, a space where the gap is one). */
export function fragmentText(f: Fragment): string {
  let s = '';
  f.parts.forEach((p, i) => {
    if (i && spaceBetween(f.parts[i - 1]!, p)) s += ' ';
    s += p.str;
  });
  return s.replace(/\s+/g, ' ').trim();
}
