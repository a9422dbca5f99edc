/**
 * Task tables (任务分工表, 任务分解表, 推广清单): rows of a data table → measures with their units
 * and deadlines.
 *
 * Contract: `findTaskTables(v, lines, grids)` returns every table whose header names a unit
 * column (牵头单位, 责任单位, 配合单位, 指导部门 …) and a task or 序号 column, with its items in
 * order: section rows (a row whose one cell spans the table, "一、知识产权保护方面（共5项）") and
 * measures (a row with its own 序号, or with its own task where there is no 序号 column, together
 * with the sub-rows that continue it: a sub-row's 序号 is empty or covered by the row above).
 * Positions are compact (the view's `s`).
 *
 * Where the structure comes from: the text model's grids (`AnalysisInput.tables`, with rowspan
 * and colspan expanded, so a 责任单位 cell spanning two sub-rows belongs to both) when the page
 * was a DOM; otherwise the text's own table lines (one row per line, cells separated by \t, as in
 * a .txt), where a line without a tab between rows is a section row.
 */
import type { TextView } from './normalize';
import type { Line } from './lines';
import type { RoleWord } from './types';
import type { TextTable } from '../text/types';
import { parseCnNumber } from './numerals';

interface Cell {
  start: number;
  end: number;
}

/** One grid row: per column the cell covering it (null when none or empty) and whether the cell starts in this row. */
interface GridRow {
  start: number;
  end: number;
  cells: (Cell | null)[];
  own: boolean[];
}

type ColumnRole = 'seq' | 'category' | 'task' | 'detail' | 'lead' | 'resp' | 'co' | 'guide' | 'deadline' | 'person' | 'other';

interface Column {
  role: ColumnRole;
  /** Header text (compact). */
  label: string;
  /** For unit columns: the role word the header prints (牵头, 责任, 配合, 指导 …). */
  word: RoleWord | null;
}

interface UnitCell {
  col: number;
  cell: Cell;
}

export interface TableMeasure {
  kind: 'row';
  /** 序号 as written ("" when the table has no 序号 column). */
  seq: string;
  ordinal: number;
  start: number;
  end: number;
  /** The title cell (first task-like column) of the first row. */
  task: Cell | null;
  /** Unit cells of this measure's rows, each printed cell once, in column order per row. */
  units: UnitCell[];
  deadlines: Cell[];
  /** Rows of the measure (the first and its sub-rows). */
  rows: GridRow[];
}

export interface TableSection {
  kind: 'section';
  start: number;
  end: number;
  /** The section's text (one cell). */
  cell: Cell;
}

export interface TaskTable {
  start: number;
  end: number;
  /** Caption line before the header ("重点任务分工表"), compact span. */
  caption: Cell | null;
  headerEnd: number;
  columns: Column[];
  hasLead: boolean;
  items: (TableMeasure | TableSection)[];
}

/** Header words, most specific first: the first pattern that matches a header cell decides its column. */
const COLUMN_PATTERNS: [ColumnRole, RegExp, RoleWord | null][] = [
  ['seq', /^(?:序号|编号|序列|项次|顺序|排序|序次|编码)$/, null],
  ['person', /(?:领导|责任人|联系人|负责人|分管|包抓)/, null],
  ['lead', /(?:牵头|主责|主办|牵头责任)(?:单位|部门|处室|科室|机构)?/, '牵头'],
  ['co', /(?:配合|协办|协同|协助|协作)(?:单位|部门|处室|科室|机构)?/, '配合'],
  ['co', /参与(?:单位|部门|处室|机构)/, '参与'],
  ['guide', /指导(?:单位|部门|处室|机构)/, '指导'],
  ['resp', /(?:责任|负责|承办|实施|落实|承担)(?:单位|部门|处室|科室|主体|机构)/, '责任'],
  ['deadline', /(?:完成时限|完成时间|时间进度|时限要求|时间节点|完成期限|时间安排|进度安排|时限|完成时间节点|截止时间|计划完成|时间要求|办结时限)/, null],
  ['category', /^(?:任务类别|类别|类型|领域|板块|分类|项目类别|工作类别|专项|方面|任务分类|序列类别)$/, null],
  [
    'task',
    /(?:重点任务|主要任务|工作任务|具体任务|任务名称|具体措施|工作措施|政策措施|主要措施|重点工作|工作事项|改革事项|改革举措|任务举措|举措|民生实事|实事项目|项目名称|事项名称|建设项目|项目|事项|任务|措施|政策)/,
    null,
  ],
  ['detail', /(?:内容|要求|目标|标准|成效|说明)/, null],
];

/** Role words of the unit columns, for headers that print a more specific one than their column kind. */
function wordOf(label: string, fallback: RoleWord | null): RoleWord | null {
  if (fallback === '配合') {
    if (/协办/.test(label)) return '协办';
    if (/协同|协助|协作/.test(label)) return '协同';
  }
  if (fallback === '责任') {
    if (/负责/.test(label)) return '负责';
    if (/落实|实施|承办|承担/.test(label)) return '落实';
  }
  return fallback;
}

function columnOf(label: string): Column {
  if (label.length > 16) return { role: 'other', label, word: null };
  for (const [role, re, word] of COLUMN_PATTERNS) if (re.test(label)) return { role, label, word: wordOf(label, word) };
  return { role: 'other', label, word: null };
}

const UNIT_ROLES = new Set<ColumnRole>(['lead', 'resp', 'co', 'guide']);

/** Columns of a header row, or null when it does not name a unit column and a task or 序号 column. */
function readHeader(s: string, rows: readonly GridRow[], at: number): { columns: Column[]; used: number } | null {
  const row = rows[at]!;
  // A header is labels: short, no 序号 values, at least one of them a column name.
  let present = 0;
  for (const c of row.cells) {
    if (!c) continue;
    if (c.end - c.start > 16) return null;
    present++;
  }
  if (present < 2) return null;
  const labels = row.cells.map((c) => (c ? s.slice(c.start, c.end) : ''));
  if (labels.some((l) => seqOrdinal(l) !== null)) return null;
  let columns = labels.map(columnOf);
  if (columns.every((c) => c.role === 'other')) return null;
  let used = 1;
  // A two-row header: "责任单位" over "牵头单位 | 配合单位" (colspan above, specific words below).
  const next = rows[at + 1];
  if (next) {
    const sub = next.cells.map((c) => (c ? s.slice(c.start, c.end) : ''));
    const subCols = sub.map(columnOf);
    const specific = subCols.filter((c, i) => c.role !== 'other' && next.own[i]).length;
    if (specific >= 2 && sub.every((l) => l.length <= 16)) {
      columns = columns.map((c, i) => (next.own[i] && subCols[i]!.role !== 'other' ? subCols[i]! : c));
      used = 2;
    }
  }
  const roles = columns.map((c) => c.role);
  if (!roles.some((r) => UNIT_ROLES.has(r))) return null;
  if (!roles.includes('task') && !roles.includes('seq') && !roles.includes('detail')) return null;
  // The first task-like column is the measure's name; a second one is its detail.
  let seenTask = false;
  columns = columns.map((c) => {
    if (c.role !== 'task') return c;
    if (seenTask) return { ...c, role: 'detail' };
    seenTask = true;
    return c;
  });
  if (!seenTask) {
    const d = columns.findIndex((c) => c.role === 'detail');
    if (d >= 0) columns[d] = { ...columns[d]!, role: 'task' };
  }
  // Only the first 序号 column counts.
  let seenSeq = false;
  columns = columns.map((c) => {
    if (c.role !== 'seq') return c;
    if (seenSeq) return { ...c, role: 'other' };
    seenSeq = true;
    return c;
  });
  return { columns, used };
}

const isBlank = (c: number) => c === 0x20 || c === 0x3000 || c === 0x09 || c === 0x0a || c === 0xa0;

function trimCell(s: string, a: number, b: number): Cell | null {
  while (a < b && isBlank(s.charCodeAt(a))) a++;
  while (b > a && isBlank(s.charCodeAt(b - 1))) b--;
  return b > a ? { start: a, end: b } : null;
}

/** Cells of a text line split at \t. */
function lineCells(s: string, line: Line): (Cell | null)[] {
  const out: (Cell | null)[] = [];
  let a = line.start;
  for (let i = line.start; i <= line.end; i++) {
    if (i === line.end || s.charCodeAt(i) === 0x09) {
      out.push(trimCell(s, a, i));
      a = i + 1;
    }
  }
  return out;
}

/** First compact index whose original offset is >= `orig` (binary search over the view's map). */
function compactAt(v: TextView, orig: number): number {
  const map = v.map;
  let lo = 0;
  let hi = map.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (map[mid]! < orig) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Grid tables of the text model, in compact positions (only those inside the view). */
function gridsFromModel(v: TextView, grids: readonly TextTable[]): GridRow[][] {
  const [r0, r1] = v.range;
  const out: GridRow[][] = [];
  for (const t of grids) {
    const rows: GridRow[] = [];
    let prev: (string | null)[] = [];
    for (const flat of t.rows) {
      const cells: (Cell | null)[] = [];
      const own: boolean[] = [];
      const keys: (string | null)[] = [];
      for (let k = 0; k + 1 < flat.length; k += 2) {
        const a = flat[k]!;
        const b = flat[k + 1]!;
        const col = k / 2;
        if (a < 0 || b <= a || a < r0 || b > r1) {
          cells.push(null);
          own.push(true);
          keys.push(null);
          continue;
        }
        const key = `${a}:${b}`;
        keys.push(key);
        // A cell is the row's own unless the row above had the same cell in this column.
        own.push(prev[col] !== key);
        cells.push(trimCell(v.s, compactAt(v, a), compactAt(v, b)));
      }
      prev = keys;
      const present = cells.filter((c): c is Cell => !!c);
      if (!present.length) continue;
      const ownCells = present.filter((c) => own[cells.indexOf(c)]);
      const span = ownCells.length ? ownCells : present;
      rows.push({ start: Math.min(...span.map((c) => c.start)), end: Math.max(...span.map((c) => c.end)), cells, own });
    }
    // (one row may continue the table before it)
    if (rows.length) out.push(rows);
  }
  return out;
}

/**
 * Tables from the text's own lines: runs of tab lines (blank lines and single-cell lines between
 * tab lines belong to the run: section rows), each line a row whose cells are all its own.
 */
function gridsFromLines(s: string, lines: readonly Line[], taken: (pos: number) => boolean): GridRow[][] {
  const out: GridRow[][] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.tab || taken(line.start)) continue;
    const rows: GridRow[] = [];
    let j = i;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (taken(l.start)) break;
      if (l.end === l.start) continue;
      if (!l.tab) {
        // A tab-less line continues the table only between tab lines and when short (a section row).
        let k = j + 1;
        while (k < lines.length && lines[k]!.end === lines[k]!.start) k++;
        if (l.end - l.start > 80 || k >= lines.length || !lines[k]!.tab) break;
      }
      const cells = lineCells(s, l);
      rows.push({ start: l.start, end: l.end, cells, own: cells.map(() => true) });
    }
    if (rows.length >= 2) out.push(rows);
    i = j - 1;
  }
  return out;
}

const SEQ_RE = /^[(（]?([0-9０-９]{1,3}|[一二三四五六七八九十百]{1,4})[)）.．、]?$/;

function seqOrdinal(t: string): number | null {
  const m = SEQ_RE.exec(t);
  if (!m) return null;
  const n = parseCnNumber(m[1]!.replace(/[０-９]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)));
  return n !== null && n > 0 ? n : null;
}

/** Caption: the nearest non-empty line before the table, when short and not a sentence. */
function captionBefore(s: string, lines: readonly Line[], start: number): Cell | null {
  let lo = 0;
  let hi = lines.length - 1;
  let li = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (lines[mid]!.end < start) {
      li = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  for (let k = li; k >= 0 && k >= li - 2; k--) {
    const l = lines[k]!;
    if (l.end === l.start) continue;
    const t = s.slice(l.start, l.end);
    // A numbered heading before the table is a heading of the outline, not the table's caption.
    if (/^(?:[一二三四五六七八九十]+[、.]|\([一二三四五六七八九十\d]+\)|\d{1,2}[.、]|第[一二三四五六七八九十\d]+[章节条部分])/.test(t)) return null;
    return t.length <= 60 && !l.tab && !/[。;]$/.test(t) ? { start: l.start, end: l.end } : null;
  }
  return null;
}

function buildTable(s: string, lines: readonly Line[], rows: GridRow[]): { table: TaskTable | null; rest: GridRow[] | null } | null {
  let header: { columns: Column[]; used: number } | null = null;
  let h = 0;
  for (; h < Math.min(3, rows.length - 1); h++) {
    header = readHeader(s, rows, h);
    if (header) break;
  }
  if (!header) return null;
  const { columns } = header;
  const col = (role: ColumnRole) => columns.findIndex((c) => c.role === role);
  const seqCol = col('seq');
  const taskCol = col('task');
  const deadlineCols = columns.flatMap((c, i) => (c.role === 'deadline' ? [i] : []));
  const unitCols = columns.flatMap((c, i) => (UNIT_ROLES.has(c.role) ? [i] : []));
  const items: (TableMeasure | TableSection)[] = [];
  let current: TableMeasure | null = null;
  let running = 0;
  // A cell spanning several rows counts once per measure (every measure it spans has it).
  const addRow = (m: TableMeasure, row: GridRow) => {
    m.rows.push(row);
    m.end = Math.max(m.end, row.end);
    for (const c of unitCols) {
      const cell = row.cells[c];
      if (cell && !m.units.some((u) => u.cell.start === cell.start && u.cell.end === cell.end)) m.units.push({ col: c, cell });
    }
    for (const c of deadlineCols) {
      const cell = row.cells[c];
      if (cell && !m.deadlines.some((x) => x.start === cell.start && x.end === cell.end)) m.deadlines.push(cell);
    }
  };
  let end = rows.length;
  for (let r = h + header.used; r < rows.length; r++) {
    const row = rows[r]!;
    // A header again: repeated at a page break (same columns), or the start of another table.
    // (A row whose first cell is a 序号 is a row.)
    const c0 = row.cells[0];
    const again = c0 && seqOrdinal(s.slice(c0.start, c0.end)) !== null ? null : readHeader(s, rows, r);
    if (again) {
      if (again.columns.map((c) => c.role).join() === columns.map((c) => c.role).join()) {
        r += again.used - 1;
        continue;
      }
      end = r;
      break;
    }
    const present = row.cells.map((c, i) => (c && row.own[i] ? i : -1)).filter((i) => i >= 0);
    if (!present.length) continue;
    const distinct = new Set(present.map((i) => `${row.cells[i]!.start}:${row.cells[i]!.end}`));
    // A section row: one cell of its own across the table (a colspan, or a line without tabs),
    // or alone in the first column where it is not a 序号.
    if (distinct.size === 1) {
      const c0 = present[0]!;
      const cell = row.cells[c0]!;
      const wide = present.length > 1 || row.cells.length === 1;
      const isSeq = c0 === seqCol && seqOrdinal(s.slice(cell.start, cell.end)) !== null;
      if (!unitCols.includes(c0) && !isSeq && (wide || c0 === 0)) {
        items.push({ kind: 'section', start: cell.start, end: cell.end, cell });
        current = null;
        continue;
      }
    }
    const seqCell = seqCol >= 0 ? (row.cells[seqCol] ?? null) : null;
    const seqOwn = seqCol >= 0 && seqCell !== null && row.own[seqCol]!;
    const taskCell = taskCol >= 0 ? (row.cells[taskCol] ?? null) : null;
    const startsMeasure = seqCol >= 0 ? seqOwn : !!taskCell && row.own[taskCol]!;
    if (!startsMeasure && current) {
      addRow(current, row);
      continue;
    }
    if (!startsMeasure) continue;
    const seqText = seqCell ? s.slice(seqCell.start, seqCell.end) : '';
    const ord = seqText ? seqOrdinal(seqText) : null;
    // A 序号 cell that is not a number ("合计", a note) does not start a measure.
    if (seqText && ord === null) continue;
    if (!taskCell && !unitCols.some((c) => row.cells[c])) continue;
    running = ord ?? running + 1;
    current = {
      kind: 'row',
      seq: seqText,
      ordinal: running,
      start: row.start,
      end: row.end,
      task: taskCell,
      units: [],
      deadlines: [],
      rows: [],
    };
    items.push(current);
    addRow(current, row);
  }
  const rest = end < rows.length ? rows.slice(end) : null;
  if (!items.some((x) => x.kind === 'row')) return rest ? { table: null, rest } : null;
  const first = rows[h]!;
  const caption = captionBefore(s, lines, first.start);
  return {
    table: {
      start: caption ? caption.start : first.start,
      end: Math.max(...rows.slice(0, end).map((x) => x.end)),
      caption,
      headerEnd: rows[h + header.used - 1]!.end,
      columns,
      hasLead: columns.some((c) => c.role === 'lead'),
      items,
    },
    rest,
  };
}

/**
 * A table continued in a second <table> with no header of its own (Word breaks long tables at
 * page breaks): joined to the table right before it when nothing but blank lines lies between
 * and the columns agree.
 */
function joinContinuations(s: string, grids: GridRow[][]): GridRow[][] {
  const out: GridRow[][] = [];
  for (const g of grids) {
    const prev = out[out.length - 1];
    const gapStart = prev ? prev[prev.length - 1]!.end : -1;
    const cols = (rows: GridRow[]) => rows[0]!.cells.length;
    const headed = [0, 1, 2].some((r) => r < g.length && readHeader(s, g, r));
    if (prev && !headed && cols(prev) === cols(g) && g[0]!.start >= gapStart && /^\s*$/.test(s.slice(gapStart, g[0]!.start))) prev.push(...g);
    else out.push(g.slice());
  }
  return out;
}

export function findTaskTables(v: TextView, lines: readonly Line[], grids: readonly TextTable[] = []): TaskTable[] {
  const s = v.s;
  const fromModel = joinContinuations(s, gridsFromModel(v, grids));
  const spans = fromModel.map((rows) => [Math.min(...rows.map((r) => r.start)), Math.max(...rows.map((r) => r.end))] as const);
  const taken = (pos: number) => spans.some(([a, b]) => pos >= a && pos <= b);
  const all = [...fromModel, ...gridsFromLines(s, lines, taken)];
  const tables: TaskTable[] = [];
  for (const grid of all) {
    for (let rows: GridRow[] | null = grid; rows;) {
      const built = buildTable(s, lines, rows);
      if (built?.table) tables.push(built.table);
      rows = built?.rest ?? null;
    }
  }
  return tables.sort((a, b) => a.start - b.start);
}

/** Which role a unit column gives its units. */
export function columnWord(t: TaskTable, col: number): RoleWord {
  return t.columns[col]?.word ?? '责任';
}
