import { describe, it, expect } from 'vitest';
import { seedFixture } from '../components/fixtures/seed-model';
import { buildViewIndex, unitDisplayName } from '../../../lib/view/model-index';
import { EMPTY_FILTER, filterMeasures, isFilterActive } from '../../../lib/view/filter';
import { searchKey } from '../../../lib/text/search';
import { generateLargeModel, buildModelFromOutline } from '../../fixtures/model/generate';

const { model, measureTexts, text } = seedFixture();
const index = buildViewIndex(model);
const today = '2016-06-01';
const ids = (s: Set<string>) => [...s].sort();

describe('buildViewIndex', () => {
  it('merges short and full forms by canonical name and counts roles', () => {
    const ndrc = index.units.find((u) => u.key === '国家发展和改革委员会')!;
    expect(ndrc).toBeDefined();
    expect(ndrc.labels[0]).toBe('发展改革委');
    expect(unitDisplayName(ndrc)).toBe('国家发展和改革委员会（发展改革委）');
    // the OCR-split "工业和信 息化部" in (八) is the same unit
    const miit = index.units.filter((u) => u.key.includes('工业和信'));
    expect(miit).toHaveLength(1);
  });

  it("gives items of (二) the units of (二)'s 共同牵头 clause as inherited", () => {
    const n = index.nodes.get('2.2.3')!;
    expect(n.units.map((u) => [u.label, u.role, u.inherited])).toEqual([
      ['工业和信息化部', 'lead', true],
      ['发展改革委', 'lead', true],
      ['科技部', 'lead', true],
    ]);
    expect(index.nodes.get('2.2')!.units.every((u) => !u.inherited)).toBe(true);
    expect(index.nodes.get('2.1.2')!.units.find((u) => u.role === 'lead')?.label).toBe('发展改革委');
    expect(index.nodes.get('2.4.1')!.effectiveAreas).toEqual(['“互联网+”智慧能源']);
  });

  it('treats 国家发展改革委 in one clause and 发展改革委 in another as one unit', () => {
    const built = buildModelFromOutline(
      [
        {
          marker: '一、',
          markerKind: 'cn',
          ordinal: 1,
          title: '任务A',
          clause: { units: ['国家发展改革委', '财政部'], lead: ['国家发展改革委'], rule: 'first-listed' },
        },
        { marker: '二、', markerKind: 'cn', ordinal: 2, title: '任务B', clause: { units: ['财政部', '发展改革委'], lead: ['财政部'], rule: 'first-listed' } },
      ],
      { title: 't' },
    );
    const idx = buildViewIndex(built.model);
    const u = idx.units.find((x) => x.key === '国家发展和改革委员会')!;
    expect(u.measures).toBe(2);
    expect(u.led).toBe(1);
    const r = filterMeasures(idx, { unit: u.key, unitRole: 'any' }, { today });
    expect(ids(r.matched)).toEqual(['1', '2']);
  });
});

describe('filterMeasures', () => {
  it('no criteria: inactive, everything visible', () => {
    const r = filterMeasures(index, EMPTY_FILTER, { today });
    expect(r.active).toBe(false);
    expect(r.visible.size).toBe(model.measures.length);
    expect(isFilterActive({ query: '   ' })).toBe(false);
  });

  it('工业和信息化部 as lead: (二) with its items and its ancestor 二、 only', () => {
    const r = filterMeasures(index, { unit: '工业和信息化部', unitRole: 'lead' }, { today });
    expect(ids(r.matched)).toEqual(['2.2', '2.2.1', '2.2.2', '2.2.3', '2.2.4']);
    expect(ids(r.visible)).toEqual(['2', '2.2', '2.2.1', '2.2.2', '2.2.3', '2.2.4']);
  });

  it('工业和信息化部 in any role adds the sections where it is 参与', () => {
    const r = filterMeasures(index, { unit: '工业和信息化部', unitRole: 'any' }, { today });
    for (const id of ['2.1', '2.1.3', '2.2', '2.4', '2.5', '2.6', '2.8', '2.8.4']) expect(r.matched.has(id)).toBe(true);
    for (const id of ['2.3', '2.3.1', '2.7', '1', '1.3']) expect(r.visible.has(id)).toBe(false);
  });

  it('year and due filters use the normalized dates against today', () => {
    expect(ids(filterMeasures(index, { year: 2025 }, { today }).matched)).toEqual(['1.3']);
    expect(ids(filterMeasures(index, { year: 2019 }, { today }).matched)).toEqual([]);
    expect(ids(filterMeasures(index, { due: 'overdue' }, { today: '2019-01-01' }).matched)).toEqual(['1.3']);
    expect(filterMeasures(index, { due: 'overdue' }, { today: '2018-06-01' }).matched.size).toBe(0);
    // 已完成 measures are not overdue
    const statuses = new Map([['1.3', '已完成' as const]]);
    expect(filterMeasures(index, { due: 'overdue' }, { today: '2019-01-01', statuses }).matched.size).toBe(0);
    expect(ids(filterMeasures(index, { due: 'within', withinDays: 30 }, { today: '2018-12-10' }).matched)).toEqual(['1.3']);
    expect(filterMeasures(index, { due: 'within', withinDays: 10 }, { today: '2018-12-10' }).matched.size).toBe(0);
  });

  it('area filter covers the items under the area heading', () => {
    const r = filterMeasures(index, { area: '“互联网+”智慧能源' }, { today });
    expect(ids(r.matched)).toEqual(['2.4', '2.4.1', '2.4.2', '2.4.3', '2.4.4']);
  });

  it('text search: titles, key terms, OCR 十 for +, spaces ignored, measure text when given', () => {
    expect(ids(filterMeasures(index, { query: '智能制造' }, { today }).matched)).toEqual(['2.2', '2.2.1']);
    // "互联网十智慧能源" typed like the OCR slip finds the normalized area
    expect(filterMeasures(index, { query: '互联网十 智慧 能源' }, { today }).matched.has('2.4')).toBe(true);
    // body text only reachable with measureTexts
    expect(filterMeasures(index, { query: '创客空间' }, { today }).matched.size).toBe(0);
    expect(ids(filterMeasures(index, { query: '创客空间' }, { today, measureTexts }).matched)).toEqual(['2.1.2']);
    // whole spans (children included), as the content script sends them, give the same matches
    const spans = Object.fromEntries(model.measures.map((m) => [m.id, text.slice(m.start, m.end)]));
    expect(spans['2']).toContain('创客空间');
    expect(ids(filterMeasures(buildViewIndex(model), { query: '创客空间' }, { today, measureTexts: spans }).matched)).toEqual(['2.1.2']);
  });

  it('criteria combine with AND', () => {
    const r = filterMeasures(index, { unit: '国家发展和改革委员会', unitRole: 'lead', query: '物流' }, { today });
    expect(ids(r.matched)).toEqual(['2.7', '2.7.1', '2.7.2', '2.7.3']);
    const none = filterMeasures(index, { unit: '国家能源局', unitRole: 'lead', query: '物流' }, { today });
    expect(none.matched.size).toBe(0);
    expect(none.visible.size).toBe(0);
  });

  it('rejects a malformed today with a clear error', () => {
    expect(() => filterMeasures(index, { year: 2018 }, { today: '2018/1/1' })).toThrow(/YYYY-MM-DD/);
  });

  it('searchKey folds full-width forms and quotes', () => {
    expect(searchKey('“互联网十” 协同　制造ＡＢ')).toBe('"互联网+"协同制造ab');
  });

  it('filters a 500-measure document quickly', () => {
    const big = generateLargeModel(500);
    expect(big.model.measures).toHaveLength(500);
    const t0 = performance.now();
    const idx = buildViewIndex(big.model);
    const unit = idx.units[0]!.key;
    const r1 = filterMeasures(idx, { unit, unitRole: 'lead' }, { today: '2020-01-01' });
    const r2 = filterMeasures(idx, { query: '数据资源', year: 2022 }, { today: '2020-01-01', measureTexts: big.measureTexts });
    const ms = performance.now() - t0;
    expect(r1.matched.size).toBeGreaterThan(0);
    expect(r2.matched.size).toBeGreaterThan(0);
    for (const id of r2.matched) expect(big.measureTexts[id]).toContain('数据资源');
    expect(ms).toBeLessThan(200);
  });
});
