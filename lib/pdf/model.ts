/**
 * Pages of positioned text → the PDF text model (lib/pdf/types.ts), in the shape the engine
 * reads from a web page: paragraphs as lines separated by '\n', a table row per line with its
 * cells separated by '\t' (one per column, empty where the row has no cell there), the tables'
 * grids in text offsets, and a span map from every copied character back to its page, item and
 * character.
 *
 * Contract: `buildPdfModel(pages)` is pure and deterministic. Per page: lines (lines.ts), page
 * furniture left out (furniture.ts), reading regions (order.ts), tables (tables.ts), paragraphs
 * (paragraphs.ts). A paragraph that runs on from one page (or region) to the next joins as
 * lines of a page do; a table whose last row is continued at the top of the next page (a row
 * with no first-column cell, then rows with the same columns) is one table. Whitespace inside an
 * item collapses to one space; nothing else is rewritten, so every character of the text but
 * the synthetic '\n', '\t' and joining spaces is an item's character.
 */
import type { TextTable } from '../text/types';
import { findFurniture } from './furniture';
import { fragmentText, pageLines, spaceBetween, type Fragment, type Line } from './lines';
import { readingRegions } from './order';
import { breaksBefore, frameOf, joiner, type Frame } from './paragraphs';
import { findTables, type CellBlock, type PdfTable, type RegionBlock } from './tables';
import type { PdfPageText, PdfSpan, PdfTextModel } from './types';

class Emitter {
  text = '';
  spans: PdfSpan[] = [];
  private parts: string[] = [];
  private length = 0;
  push(s: string): void {
    this.parts.push(s);
    this.length += s.length;
  }
  get size(): number {
    return this.length;
  }
  last(): string {
    return this.parts[this.parts.length - 1]?.slice(-1) ?? '';
  }
  /** Copy `str` of one item, collapsing whitespace runs to one space and trimming its ends when asked. */
  item(page: number, item: number, str: string, trimStart: boolean, trimEnd: boolean): void {
    let i = 0;
    let end = str.length;
    if (trimStart) while (i < end && /\s/.test(str[i]!)) i++;
    if (trimEnd) while (end > i && /\s/.test(str[end - 1]!)) end--;
    let run: PdfSpan | null = null;
    let out = '';
    const flush = () => {
      if (out) {
        this.push(out);
        out = '';
      }
    };
    for (let k = i; k < end; k++) {
      const ch = str[k]!;
      const ws = /\s/.test(ch) && ch !== '\u3000';
      if (ws && k > i && /\s/.test(str[k - 1]!) && str[k - 1] !== '\u3000') {
        run = null;
        continue;
      }
      const at = this.length + out.length;
      if (run && run.start + run.length === at && run.offset + run.length === k) run.length++;
      else {
        run = { start: at, length: 1, page, item, offset: k };
        this.spans.push(run);
      }
      out += ws ? ' ' : ch;
    }
    flush();
  }
  finish(): string {
    this.text = this.parts.join('');
    return this.text;
  }
}

function emitFragment(e: Emitter, f: Fragment): void {
  f.parts.forEach((p, i) => {
    if (i && spaceBetween(f.parts[i - 1]!, p) && e.last() !== ' ') e.push(' ');
    e.item(f.page, p.item, p.str, i === 0, i === f.parts.length - 1);
  });
}

function lineText(l: Line): string {
  return l.fragments.map(fragmentText).join(' ');
}

function emitLine(e: Emitter, l: Line): void {
  l.fragments.forEach((f, i) => {
    if (i) e.push(' ');
    emitFragment(e, f);
  });
}

function emitCell(e: Emitter, b: CellBlock): [number, number] {
  const start = e.size;
  b.fragments.forEach((f, i) => {
    if (i) {
      const join = b.spaced[i - 1] ? ' ' : joiner(e.last(), fragmentText(f));
      if (join) e.push(join);
    }
    emitFragment(e, f);
  });
  return [start, e.size];
}

/** Does `next` continue `prev` (the same columns; its first row has no first-column cell)? */
/** Does `next` continue `prev` on the next page (the same column starts, within a font height)? */
function continues(prev: PdfTable, next: PdfTable): boolean {
  if (prev.columns.length !== next.columns.length) return false;
  const em = Math.max(...prev.rows.flat().flatMap((c) => c.fragments.map((f) => f.size)), 1);
  return prev.columns.every((x, i) => Math.abs(x - next.columns[i]!) <= em);
}

export function buildPdfModel(pages: PdfPageText[]): PdfTextModel {
  const textChars = pages.reduce((n, p) => n + p.items.reduce((m, it) => m + (it.str ? it.str.replace(/\s/g, '').length : 0), 0), 0);
  const allLines = pages.map((p, i) => pageLines(p, i));
  const furniture = findFurniture(allLines, pages);
  const furnitureItems = allLines.map((lines, p) => {
    const items: number[] = [];
    lines.forEach((l, i) => {
      if (furniture[p]!.has(i)) for (const f of l.fragments) for (const part of f.parts) items.push(part.item);
    });
    return items.sort((a, b) => a - b);
  });
  // Blocks of every page in reading order, with the frame of their region.
  const blocks: { block: RegionBlock; frame: Frame; page: number }[] = [];
  allLines.forEach((lines, p) => {
    const kept = lines.filter((_, i) => !furniture[p]!.has(i));
    for (const region of readingRegions(kept)) {
      const found = findTables(region);
      const textLines = found.flatMap((b) => (b.kind === 'line' ? [b.line] : []));
      const frame = frameOf(textLines.length ? textLines : region);
      for (const block of found) blocks.push({ block, frame, page: p });
    }
  });
  // Tables continued on the next page become one.
  const merged: typeof blocks = [];
  for (const b of blocks) {
    const prev = merged[merged.length - 1];
    if (prev && b.block.kind === 'table' && prev.block.kind === 'table' && b.page === prev.page + 1 && continues(prev.block.table, b.block.table)) {
      const into = prev.block.table;
      const rows = [...b.block.table.rows];
      const first = rows[0];
      const lastRow = into.rows[into.rows.length - 1];
      if (first && lastRow && !first.some((c) => c.col === 0)) {
        rows.shift();
        for (const cell of first) {
          const same = lastRow.find((c) => c.col === cell.col);
          if (same) {
            // Across the page break as within a cell: a line that fills the column wraps on.
            const widths = into.rows.flatMap((r) => r.filter((c) => c.col === cell.col).flatMap((c) => c.fragments.map((f) => f.x1 - f.x0)));
            const last = same.fragments[same.fragments.length - 1]!;
            same.spaced.push(last.x1 - last.x0 < Math.max(...widths) - 1.5 * last.size);
            same.fragments.push(...cell.fragments);
            same.spaced.push(...cell.spaced);
          } else lastRow.push(cell);
        }
        lastRow.sort((x, y) => x.col - y.col);
      }
      into.rows.push(...rows);
      continue;
    }
    merged.push(b);
  }

  const e = new Emitter();
  const tables: TextTable[] = [];
  const pageStarts: number[] = pages.map(() => -1);
  let prevLine = null as { line: Line; frame: Frame } | null;
  for (const { block, frame, page } of merged) {
    if (block.kind === 'line') {
      const l = block.line;
      const text = lineText(l);
      const prevFrame: Frame | undefined = prevLine?.frame;
      // Within a region by its frame; across a page break by the last page's right edge; never
      // from one region to another of the same page (a menu beside the body).
      const samePage = prevLine?.line.page === l.page;
      const cont =
        prevLine &&
        prevFrame &&
        (!samePage || prevFrame === frame) &&
        !breaksBefore(prevLine.line, l, text, samePage ? frame : { ...frame, right: prevFrame.right, lineGap: Infinity });
      if (cont) {
        const j = joiner(e.last(), text);
        if (j) e.push(j);
      } else if (e.size) e.push('\n');
      if (pageStarts[page]! < 0) pageStarts[page] = e.size;
      emitLine(e, l);
      prevLine = { line: l, frame };
      continue;
    }
    prevLine = null;
    if (e.size) e.push('\n');
    if (pageStarts[page]! < 0) pageStarts[page] = e.size;
    const t = block.table;
    const cols = t.columns.length;
    const grid: number[][] = [];
    t.rows.forEach((row, r) => {
      if (r) e.push('\n');
      const flat: number[] = [];
      for (let c = 0; c < cols; c++) {
        if (c) e.push('\t');
        const cell = row.find((b) => b.col === c);
        const covering = row.find((b) => b.col < c && b.col + b.cols > c);
        if (cell) flat.push(...emitCell(e, cell));
        else if (covering) flat.push(flat[2 * covering.col]!, flat[2 * covering.col + 1]!);
        else flat.push(-1, -1);
      }
      grid.push(flat);
    });
    tables.push({ rows: grid });
  }
  const text = e.finish();
  for (let p = 0; p < pageStarts.length; p++) if (pageStarts[p]! < 0) pageStarts[p] = p ? pageStarts[p - 1]! : 0;
  return { text, content: [0, text.length], tables, spans: e.spans, pageStarts, furniture: furnitureItems, textChars };
}
