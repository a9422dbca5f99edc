/**
 * Reading order of a page: its fragments cut into regions (columns, bands), read one after the
 * other, each top to bottom and left to right.
 *
 * Contract: `readingRegions(lines)` returns the page's lines regrouped by region, in reading
 * order; a region's lines keep their top-to-bottom order and each holds the fragments of its
 * original line that fall in that region. A region is cut in two:
 * - side by side, at a vertical river (an x-range at least RIVER_EM font heights wide that no
 *   fragment crosses) with at least MIN_SIDE fragments on each side, unless the two sides are
 *   the columns of a table (a third or more of their fragments share a top and bottom with one
 *   on the other side: cells of the same rows), or one side's fragments are mostly shorter
 *   than MIN_WIDTH_EM font heights (a table's narrow column of one or two characters a line);
 * - else one above the other, at the first horizontal gap below which (or the last above which)
 *   such a river appears: a banner or a menu spanning the page is peeled off a two-column body.
 * A region with no such cut is one column: its lines as they are (y, then x).
 *
 * Why: a printed web page has a side menu beside the body, a Word document's 附件 may have
 * a two-column block; reading purely by y would interleave them line by line. Table columns stay
 * together because their rows are read across (lib/pdf/tables.ts recovers the cells).
 */
import type { Fragment, Line } from './lines';

const RIVER_EM = 2;
const MIN_SIDE = 3;
const ALIGN_EM = 0.15;
const TABLE_SHARE = 0.3;
const MIN_WIDTH_EM = 3;

function median(xs: number[]): number {
  if (!xs.length) return 0;
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1]!;
}

/** Do the two sides look like columns of one table (cells sharing rows)? */
function aligned(left: Fragment[], right: Fragment[], em: number): boolean {
  const tol = ALIGN_EM * em;
  const match = (f: Fragment, other: Fragment[]) => other.some((g) => Math.abs(g.top - f.top) <= tol && Math.abs(g.bottom - f.bottom) <= tol);
  let n = 0;
  for (const f of left) if (match(f, right)) n++;
  for (const f of right) if (match(f, left)) n++;
  return n >= TABLE_SHARE * (left.length + right.length);
}

function verticalCut(frags: Fragment[], em: number): [Fragment[], Fragment[]] | null {
  if (frags.length < 2 * MIN_SIDE) return null;
  const byX = [...frags].sort((a, b) => a.x0 - b.x0);
  let reach = -Infinity;
  let best: { at: number; width: number } | null = null;
  for (let i = 0; i < byX.length; i++) {
    const f = byX[i]!;
    if (i >= MIN_SIDE && byX.length - i >= MIN_SIDE && f.x0 - reach >= RIVER_EM * em && (!best || f.x0 - reach > best.width)) {
      best = { at: i, width: f.x0 - reach };
    }
    reach = Math.max(reach, f.x1);
  }
  if (!best) return null;
  const left = byX.slice(0, best.at);
  const right = byX.slice(best.at);
  // A side of one or two characters a line (a table's narrow last column) is no column of text.
  const wordy = (fs: Fragment[]) => median(fs.map((f) => f.x1 - f.x0)) >= MIN_WIDTH_EM * em;
  return aligned(left, right, em) || !wordy(left) || !wordy(right) ? null : [left, right];
}

function split(frags: Fragment[], em: number, depth: number): Fragment[][] {
  if (depth > 12 || frags.length < 2 * MIN_SIDE) return [frags];
  const v = verticalCut(frags, em);
  if (v) return [...split(v[0], em, depth + 1), ...split(v[1], em, depth + 1)];
  // Horizontal gaps of the region, top to bottom.
  const byTop = [...frags].sort((a, b) => a.top - b.top);
  const gaps: number[] = [];
  let bottom = -Infinity;
  for (const f of byTop) {
    if (bottom > -Infinity && f.top > bottom) gaps.push((bottom + f.top) / 2);
    bottom = Math.max(bottom, f.bottom);
  }
  const cut = (y: number): [Fragment[], Fragment[]] => [frags.filter((f) => f.bottom <= y), frags.filter((f) => f.top >= y)];
  for (const y of gaps) {
    const [above, below] = cut(y);
    if (verticalCut(below, em)) return [...split(above, em, depth + 1), ...split(below, em, depth + 1)];
  }
  for (let k = gaps.length - 1; k >= 0; k--) {
    const [above, below] = cut(gaps[k]!);
    if (verticalCut(above, em)) return [...split(above, em, depth + 1), ...split(below, em, depth + 1)];
  }
  return [frags];
}

export function readingRegions(lines: Line[]): Line[][] {
  const all = lines.flatMap((l) => l.fragments);
  if (!all.length) return [];
  const em = median(all.map((f) => f.size)) || 10;
  const lineOf = new Map<Fragment, Line>();
  for (const l of lines) for (const f of l.fragments) lineOf.set(f, l);
  const index = new Map(lines.map((l, i) => [l, i]));
  return split(all, em, 0).map((region) => {
    const byLine = new Map<Line, Fragment[]>();
    for (const f of region) {
      const l = lineOf.get(f)!;
      let fs = byLine.get(l);
      if (!fs) byLine.set(l, (fs = []));
      fs.push(f);
    }
    return [...byLine.entries()]
      .sort((a, b) => index.get(a[0])! - index.get(b[0])!)
      .map(([l, fs]) => {
        fs.sort((a, b) => a.x0 - b.x0);
        return {
          page: l.page,
          top: Math.min(...fs.map((f) => f.top)),
          bottom: Math.max(...fs.map((f) => f.bottom)),
          size: Math.max(...fs.map((f) => f.size)),
          fragments: fs,
        };
      });
  });
}
