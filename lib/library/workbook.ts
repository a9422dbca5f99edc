/**
 * The library's ledger as an Excel workbook (.xlsx): a sheet for the ledger, one for the
 * documents and one for the citations, each with its header row frozen and columns as wide as
 * their Chinese text (two units per CJK character). Written by write-excel-file (MIT, writes
 * the XML parts itself and zips them with fflate: no eval, no network), through its universal
 * build, so the library page and the command line write the same bytes.
 */
import writeXlsxFile from 'write-excel-file/universal';
import type { Citation } from '../analysis/types';
import { issuerLevel, LEDGER_COLUMNS, LEVEL_WORD, ledgerCells, type CrossLedgerRow, type LedgerDocument } from './ledger';

type Cell = string | number | null;

/** Display width of a cell in "characters" as Excel counts them: a CJK character is two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\u9fff\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Column widths fitting the header and the longest cell, between 6 and 60 characters. */
function widths(rows: readonly Cell[][]): { width: number }[] {
  const n = rows[0]?.length ?? 0;
  const out: { width: number }[] = [];
  for (let c = 0; c < n; c++) {
    let w = 6;
    for (const r of rows) w = Math.max(w, displayWidth(String(r[c] ?? '')) + 2);
    out.push({ width: Math.min(60, w) });
  }
  return out;
}

/** How a citation is used, in the words of the card (the catalog's zh cdRel*). */
export const RELATION_WORD: Record<Citation['relation'], string> = {
  implements: '贯彻落实',
  basis: '依据',
  follows: '按照',
  refers: '参照',
  transmits: '转发',
  mentions: '提及',
};

const DOC_COLUMNS = ['标题', '发文字号', '发文机关', '层级', '成文日期', '措施数', '网址'];
const CITE_COLUMNS = ['文件', '引用文件', '发文字号', '关系', '原文', '措施'];

export interface WorkbookInput {
  rows: readonly CrossLedgerRow[];
  documents: readonly LedgerDocument[];
}

/** The three sheets' cells (header row first): what the workbook holds, for tests and writers. */
function workbookSheets({ rows, documents }: WorkbookInput): { name: string; cells: Cell[][] }[] {
  const titles = new Map(documents.map((d) => [d.id, d.docNumber ?? d.title ?? d.id]));
  const ledger: Cell[][] = [LEDGER_COLUMNS.map(([, h]) => h), ...rows.map(ledgerCells)];
  const docs: Cell[][] = [
    DOC_COLUMNS,
    ...documents.map((d) => [
      d.title,
      d.docNumber,
      d.issuer,
      LEVEL_WORD[issuerLevel(d.issuer ?? d.entry.meta.issuer)] || null,
      d.date,
      d.entry.measureCount,
      d.url ?? null,
    ]),
  ];
  const cites: Cell[][] = [
    CITE_COLUMNS,
    ...documents.flatMap((d) =>
      d.entry.citations.map((c) => [titles.get(d.id) ?? d.id, c.title, c.docNumber, RELATION_WORD[c.relation], c.verb, c.measureId] as Cell[]),
    ),
  ];
  return [
    { name: '台账', cells: ledger },
    { name: '文件', cells: docs },
    { name: '引用', cells: cites },
  ];
}

/** The workbook as a Blob (application/vnd.openxmlformats-officedocument.spreadsheetml.sheet). */
export function ledgerWorkbook(input: WorkbookInput): Promise<Blob> {
  return writeXlsxFile(
    workbookSheets(input).map((s) => ({
      data: s.cells.map((r, i) => r.map((v) => (i === 0 ? { value: v ?? '', fontWeight: 'bold' as const } : v))),
      sheet: s.name,
      columns: widths(s.cells),
      stickyRowsCount: 1,
    })),
  ).toBlob();
}
