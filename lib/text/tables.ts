/**
 * Tables in a page: layout or data, and the grid of a data table.
 *
 * Contract:
 * - `isDataTable(table)`: false for layout tables (a page built of <table>s for its banner, menu,
 *   left column and body cell, as county sites of the 2000s are): their cells are blocks of the
 *   page, not columns of data. True for tables of data (a 任务分解表, a 推广清单, a metadata table).
 * - `tableGrid(table)`: the table's own rows (not those of nested tables) laid on a grid, with
 *   rowspan and colspan expanded: every cell knows its row and column, and every grid position
 *   knows the cell covering it.
 *
 * Why these signals (after Readability's data-table test, adapted to government pages): a table
 * holding another table, or with a single row or a single column, or whose cells hold lists,
 * forms, frames or headings, is layout; anything else with at least two rows and two columns is
 * data. Authors' own markers win: role="presentation"/"none" and datatable="0" mean layout.
 */

interface GridCell {
  row: number;
  col: number;
  rowspan: number;
  colspan: number;
}

export interface TableGrid {
  /** The table's own rows in document order. */
  rows: Element[];
  cells: Map<Element, GridCell>;
  /** cover[r][c]: the cell covering grid position (r, c), or null. */
  cover: (Element | null)[][];
  colCount: number;
}

/** Bounds that keep a hostile or broken table from allocating a huge grid. */
const MAX_SPAN_ROWS = 1000;
const MAX_SPAN_COLS = 64;
const MAX_COLS = 64;

const LAYOUT_INSIDE = 'table, ul, ol, dl, form, iframe, nav, select, input, textarea, h1, h2, h3';

function lname(el: Element): string {
  return el.localName;
}

/** The table's own rows: tr children of the table and of its thead/tbody/tfoot. */
export function ownRows(table: Element): Element[] {
  const rows: Element[] = [];
  for (let c = table.firstElementChild; c; c = c.nextElementSibling) {
    const t = lname(c);
    if (t === 'tr') rows.push(c);
    else if (t === 'thead' || t === 'tbody' || t === 'tfoot') {
      for (let r = c.firstElementChild; r; r = r.nextElementSibling) if (lname(r) === 'tr') rows.push(r);
    }
  }
  return rows;
}

function ownCells(row: Element): Element[] {
  const out: Element[] = [];
  for (let c = row.firstElementChild; c; c = c.nextElementSibling) {
    const t = lname(c);
    if (t === 'td' || t === 'th') out.push(c);
  }
  return out;
}

function spanAttr(el: Element, name: string, max: number): number {
  const v = el.getAttribute(name);
  if (v === null) return 1;
  const n = Number.parseInt(v, 10);
  if (!Number.isFinite(n) || n < 1) return name === 'rowspan' && n === 0 ? max : 1; // rowspan=0: to the end of the table
  return Math.min(n, max);
}

export function isDataTable(table: Element): boolean {
  const role = table.getAttribute('role');
  if (role === 'presentation' || role === 'none') return false;
  if (table.getAttribute('datatable') === '0') return false;
  if (table.querySelector(LAYOUT_INSIDE)) return false;
  const rows = ownRows(table);
  if (rows.length < 2) return false;
  let cols = 0;
  for (const r of rows) {
    let n = 0;
    for (const c of ownCells(r)) n += spanAttr(c, 'colspan', MAX_SPAN_COLS);
    if (n > cols) cols = n;
  }
  return cols >= 2;
}

export function tableGrid(table: Element): TableGrid {
  const rows = ownRows(table);
  const cells = new Map<Element, GridCell>();
  const cover: (Element | null)[][] = rows.map(() => []);
  let colCount = 0;
  rows.forEach((tr, r) => {
    let c = 0;
    for (const cell of ownCells(tr)) {
      const line = cover[r]!;
      while (line[c] != null) c++;
      if (c >= MAX_COLS) break;
      const rowspan = Math.min(spanAttr(cell, 'rowspan', MAX_SPAN_ROWS), rows.length - r);
      const colspan = Math.min(spanAttr(cell, 'colspan', MAX_SPAN_COLS), MAX_COLS - c);
      cells.set(cell, { row: r, col: c, rowspan, colspan });
      for (let i = 0; i < rowspan; i++) {
        const l = cover[r + i]!;
        for (let j = 0; j < colspan; j++) if (l[c + j] == null) l[c + j] = cell;
      }
      c += colspan;
      if (c > colCount) colCount = c;
    }
  });
  for (const line of cover) {
    for (let c = 0; c < colCount; c++) if (line[c] === undefined) line[c] = null;
    line.length = colCount;
  }
  return { rows, cells, cover, colCount };
}
