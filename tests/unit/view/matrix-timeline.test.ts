import { describe, it, expect } from 'vitest';
import { seedFixture } from '../components/fixtures/seed-model';
import { buildViewIndex } from '../../../lib/view/model-index';
import { buildMatrix, compactPath, defaultMatrixLevel } from '../../../lib/view/matrix';
import { buildTimeline } from '../../../lib/view/timeline';
import { visibleRows } from '../../../lib/view/tree';
import { buildModelFromOutline } from '../../fixtures/model/generate';
import { daysBetween, isIsoDate } from '../../../lib/view/dates';

const { model } = seedFixture();
const index = buildViewIndex(model);

describe('buildMatrix', () => {
  it('level 2 by default: columns are the eight 重点行动 sections; empty 行动要求 sections left out', () => {
    expect(defaultMatrixLevel(index)).toBe(2);
    const m = buildMatrix(index);
    expect(m.columns.map((c) => c.label)).toEqual(['二(一)', '二(二)', '二(三)', '二(四)', '二(五)', '二(六)', '二(七)', '二(八)']);
  });

  it('sorts by number of measures led: 发展改革委 first (leads (一)(二)(六)(七)(八))', () => {
    const m = buildMatrix(index, { sort: 'led' });
    expect(m.rows[0]!.label).toBe('发展改革委');
    expect(m.rows[0]!.led).toBe(5);
    const miit = m.rows.find((r) => r.key === '工业和信息化部')!;
    expect(miit.led).toBe(1);
    expect(miit.involved).toBe(6);
    const col2 = m.columns.findIndex((c) => c.id === '2.2');
    expect(miit.cells[col2]).toEqual({ role: 'lead', word: '牵头', inherited: false, targetId: '2.2' });
    const col3 = m.columns.findIndex((c) => c.id === '2.3');
    expect(miit.cells[col3]).toBeNull();
    const col1 = m.columns.findIndex((c) => c.id === '2.1');
    expect(miit.cells[col1]?.role).toBe('co');
    // rows are sorted: led counts never increase
    for (let i = 1; i < m.rows.length; i++) expect(m.rows[i]!.led).toBeLessThanOrEqual(m.rows[i - 1]!.led);
  });

  it('level 1 aggregates: one column 二 where every unit appears', () => {
    const m = buildMatrix(index, { level: 1, sort: 'document' });
    expect(m.columns.map((c) => c.id)).toEqual(['2']);
    expect(m.rows[0]!.label).toBe('发展改革委');
    expect(m.rows.find((r) => r.label === '农业部')!.cells[0]!.role).toBe('lead');
    expect(m.rows.find((r) => r.label === '海关总署')!.cells[0]!.role).toBe('co');
  });

  it('compactPath handles 章/条 and full-width markers', () => {
    expect(compactPath('二、（三） 3.')).toBe('二(三)3');
    expect(compactPath('第二章 第五条')).toBe('二五');
  });
});

const dl = (text: string, date: string | null, kind: 'by' | 'from' | 'period' | 'recurring' | 'ongoing' | 'relative') => ({ text, date, kind });
const timelineModel = buildModelFromOutline(
  [
    {
      marker: '一、',
      markerKind: 'cn',
      ordinal: 1,
      title: '加快数字政府建设',
      clause: { units: ['国务院办公厅', '发展改革委'], lead: ['国务院办公厅'], rule: 'first-listed', inheritToChildren: true },
      children: [
        {
          marker: '（一）',
          markerKind: 'paren-cn',
          ordinal: 1,
          title: '推进政务服务一网通办',
          body: '2022年底前,全面实现…',
          deadlines: [dl('2022年底前', '2022-12-31', 'by')],
        },
        { marker: '（二）', markerKind: 'paren-cn', ordinal: 2, title: '建立评估机制', body: '每年开展一次评估。', deadlines: [dl('每年', null, 'recurring')] },
        {
          marker: '（三）',
          markerKind: 'paren-cn',
          ordinal: 3,
          title: '完善标准体系',
          body: '2024—2026年,分步实施。',
          deadlines: [{ ...dl('2024—2026年', '2026-12-31', 'period'), startDate: '2024-01-01' }],
        },
        {
          marker: '（四）',
          markerKind: 'paren-cn',
          ordinal: 4,
          title: '加强安全保障',
          body: '长期坚持。三年内建成。',
          deadlines: [dl('长期坚持', null, 'ongoing'), dl('三年内', null, 'relative')],
        },
        {
          marker: '（五）',
          markerKind: 'paren-cn',
          ordinal: 5,
          title: '开展试点',
          body: '2021年6月底前完成试点。',
          deadlines: [dl('2021年6月底前', '2021-06-30', 'by')],
        },
      ],
    },
  ],
  { title: '国务院办公厅关于加快推进数字政府建设的指导意见' },
);

describe('buildTimeline', () => {
  const idx = buildViewIndex(timelineModel.model);
  it('splits past and upcoming relative to today, in date order, with lead units', () => {
    const t = buildTimeline(idx, '2023-03-01');
    expect(t.past.map((i) => i.deadline.text)).toEqual(['2021年6月底前', '2022年底前']);
    expect(t.upcoming.map((i) => i.deadline.text)).toEqual(['2024—2026年']);
    expect(t.upcoming[0]!.days).toBe(daysBetween('2023-03-01', '2026-12-31'));
    expect(t.past[1]!.lead).toEqual(['国务院办公厅']);
    expect(t.past[1]!.measurePath).toBe('一、（一）');
    expect(t.recurring.map((i) => i.deadline.text)).toEqual(['每年']);
    expect(t.ongoing.map((i) => i.deadline.text)).toEqual(['长期坚持']);
    expect(t.undated.map((i) => i.deadline.text)).toEqual(['三年内']);
  });
  it('moves items between past and upcoming as today moves; today itself is upcoming', () => {
    const t = buildTimeline(idx, '2021-06-30');
    expect(t.past).toHaveLength(0);
    expect(t.upcoming[0]!.days).toBe(0);
  });
  it('seed: 到2018年 past and 到 2025 年 upcoming in 2020', () => {
    const t = buildTimeline(index, '2020-01-01');
    expect(t.past.map((i) => i.date)).toEqual(['2018-12-31']);
    expect(t.upcoming.map((i) => i.date)).toEqual(['2025-12-31']);
    expect(t.upcoming[0]!.lead).toEqual([]);
  });
  it('rejects a bad today', () => {
    expect(() => buildTimeline(idx, 'today')).toThrow(/YYYY-MM-DD/);
  });
});

describe('visibleRows', () => {
  it('renders only expanded subtrees and gives ARIA positions', () => {
    const rows = visibleRows(index, (id) => id === '2');
    expect(rows.map((r) => r.id)).toEqual(['1', '2', '2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8']);
    const r22 = rows.find((r) => r.id === '2.2')!;
    expect([r22.depth, r22.posInSet, r22.setSize, r22.childCount, r22.expanded]).toEqual([2, 2, 8, 4, false]);
  });
  it('limits to a visible set', () => {
    const rows = visibleRows(index, () => true, new Set(['2', '2.2', '2.2.1']));
    expect(rows.map((r) => [r.id, r.setSize])).toEqual([
      ['2', 1],
      ['2.2', 1],
      ['2.2.1', 1],
    ]);
  });
});

describe('dates', () => {
  it('validates calendar dates', () => {
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('2023-02-29')).toBe(false);
    expect(daysBetween('2015-12-31', '2016-01-01')).toBe(1);
  });
});
