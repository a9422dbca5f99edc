/**
 * Task ledger as CSV (RFC 4180): 序号, 措施, 牵头单位, 其他单位（角色）, 完成时限, 状态, 批注 —
 * one row per measure; the other units carry the role the document prints ("市财政局（配合）"). UTF-8 with BOM so Excel opens Chinese correctly; CRLF record ends;
 * cells that a spreadsheet would run as a formula are neutralized with a leading '.
 */
import type { Annotation } from '../annotations/types';
import { buildLedger, formatCo, formatDeadline, type DocumentBundle } from './ledger';

export const CSV_HEADER = ['序号', '措施', '牵头单位', '其他单位（角色）', '完成时限', '状态', '批注'] as const;

/** Neutralizes spreadsheet formula injection (OWASP): = + - @ and tab/CR at the start. */
function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

function csvCell(value: string): string {
  const v = guardFormula(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

/** One RFC 4180 record, formula-guarded (shared with the library's ledger exports). */
export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

function annotationLine(a: Annotation): string {
  const tags = a.tags.length ? ` ${a.tags.map((t) => `#${t}`).join(' ')}` : '';
  const note = a.note ? ` ${a.note}` : '';
  return `「${a.target.quote.exact}」${note}${tags}`;
}

export function buildCsv(b: DocumentBundle, opts: { bom?: boolean } = {}): string {
  return finish([csvRow(CSV_HEADER), ...csvRows(b)], opts.bom);
}

/**
 * One ledger for several documents (export of all documents): the same columns after a leading
 * 文件 column (发文字号, else title), since 序号 repeats from one document to the next.
 */
export function buildCsvAll(bundles: readonly DocumentBundle[], opts: { bom?: boolean } = {}): string {
  const lines = [csvRow(['文件', ...CSV_HEADER])];
  for (const b of bundles) {
    const doc = b.document.docNumber || b.document.title || b.analysis.meta.title || b.document.url;
    for (const row of csvRows(b, doc)) lines.push(row);
  }
  return finish(lines, opts.bom);
}

function finish(lines: string[], bom?: boolean): string {
  return `${bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}

function csvRows(b: DocumentBundle, docCell?: string): string[] {
  const ledger = buildLedger(b);
  const pre = docCell === undefined ? [] : [docCell];
  const lines: string[] = [];
  for (const r of ledger.rows) {
    const notes: string[] = [];
    if (r.note?.note) notes.push(`措施批注：${r.note.note}`);
    for (const a of r.annotations) notes.push(annotationLine(a));
    lines.push(
      csvRow([
        ...pre,
        r.measure.path || r.measure.marker || r.measure.id,
        r.measure.title || r.measure.marker,
        r.lead.join('、'),
        formatCo(r),
        r.deadlines.map(formatDeadline).join('；'),
        r.note?.status ?? '',
        notes.join('\n'),
      ]),
    );
  }
  if (ledger.unplaced.length) lines.push(csvRow([...pre, '', '（未归入措施的批注）', '', '', '', '', ledger.unplaced.map(annotationLine).join('\n')]));
  return lines;
}
