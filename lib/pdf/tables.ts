/**
 * Tables from positions (a PDF's text layer has no ruling lines and no cells).
 *
 * Contract: `findTables(lines)` splits a region's lines (top to bottom) into text lines and
 * tables, in order. A table is a run of at least two lines cut into several fragments (cells of
 * a row), with the lines between them and the narrow lines just above or below them that fall
 * inside one of its columns (a cell's wrapped lines; a row continued at the top of the next
 * page). Its grid:
 * - columns: the x-ranges of the cells of its multi-fragment lines, overlapping ranges merged
 *   (left-aligned cells share a start, centred ones overlap);
 * - cell blocks: in each column, fragments one under the other with less than BLOCK_EM font
 *   heights between them are one cell, unless the lower one's line fills most columns (then it
 *   starts a row: tight tables without padding, as Word prints them);
 * - rows, when the first column is a 序号 column: one per 序号 cell, cut in the widest gap
 *   between two (anchorRows);
 * - rows otherwise: cut at the heights no block crosses (vertically centred cells of different heights,
 *   and a rowspan's cell centred across its sub-rows, hold a row together); two blocks of one
 *   column in a row are one cell. A line whose cells fall only in some columns and sits just
 *   below a row continues that row's cells.
 * A cell's lines are joined without a space when the upper one fills the column (a wrap) and
 * with one when it ends short or the gap between them is wider than a wrap's (a line break or
 * a paragraph the author made: one unit per line).
 * Why: a 分工表 printed to PDF keeps its rows only as positions; the engine's table rules need
 * the 序号 / 任务 / 牵头单位 / 责任单位 / 完成时限 cells of each row.
 */
import type { Fragment, Line } from './lines';

const BLOCK_EM = 2.0;
const ROW_FILL = 0.75;
const NARROW = 0.6;

export interface CellBlock {
  col: number;
  /** Columns it covers (a cell spanning columns covers several). */
  cols: number;
  fragments: Fragment[];
  /** Per fragment after the first: true when a space joins it to the previous one. */
  spaced: boolean[];
  top: number;
  bottom: number;
}

export interface PdfTable {
  /** Where each column starts. */
  columns: number[];
  rows: CellBlock[][];
  top: number;
  bottom: number;
}

export type RegionBlock = { kind: 'line'; line: Line } | { kind: 'table'; table: PdfTable };

/**
 * Columns from the starts of the cells (x0 of the fragments of multi-fragment lines): starts
 * less than 0.6 font heights apart are one column (left-aligned cells share a start; centred ones
 * wander around the column's middle); a start seen once is no column (a centred header cell)
 * unless that leaves fewer columns than the widest row has cells.
 * Column k runs from its first start to the next column's.
 */
function columnsOf(frags: Fragment[], widest = 2): number[] {
  const xs = frags.map((f) => [f.x0, f.size] as const).sort((a, b) => a[0] - b[0]);
  const clusters: { start: number; last: number; n: number }[] = [];
  for (const [x, size] of xs) {
    const c = clusters[clusters.length - 1];
    if (c && x - c.last <= 0.6 * size) {
      c.last = x;
      c.n++;
    } else clusters.push({ start: x, last: x, n: 1 });
  }
  const kept = clusters.filter((c) => c.n >= 2);
  return (kept.length >= Math.min(widest, clusters.length) || (!widest && kept.length) ? kept : clusters).map((c) => c.start);
}

/**
 * The column a fragment falls in (by its middle, so a centred cell's line that starts left of
 * its column's first start still falls in it), and how many it covers: one, unless it is a
 * line alone whose two ends fall in different columns (a section row across the table).
 */
function colsOf(f: Fragment, starts: number[], alone = false): [number, number] {
  const at = (x: number) => {
    let k = 0;
    for (let i = 1; i < starts.length; i++) if (starts[i]! <= x) k = i;
    return k;
  };
  if (alone) {
    const a = at(f.x0 + f.size);
    const b = at(f.x1 - f.size);
    if (b > a) return [a, b - a + 1];
  }
  return [at((f.x0 + f.x1) / 2), 1];
}

function buildTable(lines: Line[], columns: number[]): PdfTable {
  const em = Math.max(...lines.map((l) => l.size));
  // A column's width: from its cells' own lines, wrapped ones included.
  const span = columns.map(() => [Infinity, -Infinity] as [number, number]);
  for (const l of lines)
    for (const f of l.fragments) {
      const c = colsOf(f, columns, l.fragments.length === 1);
      if (c[1] !== 1) continue;
      const sp = span[c[0]]!;
      sp[0] = Math.min(sp[0], f.x0);
      sp[1] = Math.max(sp[1], f.x1);
    }
  const width = span.map(([a, b], k) => (b > a ? b - a : (columns[k + 1] ?? columns[k]! + 10 * em) - columns[k]!));
  const anchored = anchorRows(lines, columns, width);
  if (anchored) return { columns, rows: anchored, top: lines[0]!.top, bottom: Math.max(...lines.map((l) => l.bottom)) };
  // The lines that fill most columns start a row even without a gap.
  const fills = (l: Line) => new Set(l.fragments.map((f) => colsOf(f, columns)[0])).size >= Math.max(2, ROW_FILL * columns.length);
  const open = new Map<number, CellBlock>();
  const blocks: CellBlock[] = [];
  for (const l of lines) {
    const full = fills(l);
    for (const f of l.fragments) {
      const c = colsOf(f, columns, l.fragments.length === 1);
      const prev = open.get(c[0]);
      const last = prev?.fragments[prev.fragments.length - 1];
      // A line that fills its column wraps: the cell goes on, whatever the next line is.
      const wraps = !!last && last.x1 - last.x0 >= width[c[0]]! - 1.5 * last.size;
      if (prev && last && prev.cols === c[1] && (wraps || !full) && f.top - prev.bottom < BLOCK_EM * em) {
        // A wider gap than a wrap's is a paragraph of the cell (one unit per paragraph).
        prev.spaced.push(!wraps || f.top - last.bottom > 0.8 * last.size);
        prev.fragments.push(f);
        prev.bottom = Math.max(prev.bottom, f.bottom);
      } else {
        const b: CellBlock = { col: c[0], cols: c[1], fragments: [f], spaced: [], top: f.top, bottom: f.bottom };
        blocks.push(b);
        for (let k = 0; k < c[1]; k++) open.set(c[0] + k, b);
      }
    }
  }
  // Rows: cut where no block crosses (a rowspan's centred cell holds its sub-rows together).
  blocks.sort((a, b) => a.top - b.top || a.col - b.col);
  const rows: CellBlock[][] = [];
  let rowBottom = -Infinity;
  for (const b of blocks) {
    const row = rows[rows.length - 1];
    if (row && b.top < rowBottom + 0.1 * em) {
      // A second block in a column of the row: the same cell, on a line of its own.
      const same = row.find((o) => o.col === b.col && o.cols === b.cols);
      if (same) {
        same.spaced.push(true, ...b.spaced);
        same.fragments.push(...b.fragments);
        same.bottom = Math.max(same.bottom, b.bottom);
      } else row.push(b);
      rowBottom = Math.max(rowBottom, b.bottom);
    } else {
      rows.push([b]);
      rowBottom = b.bottom;
    }
  }
  for (const r of rows) r.sort((a, b) => a.col - b.col);
  return { columns, rows, top: lines[0]!.top, bottom: Math.max(...lines.map((l) => l.bottom)) };
}

/** Join a cell's fragments (top to bottom) into a block: a space where a line ends short or a paragraph gap follows. */
function cellOf(col: number, frags: Fragment[], width: number): CellBlock {
  frags.sort((a, b) => a.top - b.top || a.x0 - b.x0);
  const spaced = frags.slice(1).map((f, i) => {
    const last = frags[i]!;
    return last.x1 - last.x0 < width - 1.5 * last.size || f.top - last.bottom > 0.8 * last.size;
  });
  return { col, cols: 1, fragments: frags, spaced, top: frags[0]!.top, bottom: Math.max(...frags.map((f) => f.bottom)) };
}

/**
 * Rows by the table's first column, when it is a 序号 column (short cells, one per row: numbers,
 * the header's 序号): one row per such cell, the boundary between two rows in the widest
 * horizontal gap between them (cells are often centred on their row's middle, so a row's other
 * cells reach above and below its number); fragments above the first row's own lines, after a
 * gap, are a row of their own with no number (a row continued from the previous page).
 * Null when the first column is not such a column.
 */
function anchorRows(lines: Line[], columns: number[], width: number[]): CellBlock[][] | null {
  const frags = lines.flatMap((l) => l.fragments.map((f) => ({ f, c: colsOf(f, columns, l.fragments.length === 1) })));
  const firstCol = frags.filter((x) => x.c[0] === 0 && x.c[1] === 1).map((x) => x.f);
  if (firstCol.some((x) => x.x1 - x.x0 > 4.5 * x.size) || frags.some((x) => x.c[1] > 1)) return null;
  firstCol.sort((a, b) => a.top - b.top);
  const anchors: { top: number; bottom: number }[] = [];
  for (const f of firstCol) {
    const a = anchors[anchors.length - 1];
    if (a && f.top - a.bottom <= 0.8 * f.size) a.bottom = Math.max(a.bottom, f.bottom);
    else anchors.push({ top: f.top, bottom: f.bottom });
  }
  if (anchors.length < 3) return null;
  // Free heights of the whole table (no fragment of any column).
  const byTop = frags.map((x) => x.f).sort((a, b) => a.top - b.top);
  const gaps: [number, number][] = [];
  let reach = -Infinity;
  for (const f of byTop) {
    if (reach > -Infinity && f.top > reach) gaps.push([reach, f.top]);
    reach = Math.max(reach, f.bottom);
  }
  const cuts: number[] = [];
  for (let i = 0; i + 1 < anchors.length; i++) {
    const lo = anchors[i]!.bottom;
    const hi = anchors[i + 1]!.top;
    let best: [number, number] | null = null;
    for (const g of gaps) {
      const a = Math.max(g[0], lo);
      const b = Math.min(g[1], hi);
      if (b > a && (!best || b - a > best[1] - best[0])) best = [a, b];
    }
    cuts.push(best ? (best[0] + best[1]) / 2 : (lo + hi) / 2);
  }
  // The first row's own lines begin after the last gap above its number.
  const firstTop = gaps.filter((g) => g[1] <= anchors[0]!.top).reduce((y, g) => Math.max(y, g[1]), -Infinity);
  const leadGap = gaps.find((g) => g[1] === firstTop);
  const leading = leadGap && leadGap[1] - leadGap[0] >= 1.5 * anchors[0]!.bottom - 1.5 * anchors[0]!.top ? frags.filter((x) => x.f.bottom <= firstTop) : [];
  const rows: Fragment[][][] = [];
  if (leading.length) rows.push(columns.map(() => []));
  for (let i = 0; i < anchors.length; i++) rows.push(columns.map(() => []));
  const off = leading.length ? 1 : 0;
  for (const { f, c } of frags) {
    const mid = (f.top + f.bottom) / 2;
    let r = 0;
    if (leading.length && f.bottom <= firstTop) r = 0;
    else {
      r = off;
      for (let k = 0; k < cuts.length; k++) if (mid > cuts[k]!) r = off + k + 1;
    }
    rows[r]![c[0]]!.push(f);
  }
  return rows.map((row) => row.flatMap((fs, col) => (fs.length ? [cellOf(col, fs, width[col]!)] : [])));
}

export function findTables(lines: Line[]): RegionBlock[] {
  const out: RegionBlock[] = [];
  if (!lines.length) return out;
  const left = Math.min(...lines.map((l) => l.fragments[0]!.x0));
  const right = Math.max(...lines.map((l) => l.fragments[l.fragments.length - 1]!.x1));
  const regionWidth = right - left || 1;
  const isMulti = (l: Line) => l.fragments.length >= 2;
  const isNarrow = (l: Line) => l.fragments.length === 1 && l.fragments[0]!.x1 - l.fragments[0]!.x0 < NARROW * regionWidth;
  let i = 0;
  while (i < lines.length) {
    if (!isMulti(lines[i]!)) {
      out.push({ kind: 'line', line: lines[i]! });
      i++;
      continue;
    }
    // A run: multi-fragment lines that fit its columns, and the narrow lines between them.
    let j = i;
    let lastMulti = i;
    let multis = 0;
    let cols: number[] = [];
    let widestRow = 0;
    let left = Infinity;
    const multiFrags: Fragment[] = [];
    while (j < lines.length) {
      const l = lines[j]!;
      if (j > i && l.top - lines[j - 1]!.bottom > 3 * l.size) break;

      const lx0 = l.fragments[0]!.x0;
      if (isMulti(l)) {
        // A line with a run across one of the run's columns (two cells' worth) is no row of it: a page footer.
        // (only starts seen twice count here: a run of two rows has not settled its columns yet)
        const settled = columnsOf(multiFrags, 0);
        if (multis >= 2 && l.fragments.some((f) => settled.some((x) => f.x0 < x - 2 * f.size && f.x1 > x + 2 * f.size))) break;
        lastMulti = j;
        multis++;
        multiFrags.push(...l.fragments);
        widestRow = Math.max(widestRow, l.fragments.length);
        cols = columnsOf(multiFrags, widestRow);
        left = Math.min(left, lx0);
        // A narrow line left of the table's first column, after a gap, is the text after it.
      } else if (!isNarrow(l) || (lx0 < left - l.size && l.top - lines[j - 1]!.bottom > 0.5 * l.size)) break;
      else left = Math.min(left, lx0);
      j++;
    }
    // Two rows of two cells are too little to tell a table from two lines with a wide gap.
    if (multis < 2 || (multis < 3 && cols.length < 3)) {
      out.push({ kind: 'line', line: lines[i]! });
      i++;
      continue;
    }
    const columns = cols;
    // A first line with a run across a column (two cells' worth) was text above the table.
    const bridges = (l: Line) => l.fragments.some((f) => columns.some((x) => f.x0 < x - 2 * f.size && f.x1 > x + 2 * f.size));
    if (bridges(lines[i]!)) {
      out.push({ kind: 'line', line: lines[i]! });
      i++;
      continue;
    }
    const inOneColumn = (l: Line) => isNarrow(l) && l.fragments[0]!.x0 >= columns[0]! - l.size && colsOf(l.fragments[0]!, columns, true)[1] === 1;
    let end = lastMulti + 1;
    while (end < lines.length && inOneColumn(lines[end]!) && lines[end]!.top - lines[end - 1]!.bottom < BLOCK_EM * lines[end]!.size) end++;
    // Narrow lines just above (a header cell wrapped above the row's middle), or at the region's top (a row continued from the previous page).
    let start = i;
    while (start > 0 && out.length && inOneColumn(lines[start - 1]!)) {
      const gapOk = lines[start]!.top - lines[start - 1]!.bottom < BLOCK_EM * lines[start]!.size;
      if (!gapOk && start - 1 !== 0) break;
      const last = out[out.length - 1];
      if (last?.kind !== 'line' || last.line !== lines[start - 1]) break;
      out.pop();
      start--;
    }
    // Interior lines spanning several columns are kept (a section row); a narrow line between rows falls in its column.
    const tableLines = lines.slice(start, end);
    out.push({ kind: 'table', table: buildTable(tableLines, columns) });
    i = end;
  }
  return out;
}
