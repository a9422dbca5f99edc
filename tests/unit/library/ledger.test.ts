import { describe, expect, it, vi } from 'vitest';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyze } from '../../../lib/analysis';
import { crossLedger, issuerLevel } from '../../../lib/library/ledger';
import { libraryEntry } from '../../../lib/library/entry';
import { buildLedgerOf, main, writeLedger } from '../../../tools/ledger';
import { CORPUS_DIR } from '../../../tools/eval';
import { parseCsv } from '../../support/csv';
import ExcelJS from 'exceljs';

describe('issuer levels', () => {
  it.each([
    ['国务院', 'central'],
    ['国务院办公厅', 'central'],
    ['工业和信息化部办公厅', 'central'],
    ['国家发展改革委', 'central'],
    ['湖北省人民政府办公厅', 'provincial'],
    ['广西壮族自治区人民政府', 'provincial'],
    ['上海市人民政府', 'provincial'],
    ['上海市浦东新区人民政府', 'county'],
    ['广州市人民政府', 'municipal'],
    ['江苏省淮安市人民政府', 'municipal'],
    ['东莞市人民政府', 'municipal'],
    ['大竹县人民政府办公室', 'county'],
    ['杭州市西湖区人民政府办公室', 'county'],
    ['', 'unknown'],
  ])('%s → %s', (issuer, level) => expect(issuerLevel(issuer)).toBe(level));
});

describe('the ledger across documents', () => {
  const text =
    '国务院关于推进工作的意见\n国发〔2025〕1号\n一、重点任务\n（一）推进改革。（发展改革委牵头，财政部配合，2026年底前完成）\n（二）加强保障。每年开展评估。\n国务院\n2025年1月2日';
  it('one row per (measure, unit, role, deadline), units by canonical name, statuses kept', () => {
    const model = analyze({ text, today: '2026-12-02' });
    const rows = crossLedger([
      {
        id: 'd1',
        title: model.meta.title,
        docNumber: '国发〔2025〕1号',
        issuer: '国务院',
        date: '2025-01-02',
        entry: libraryEntry('d1', '', model),
        statuses: { [model.measures[1]!.id]: 'done' },
      },
    ]);
    const reform = rows.filter((r) => r.measureTitle.startsWith('推进改革'));
    expect(reform.map((r) => [r.unit, r.unitAsWritten, r.role, r.due, r.status])).toEqual([
      ['国家发展和改革委员会', '发展改革委', 'lead', '2026-12-31', 'done'],
      ['财政部', '财政部', 'co', '2026-12-31', 'done'],
    ]);
    // a deadline and no unit: one row, unit null
    expect(rows.filter((r) => r.measureTitle.startsWith('加强保障')).map((r) => [r.unit, r.deadline])).toEqual([[null, '每年']]);
    expect(new Set(rows.map((r) => r.level))).toEqual(new Set(['central']));
  });
});

describe('npm run ledger (tools/ledger.ts)', () => {
  it('analyses a folder in worker threads, reports a bad file and goes on, writes CSV and JSONL', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pl-ledger-'));
    try {
      mkdirSync(join(dir, 'sub'));
      copyFileSync(join(CORPUS_DIR, 'docs', '12-miit-gxtgh2018-56.html'), join(dir, '12.html'));
      copyFileSync(join(CORPUS_DIR, 'docs', '17-dazhu-minsheng-fenjie.html'), join(dir, 'sub', '17.html'));
      copyFileSync(join(CORPUS_DIR, 'docs', '13-neg-miit-news.html'), join(dir, 'news.html'));
      writeFileSync(join(dir, 'broken.txt'), Buffer.from([0, 1, 2, 3]));
      const seen: number[] = [];
      const r = await buildLedgerOf(dir, { jobs: 2, progress: (d) => seen.push(d) });
      expect(r.files).toBe(4);
      expect(seen).toEqual([1, 2, 3, 4]);
      expect(r.failed).toEqual([{ file: 'broken.txt', reason: expect.stringMatching(/binary file/) }]);
      // the news page is not a policy: no rows of it
      expect(new Set(r.rows.map((x) => x.docId))).toEqual(new Set(['12.html', join('sub', '17.html')]));
      expect(r.rows.some((x) => x.docId === join('sub', '17.html') && x.role === 'lead')).toBe(true);
      expect(r.citations.filter((c) => c.docId === '12.html').map((c) => c.docNumber)).toEqual(['国办发〔2016〕82号', '国办督函〔2018〕12号', null]);
      const [csv, cites] = await writeLedger(r, join(dir, 'out.csv'));
      const table = parseCsv(readFileSync(csv!, 'utf8').replace(/^\uFEFF/, ''));
      expect(table[0]).toEqual([
        '发文字号',
        '文件',
        '发文机关',
        '层级',
        '成文日期',
        '措施',
        '措施标题',
        '单位',
        '原文',
        '现承担单位',
        '角色',
        '完成时限',
        '到期日',
        '状态',
        '行动领域',
      ]);
      expect(table.length - 1).toBe(r.rows.length);
      expect(parseCsv(readFileSync(cites!, 'utf8').replace(/^\uFEFF/, '')).length - 1).toBe(r.citations.length);
      const [jsonl] = await writeLedger(r, join(dir, 'out.jsonl'));
      const lines = readFileSync(jsonl!, 'utf8')
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l));
      expect(lines.filter((l) => l.kind === 'row')).toHaveLength(r.rows.length);
      expect(lines.filter((l) => l.kind === 'citation')).toHaveLength(r.citations.length);
      await expect(writeLedger(r, join(dir, 'out.ods'))).rejects.toThrow(/\.xlsx, \.csv or \.jsonl/);
      // the workbook, read back with an independent reader (exceljs)
      const [xlsx] = await writeLedger(r, join(dir, 'out.xlsx'));
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(xlsx!);
      expect(wb.worksheets.map((w) => w.name)).toEqual(['台账', '文件', '引用']);
      const sheet = wb.getWorksheet('台账')!;
      expect(sheet.rowCount).toBe(r.rows.length + 1);
      expect(sheet.views[0]).toMatchObject({ state: 'frozen', ySplit: 1 });
      expect((sheet.getRow(1).values as unknown[]).slice(1)).toEqual(table[0]);
      // the same cells as the CSV, row by row
      for (const i of [2, Math.floor(table.length / 2), table.length]) {
        const cells = table[0]!.map((_, c) => String(sheet.getRow(i).getCell(c + 1).value ?? ''));
        expect(cells).toEqual(table[i - 1]);
      }
      expect(wb.getWorksheet('引用')!.rowCount).toBe(r.citations.length + 1);
      // widths fit the Chinese text: a CJK character counts two, capped at 60
      const longestTitle = Math.max(...r.rows.map((x) => (x.title ?? '').length));
      expect(sheet.getColumn(2).width).toBe(Math.min(60, 2 * longestTitle + 2));
      expect(sheet.getColumn(13).width).toBe(12); // 到期日: "2026-12-31" is 10 characters
      expect(wb.getWorksheet('文件')!.getRow(2).getCell(4).value).toMatch(/^(中央|县级)$/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }, 60_000);

  it('bad arguments stop before any analysis, with the reason (exit 2)', async () => {
    const errors: string[] = [];
    const spy = vi.spyOn(console, 'error').mockImplementation((m: unknown) => void errors.push(String(m)));
    try {
      expect(await main(['/no/such/folder'])).toBe(2);
      expect(await main([CORPUS_DIR, '--out', '/no/such/folder/ledger.csv'])).toBe(2);
      expect(await main([CORPUS_DIR, '--out', 'ledger.ods'])).toBe(2);
      expect(await main([CORPUS_DIR, '--jobs', '0'])).toBe(2);
      expect(errors[0]).toMatch(/^cannot read \/no\/such\/folder/);
      expect(errors[1]).toMatch(/^cannot write .*no such folder/);
      expect(errors[2]).toMatch(/\.xlsx, \.csv or \.jsonl/);
      expect(errors[3]).toMatch(/^usage:/);
    } finally {
      spy.mockRestore();
    }
  });
});
