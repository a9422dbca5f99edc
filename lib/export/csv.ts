/**
 * Task ledger as CSV (RFC 4180): 序号, 措施, 牵头单位, 责任单位, 完成时限, 状态, 批注 —
 * one row per measure. UTF-8 with BOM so Excel opens Chinese correctly; CRLF record ends;
 * cells that a spreadsheet would run as a formula are neutralized with a leading '.
 */
import type { Annotation } from '../annotations/types';
import { buildLedger, formatDeadline, type DocumentBundle } from './ledger';

export const CSV_HEADER = ['序号', '措施', '牵头单位', '责任单位', '完成时限', '状态', '批注'] as const;

/** Neutralizes spreadsheet formula injection (OWASP): = + - @ and tab/CR at the start. */
export function guardFormula(cell: string): string {
  return /^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell;
}

export function csvCell(value: string): string {
  const v = guardFormula(value);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

export function csvRow(cells: readonly string[]): string {
  return cells.map(csvCell).join(',');
}

export function annotationLine(a: Annotation): string {
  const tags = a.tags.length ? ` ${a.tags.map((t) => `#${t}`).join(' ')}` : '';
  const note = a.note ? ` ${a.note}` : '';
  return `「${a.target.quote.exact}」${note}${tags}`;
}

export function buildCsv(b: DocumentBundle, opts: { bom?: boolean } = {}): string {
  const ledger = buildLedger(b);
  const lines: string[] = [csvRow(CSV_HEADER)];
  for (const r of ledger.rows) {
    const notes: string[] = [];
    if (r.note?.note) notes.push(`措施批注：${r.note.note}`);
    for (const a of r.annotations) notes.push(annotationLine(a));
    lines.push(
      csvRow([
        r.measure.path || r.measure.marker || r.measure.id,
        r.measure.title || r.measure.marker,
        r.lead.join('、'),
        r.co.join('、'),
        r.deadlines.map(formatDeadline).join('；'),
        r.note?.status ?? '',
        notes.join('\n'),
      ]),
    );
  }
  if (ledger.unplaced.length) lines.push(csvRow(['', '（未归入措施的批注）', '', '', '', '', ledger.unplaced.map(annotationLine).join('\n')]));
  return `${opts.bom === false ? '' : '\uFEFF'}${lines.join('\r\n')}\r\n`;
}
