import { describe, it, expect } from 'vitest';
import { lookupUnit, canonicalUnit } from '../../../lib/analysis/gazetteer';
import { run, own } from './helpers';

describe('gazetteer', () => {
  it('maps abbreviations to canonical names', () => {
    expect(canonicalUnit('发展改革委')).toBe('国家发展和改革委员会');
    expect(canonicalUnit('人力资源社会保障部')).toBe('人力资源和社会保障部');
    expect(canonicalUnit('网信办')).toBe('国家互联网信息办公室');
    expect(canonicalUnit('省发展改革委')).toBeNull();
  });
  it('resolves names that meant different bodies by the document date', () => {
    expect(canonicalUnit('广电总局', '2010-05-01')).toBe('国家广播电影电视总局');
    expect(canonicalUnit('广电总局', '2019-03-01')).toBe('国家广播电视总局');
    expect(canonicalUnit('中央网信办', '2016-01-01')).toBe('中央网络安全和信息化领导小组办公室');
    expect(canonicalUnit('中央网信办', '2020-01-01')).toBe('中央网络安全和信息化委员会办公室');
    expect(lookupUnit('工业和信 息化部')?.via).toBe('canonical');
  });
});

describe('assignments', () => {
  it('State Council 下同 chain: first listed leads, following siblings without a clause inherit', () => {
    const m = run([
      '国务院关于推进物流降本增效的意见',
      '二、重点任务',
      '（一）优化运输结构。推进大宗货物运输“公转铁”。（交通运输部、发展改革委、铁路局等负责，列第一位者为牵头部门，下同）',
      '（二）降低物流收费。清理规范港口收费。',
      '（三）推进信息共享。建设物流公共信息平台。',
      '（四）完善支持政策。（财政部、税务总局负责）',
      '（五）加强用地保障。',
    ]);
    const a1 = own(m, '2.1');
    expect(a1).toHaveLength(1);
    expect(a1[0]!.rule).toBe('first-listed');
    expect(a1[0]!.lead).toEqual(['交通运输部']);
    expect(a1[0]!.units).toEqual(['交通运输部', '发展改革委', '铁路局']);
    expect(a1[0]!.canonical).toEqual(['交通运输部', '国家发展和改革委员会', '国家铁路局']);
    expect(a1[0]!.mentions.map((x) => x.role)).toEqual(['lead', 'co', 'co']);
    for (const id of ['2.2', '2.3']) {
      const inh = m.assignments.filter((a) => a.measureId === id);
      expect(inh).toHaveLength(1);
      expect(inh[0]!.inherited).toBe(true);
      expect(inh[0]!.lead).toEqual(['交通运输部']);
      expect(inh[0]!.mentions).toEqual([]);
    }
    // (四) has its own clause: the convention makes 财政部 lead; the chain stops there.
    const a4 = own(m, '2.4');
    expect(a4[0]!.rule).toBe('first-listed');
    expect(a4[0]!.lead).toEqual(['财政部']);
    expect(m.assignments.filter((a) => a.measureId === '2.5')).toEqual([]);
  });

  it('without a stated convention a multi-unit 负责 has no lead; a single unit leads', () => {
    const m = run(['一、重点任务', '（一）建设计量数据库。（市场监管总局、国家数据局按职责分工负责）', '（二）推动应用。（工业和信息化部负责）']);
    const a = own(m, '1.1')[0]!;
    expect(a.rule).toBe('responsible-only');
    expect(a.lead).toEqual([]);
    expect(a.canonical).toEqual(['国家市场监督管理总局', '国家数据局']);
    expect(own(m, '1.2')[0]).toMatchObject({ rule: 'single', lead: ['工业和信息化部'] });
  });

  it('共同牵头 makes every listed unit lead and applies to the children', () => {
    const m = run([
      '（二）“互联网+”协同制造。',
      '推动互联网与制造业融合。（工业和信息化部、发展改革委、科技部共同牵头）',
      '1.大力发展智能制造。以智能工厂为发展方向。',
      '2.发展大规模个性化定制。',
    ]);
    const a = own(m, '2')[0]!;
    expect(a.rule).toBe('joint-lead');
    expect(a.lead).toEqual(['工业和信息化部', '发展改革委', '科技部']);
    expect(m.assignments.filter((x) => x.inherited).map((x) => x.measureId)).toEqual(['2.1', '2.2']);
  });

  it('X牵头，Y、Z按职责分工负责 / X牵头，Y参与 / 由X牵头', () => {
    const m = run([
      '一、优化运输结构。（交通运输部牵头，国家发展改革委、国家铁路局、中国铁路总公司按职责分工负责）',
      '二、推进数据共享。省发展改革委牵头，省科技厅、省经信厅参与，2020年底前完成。',
      '三、强化保障。由市财政局牵头，会同市税务局制定配套政策。',
    ]);
    const a1 = own(m, '1')[0]!;
    expect(a1.rule).toBe('lead-marker');
    expect(a1.lead).toEqual(['交通运输部']);
    expect(a1.units).toHaveLength(4);
    expect(a1.canonical[3]).toBe('中国铁路总公司');
    const a2 = own(m, '2')[0]!;
    expect(a2.lead).toEqual(['省发展改革委']);
    expect(a2.units).toEqual(['省发展改革委', '省科技厅', '省经信厅']);
    expect(a2.canonical).toEqual([null, null, null]);
    const a3 = own(m, '3')[0]!;
    expect(a3.lead).toEqual(['市财政局']);
  });

  it('provincial 牵头单位：…；责任单位：… lines, 【牵头单位】 style and collective units', () => {
    const text = [
      '二、主要任务',
      '（一）建设统一的政务服务平台。整合分散的办事系统。',
      '牵头单位：省政务管理办；责任单位：省发展改革委、省经信厅',
      '（二）优化服务流程。推行一网受理。',
      '牵头单位：省政务管理办',
      '责任单位：省市场监管局、各市、州、县人民政府',
      '（三）实施基础类改造。',
      '【牵头单位】区住建局、区民政局【配合单位】区发改局、各街道',
      '（四）加强统筹。各地、各有关部门要加强协调。',
    ].join('\n');
    const m = run(text);
    const a1 = own(m, '2.1')[0]!;
    expect(a1.rule).toBe('lead-marker');
    expect(a1.lead).toEqual(['省政务管理办']);
    expect(a1.units).toEqual(['省政务管理办', '省发展改革委', '省经信厅']);
    const a2 = own(m, '2.2')[0]!;
    expect(a2.units).toEqual(['省政务管理办', '省市场监管局', '各市、州、县人民政府']);
    const a3 = own(m, '2.3')[0]!;
    expect(a3.lead).toEqual(['区住建局', '区民政局']);
    expect(a3.units).toEqual(['区住建局', '区民政局', '区发改局', '各街道']);
    // mention spans point at the original text
    const men = a3.mentions[2]!;
    expect(text.slice(men.start, men.end)).toBe('区发改局');
    // vague collectives in prose are not assignments
    expect(m.assignments.filter((a) => a.measureId === '2.4')).toEqual([]);
  });

  it('task-division table rows with \\t cells become measures with lead-column assignments', () => {
    const m = run([
      '武汉市优化营商环境重点任务分工方案',
      '序号\t重点任务\t牵头单位\t配合单位\t完成时限',
      '1\t压减企业开办时间。将开办时间压减至3个工作日以内。\t市市场监管局\t市公安局、市税务局\t2020年3月底前',
      '2\t降低企业用电成本\t市发展改革委\t国网武汉供电公司\t每季度',
      '3\t加强知识产权保护\t市市场监管局\t市中级人民法院\t长期坚持',
    ]);
    expect(m.measures.map((x) => [x.id, x.title])).toEqual([
      ['1', '压减企业开办时间'],
      ['2', '降低企业用电成本'],
      ['3', '加强知识产权保护'],
    ]);
    const a = own(m, '1')[0]!;
    expect(a.rule).toBe('lead-column');
    expect(a.lead).toEqual(['市市场监管局']);
    expect(a.units).toEqual(['市市场监管局', '市公安局', '市税务局']);
    expect(m.deadlines.map((d) => [d.measureId, d.kind, d.text, d.date])).toEqual([
      ['1', 'by', '2020年3月底前', '2020-03-31'],
      ['2', 'recurring', '每季度', null],
      ['3', 'ongoing', '长期坚持', null],
    ]);
  });

  it('traditional-script text: 牽頭 / 負責 / 列第一位者為牽頭部門', () => {
    const m = run([
      '國務院關於進一步推進物流降本增效的通知',
      '一、優化運輸結構。（交通運輸部牽頭，國家發展改革委、國家鐵路局按職責分工負責）',
      '二、降低物流收費。（國家發展改革委、交通運輸部負責，列第一位者為牽頭部門）',
      '三、完善支持政策。（財政部、稅務總局負責）',
    ]);
    expect(own(m, '1')[0]!.lead).toEqual(['交通運輸部']);
    expect(own(m, '1')[0]!.canonical).toEqual(['交通运输部', '国家发展和改革委员会', '国家铁路局']);
    expect(own(m, '2')[0]!.lead).toEqual(['國家發展改革委']);
    expect(own(m, '3')[0]!).toMatchObject({ rule: 'first-listed', lead: ['財政部'] });
    expect(m.meta.title).toBe('國務院關於進一步推進物流降本增效的通知');
  });

  it('prose mentioning 牵头 or a unit is not a clause', () => {
    const m = run([
      '一、强化协同',
      '要发挥行业协会牵头作用，鼓励企业参与标准制定。领导小组办公室设在区住建局，负责日常协调推进。',
      '二、完善机制',
      '由省发展改革委牵头，会同有关部门制定实施细则。',
    ]);
    expect(m.assignments.map((a) => [a.measureId, a.lead])).toEqual([['2', ['省发展改革委']]]);
  });
});
