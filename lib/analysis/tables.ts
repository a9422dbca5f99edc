/**
 * Task-division tables (任务分工表). The text model renders a table row as one line with cells
 * separated by "\t". A header row names the columns: 序号 / 重点任务 (主要任务, 工作任务, 具体措施 …) /
 * 牵头单位 / 责任单位 (配合单位) / 完成时限 (时间进度 …). Each following row with a task becomes a measure.
 *
 * Rows shorter than the header (merged cells, rowspan) are aligned to the RIGHT, because the
 * spanning cells are the leading ones (序号, 任务类别) while units and deadlines are per row.
 */
import type { TextView } from './normalize';
import type { Line } from './lines';
import { parseCnNumber } from './numerals';

export interface Cell {
  start: number;
  end: number;
}

export interface TaskRow {
  start: number;
  end: number;
  /** 序号 as written ("" when none). */
  seq: string;
  ordinal: number;
  cells: Cell[];
  task: Cell | null;
  lead: Cell | null;
  resp: Cell | null;
  deadline: Cell | null;
}

export interface TaskTable {
  start: number;
  end: number;
  /** Caption line before the header ("重点任务分工表"), compact span. */
  caption: Cell | null;
  headerEnd: number;
  /** Label of the responsibility column ("责任单位", "配合单位", …) */
  respLabel: string | null;
  hasLead: boolean;
  rows: TaskRow[];
}

function cellsOf(s: string, line: Line): Cell[] {
  const out: Cell[] = [];
  let a = line.start;
  for (let i = line.start; i <= line.end; i++) {
    if (i === line.end || s[i] === '\t') {
      let x = a;
      let y = i;
      while (x < y && /\s/.test(s[x]!)) x++;
      while (y > x && /\s/.test(s[y - 1]!)) y--;
      out.push({ start: x, end: y });
      a = i + 1;
    }
  }
  return out;
}

const COL = {
  seq: /^(?:序号|编号|序列|项次)$/,
  task: /(?:重点任务|主要任务|工作任务|具体任务|任务内容|任务名称|具体措施|工作措施|政策措施|主要措施|重点工作|工作内容|工作事项|改革事项|任务举措|任务)/,
  lead: /牵头(?:单位|部门)|主责(?:单位|部门)|主办单位/,
  resp: /(?:责任|配合|参与|协办|协同|协助)(?:单位|部门)/,
  deadline: /完成时限|完成时间|时间进度|时限要求|时间节点|完成期限|时间安排|进度安排|时限|完成时间节点/,
};

interface Header {
  seq: number;
  task: number;
  lead: number;
  resp: number;
  deadline: number;
  width: number;
  respLabel: string | null;
}

function readHeader(s: string, cells: Cell[]): Header | null {
  if (cells.length < 3) return null;
  const h: Header = { seq: -1, task: -1, lead: -1, resp: -1, deadline: -1, width: cells.length, respLabel: null };
  cells.forEach((c, i) => {
    const t = s.slice(c.start, c.end);
    if (t.length > 16) return;
    if (COL.seq.test(t)) h.seq = i;
    else if (COL.lead.test(t)) h.lead = i;
    else if (COL.resp.test(t)) {
      if (h.resp < 0) {
        h.resp = i;
        h.respLabel = t;
      }
    } else if (COL.deadline.test(t)) h.deadline = i;
    else if (COL.task.test(t)) h.task = i; // the last task-like column is the most specific
  });
  if (h.lead < 0 && h.resp < 0) return null;
  if (h.task < 0 && h.seq < 0) return null;
  return h;
}

export function findTaskTables(v: TextView, lines: readonly Line[]): TaskTable[] {
  const s = v.s;
  const tables: TaskTable[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (!line.tab) continue;
    const header = readHeader(s, cellsOf(s, line));
    if (!header) continue;
    // Caption: the nearest non-empty line before, if short and not a sentence.
    let caption: Cell | null = null;
    for (let k = i - 1; k >= 0 && k >= i - 2; k--) {
      const l = lines[k]!;
      if (l.end === l.start) continue;
      const t = s.slice(l.start, l.end);
      if (t.length <= 40 && !l.tab && !/。$/.test(t)) caption = { start: l.start, end: l.end };
      break;
    }
    const rows: TaskRow[] = [];
    let j = i + 1;
    let running = 0;
    let lastEnd = line.end;
    for (; j < lines.length; j++) {
      const l = lines[j]!;
      if (l.end === l.start) continue;
      if (!l.tab) break;
      lastEnd = l.end;
      let cells = cellsOf(s, l);
      if (cells.length > header.width) cells = cells.slice(0, header.width);
      const shift = header.width - cells.length;
      const col = (k: number): Cell | null => {
        const idx = k - shift;
        if (k < 0 || idx < 0 || idx >= cells.length) return null;
        const c = cells[idx]!;
        return c.end > c.start ? c : null;
      };
      const nonEmpty = cells.filter((c) => c.end > c.start).length;
      if (nonEmpty <= 1) continue; // group heading row or spacer
      const task = col(header.task);
      const lead = col(header.lead);
      const resp = col(header.resp);
      const deadline = col(header.deadline);
      if (!task && !lead && !resp) continue;
      const seqCell = col(header.seq);
      const seqText = seqCell ? s.slice(seqCell.start, seqCell.end).replace(/[.、]$/, '') : '';
      const parsed = seqText ? parseCnNumber(seqText) : null;
      running = parsed && parsed > 0 ? parsed : running + 1;
      rows.push({
        start: l.start,
        end: l.end,
        seq: seqCell ? v.raw.slice(seqCell.start, seqCell.end) : '',
        ordinal: running,
        cells,
        task,
        lead,
        resp,
        deadline,
      });
    }
    if (rows.length > 0) {
      tables.push({
        start: caption ? caption.start : line.start,
        end: lastEnd,
        caption,
        headerEnd: line.end,
        respLabel: header.respLabel,
        hasLead: header.lead >= 0,
        rows,
      });
    }
    i = j - 1;
  }
  return tables;
}
