import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis/index';
import { buildPdfModel } from '../../../lib/pdf/model';
import type { PdfTextItem } from '../../../lib/pdf/types';
import { page, run } from './helpers';

// A 分工表 as a PDF draws it: no rulings, only positions. Columns start at these x.
const X = { no: 90, task: 120, lead: 290, units: 370, due: 480 };
const header = (y: number) => [
  run('序号', X.no, y),
  run('重点任务', X.task, y),
  run('牵头单位', X.lead, y),
  run('责任单位', X.units, y),
  run('完成时限', X.due, y),
];

/** Top-aligned rows (as Word prints them): each cell's lines from the row's top, 16 points apart. */
function row(y: number, no: string, task: string[], lead: string, units: string[], due: string): PdfTextItem[] {
  return [
    run(no, X.no, y),
    ...task.map((t, i) => run(t, X.task, y + 16 * i)),
    run(lead, X.lead, y),
    ...units.map((u, i) => run(u, X.units, y + 16 * i)),
    run(due, X.due, y),
  ];
}

const TASK1 = ['压减企业开办时间，全流程压减', '至1个工作日以内。'];
const TABLE = [
  ...header(100),
  ...row(130, '1', TASK1, '市市场监管局', ['市公安局', '市税务局'], '2020年3月底前'),
  ...row(180, '2', ['推行审批“一张表单”。'], '市住建局', ['市政务服务管理局'], '2020年6月底前'),
  ...row(214, '3', ['降低企业用电成本。'], '市发展改革委', ['国网供电公司'], '每季度'),
];

function cells(text: string, grid: number[][]): string[][] {
  return grid.map((r) => {
    const out: string[] = [];
    for (let i = 0; i < r.length; i += 2) out.push(r[i]! < 0 ? '' : text.slice(r[i]!, r[i + 1]!));
    return out;
  });
}

describe('tables from positions', () => {
  it('rows and cells come back as lines of tab-separated cells, with the grid in text offsets', () => {
    const m = buildPdfModel([page(TABLE)]);
    expect(m.text.split('\n')).toEqual([
      '序号\t重点任务\t牵头单位\t责任单位\t完成时限',
      '1\t压减企业开办时间，全流程压减至1个工作日以内。\t市市场监管局\t市公安局 市税务局\t2020年3月底前',
      '2\t推行审批“一张表单”。\t市住建局\t市政务服务管理局\t2020年6月底前',
      '3\t降低企业用电成本。\t市发展改革委\t国网供电公司\t每季度',
    ]);
    expect(m.tables).toHaveLength(1);
    expect(cells(m.text, m.tables[0]!.rows)[1]).toEqual([
      '1',
      '压减企业开办时间，全流程压减至1个工作日以内。',
      '市市场监管局',
      '市公安局 市税务局',
      '2020年3月底前',
    ]);
  });

  it('the engine reads the table: each row a measure, its 牵头单位 the lead, its 完成时限 the deadline', () => {
    const m = buildPdfModel([page(TABLE)]);
    const model = analyze({ text: m.text, tables: m.tables, force: true, today: '2020-03-01' });
    const byRow = (id: string) => model.assignments.filter((a) => model.measures.find((x) => x.id === a.measureId)?.marker === id);
    expect(byRow('1').flatMap((a) => a.lead)).toEqual(['市市场监管局']);
    expect(byRow('1').flatMap((a) => a.units)).toEqual(expect.arrayContaining(['市市场监管局', '市公安局', '市税务局']));
    expect(byRow('3').flatMap((a) => a.lead)).toEqual(['市发展改革委']);
    expect(model.deadlines.map((d) => d.text)).toEqual(expect.arrayContaining(['2020年3月底前', '2020年6月底前', '每季度']));
  });

  it('vertically centred cells of different heights are one row (序号 and units centred on a two-line task)', () => {
    const items = [
      ...header(100),
      run('1', X.no, 138),
      run(TASK1[0]!, X.task, 130),
      run(TASK1[1]!, X.task, 146),
      run('市市场监管局', X.lead, 138),
      run('市公安局', X.units, 122),
      run('市税务局', X.units, 138),
      run('市商务局', X.units, 154),
      run('2020年3月底前', X.due, 138),
      ...row(190, '2', ['推行审批“一张表单”。'], '市住建局', ['市政务服务管理局'], '2020年6月底前'),
      ...row(220, '3', ['降低企业用电成本。'], '市发展改革委', ['国网供电公司'], '每季度'),
    ];
    const m = buildPdfModel([page(items)]);
    expect(cells(m.text, m.tables[0]!.rows)[1]).toEqual([
      '1',
      '压减企业开办时间，全流程压减至1个工作日以内。',
      '市市场监管局',
      '市公安局 市税务局 市商务局',
      '2020年3月底前',
    ]);
  });

  it('a line whose cells fall in some columns only, just below a row, continues that row', () => {
    const items = [...TABLE.filter((it) => it.str !== '市税务局'), run('（按季度）', X.due, 146), run('市税务局', X.units, 146)];
    const rows = cells(buildPdfModel([page(items)]).text, buildPdfModel([page(items)]).tables[0]!.rows);
    expect(rows).toHaveLength(4);
    expect(rows[1]![3]).toBe('市公安局 市税务局');
    // (the deadline fills its column: a wrap, joined without a space)
    expect(rows[1]![4]).toBe('2020年3月底前（按季度）');
  });

  it('a row continued at the top of the next page is the same row; the table goes on', () => {
    // (the units column is wider than 市公安局: its header says so)
    const p1 = [
      ...header(100).filter((it) => it.str !== '责任单位'),
      run('责任单位和配合单位', X.units, 100),
      ...row(130, '1', [TASK1[0]!], '市市场监管局', ['市公安局'], '2020年3月底前'),
    ];
    const p2 = [
      run(TASK1[1]!, X.task, 80),
      run('市税务局', X.units, 80),
      ...row(110, '2', ['推行审批“一张表单”。'], '市住建局', ['市政务服务管理局'], '2020年6月底前'),
    ];
    const m = buildPdfModel([page(p1), page(p2)]);
    expect(m.tables).toHaveLength(1);
    const rows = cells(m.text, m.tables[0]!.rows);
    expect(rows.map((r) => r[0])).toEqual(['序号', '1', '2']);
    expect(rows[1]![1]).toBe('压减企业开办时间，全流程压减至1个工作日以内。');
    expect(rows[1]![3]).toBe('市公安局 市税务局');
  });

  it('two lines with a wide gap are no table; nor is text around a table', () => {
    const items = [run('来源：市政府办公室', 90, 60), run('发布日期：2020-03-16', 300, 60), ...TABLE, run('各单位要按照完成时限抓好落实。', 90, 300)];
    const m = buildPdfModel([page(items)]);
    expect(m.tables).toHaveLength(1);
    expect(m.text.split('\n')[0]).toBe('来源：市政府办公室 发布日期：2020-03-16');
    expect(m.text.split('\n').at(-1)).toBe('各单位要按照完成时限抓好落实。');
  });
});
