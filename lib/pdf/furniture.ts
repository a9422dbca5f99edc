/**
 * Page furniture: running headers, running footers and page numbers, left out of the text.
 *
 * Contract: `findFurniture(pages, sizes)` returns, per page, the indices (into that page's lines)
 * of the lines that are furniture:
 * - a page number in the top or bottom band of the page: GB/T 9704's "— 3 —" (any dash: — – -
 *   － ─ ~), "第 3 页", "第3页 共12页", "3 / 12", "Page 3", or a bare number that is the band's
 *   only text and sits centred or at a margin;
 * - a running header or footer: a line whose text, digits normalised, recurs in the same band
 *   (top or bottom BAND of the page height) on at least half the pages, when there are two or
 *   more pages.
 * Why: they interrupt the text at every page break (a sentence that runs on to the next page
 * would otherwise have "— 3 —" or the document's short title in the middle of it) and they are
 * not part of any measure.
 */
import { fragmentText, type Line } from './lines';

/** Share of the page height, at the top and at the bottom, where furniture lives. */
const BAND = 0.1;

const PAGE_NUMBER_RES = [
  /^[—–\-－─~〜﹣_\s]*\d{1,4}[—–\-－─~〜﹣_\s]*$/,
  /^第\s*\d{1,4}\s*页(\s*[,，/]?\s*共\s*\d{1,4}\s*页)?$/,
  /^\d{1,4}\s*[/／]\s*\d{1,4}$/,
  /^(page|p\.)\s*\d{1,4}(\s*(of|\/)\s*\d{1,4})?$/i,
];

function isPageNumber(text: string): boolean {
  return PAGE_NUMBER_RES.some((re) => re.test(text));
}

function lineText(l: Line): string {
  return l.fragments.map(fragmentText).join(' ');
}

function keyOf(l: Line): string {
  return lineText(l).replace(/\s+/g, '').replace(/\d+/g, '#');
}

export interface PageSize {
  width: number;
  height: number;
}

export function findFurniture(pages: Line[][], sizes: PageSize[]): Set<number>[] {
  const out = pages.map(() => new Set<number>());
  const band = (l: Line, h: number): 'top' | 'bottom' | null => (l.bottom <= h * BAND ? 'top' : l.top >= h * (1 - BAND) ? 'bottom' : null);
  // Recurring lines: key → pages where it appears in that band.
  const seen = new Map<string, Set<number>>();
  pages.forEach((lines, p) => {
    const h = sizes[p]?.height ?? 0;
    lines.forEach((l) => {
      const b = band(l, h);
      if (!b) return;
      const key = `${b}|${keyOf(l)}`;
      if (key.length < 5) return;
      let s = seen.get(key);
      if (!s) seen.set(key, (s = new Set()));
      s.add(p);
    });
  });
  const enough = Math.max(2, Math.ceil(pages.length / 2));
  pages.forEach((lines, p) => {
    const { width: w = 0, height: h = 0 } = sizes[p] ?? {};
    lines.forEach((l, i) => {
      const b = band(l, h);
      if (!b) return;
      const text = lineText(l).trim();
      if (pages.length >= 2 && (seen.get(`${b}|${keyOf(l)}`)?.size ?? 0) >= enough) {
        out[p]!.add(i);
        return;
      }
      if (!isPageNumber(text)) return;
      const bare = /^\d+$/.test(text);
      if (!bare) {
        out[p]!.add(i);
        return;
      }
      // A bare number: only when it is the band's outermost line and sits centred or at a margin.
      const outermost = b === 'bottom' ? i === lines.length - 1 : i === 0;
      const mid = (l.fragments[0]!.x0 + l.fragments[l.fragments.length - 1]!.x1) / 2;
      const centred = Math.abs(mid - w / 2) < w * 0.1;
      const atMargin = mid < w * 0.25 || mid > w * 0.75;
      if (outermost && l.fragments.length === 1 && (centred || atMargin)) out[p]!.add(i);
    });
  });
  return out;
}
