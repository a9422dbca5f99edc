/**
 * The failure families of issue 12, each as a rule on text of our own (other wording, other
 * units than the real corpus); their real documents and the seed pages are scored by the eval
 * (tests/unit/eval/floor.test.ts).
 */
import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis/index';
import type { PolicyModel } from '../../../lib/analysis/types';
import { own, run } from './helpers';

/** "unit*" for leads, "unit/word" for the printed role. */
const roles = (m: PolicyModel, id: string) => own(m, id).flatMap((a) => a.units.map((u, i) => `${u}${a.lead.includes(u) ? '*' : ''}/${a.roles[i]}`));
const tree = (m: PolicyModel) => m.measures.map((x) => `${x.parentId ?? '-'}>${x.id} ${x.marker}${x.title}`);

describe('b. task tables: columns by header, sections, sub-rows, year-less dates', () => {
  it('reads 工作任务 / 牵头部门 / 协办单位 / 时间节点 columns, a section row and a sub-row', () => {
    const m = run([
      '某县人民政府办公室关于印发2023年重点工作任务分解表的通知',
      '某政办发〔2023〕5号',
      '各乡镇人民政府：',
      '现将任务分解表印发给你们。',
      '某县人民政府办公室',
      '2023年2月10日',
      '附件',
      '2023年重点工作任务分解表',
      '序号\t工作任务\t牵头部门\t协办单位\t时间节点\t备注',
      '一、城乡建设方面（共2项）',
      '1\t建成城东污水处理厂。\t县住建局\t县财政局、县生态环境分局\t6月底前\t续建',
      '\t完成管网改造12公里。\t\t各乡镇人民政府\t三季度',
      '2\t新建口袋公园5个。\t县自然资源局、县住建局\t县城管局\t年底前\t',
    ]);
    expect(tree(m)).toEqual(['->A1 一、城乡建设方面（共2项）', 'A1>A1.1 1建成城东污水处理厂', 'A1>A1.2 2新建口袋公园5个']);
    // the sub-row (empty 序号) continues item 1: its units and dates are the measure's too
    expect(roles(m, 'A1.1')).toEqual(['县住建局*/牵头', '县财政局/协办', '县生态环境分局/协办', '各乡镇人民政府/协办']);
    expect(roles(m, 'A1.2')).toEqual(['县自然资源局*/牵头', '县住建局*/牵头', '县城管局/协办']);
    expect(m.deadlines.map((d) => [d.measureId, d.text, d.date, d.anchor?.basis])).toEqual([
      ['A1.1', '6月底前', '2023-06-30', 'docDate'],
      ['A1.1', '三季度', '2023-09-30', 'docDate'],
      ['A1.2', '年底前', '2023-12-31', 'docDate'],
    ]);
  });

  it('a 责任单位 column alone: a sole unit leads, several name no lead; a 指导部门 column guides', () => {
    const m = run([
      '序号\t改革事项\t责任单位\t完成时限',
      '1\t推行告知承诺制\t市司法局\t2024年6月',
      '2\t开展联合执法\t市市场监管局、市城管局\t长期',
      '',
      '序号\t改革举措\t指导部门\t推广范围',
      '1\t一窗受理\t省政务服务中心、省数据局\t全省',
    ]);
    expect(roles(m, '1')).toEqual(['市司法局*/责任']);
    expect(roles(m, '2')).toEqual(['市市场监管局/责任', '市城管局/责任']);
    expect(m.deadlines.map((d) => [d.measureId, d.kind, d.date])).toEqual([
      ['1', 'by', '2024-06-30'],
      ['2', 'ongoing', null],
    ]);
    expect(roles(m, 'T2.1')).toEqual(['省政务服务中心/指导', '省数据局/指导']);
  });

  it('takes the grid of the page for rowspan cells: every row of a spanning 牵头单位 cell has it', () => {
    const text = '序号\t重点任务\t牵头单位\t完成时限\n1\t建设数据平台\t区数据局\t6月底前\n2\t开放数据目录\t\t9月底前';
    const lead = [text.indexOf('区数据局'), text.indexOf('区数据局') + 4];
    const cells = (line: number) => {
      const start = text.split('\n').slice(0, line).join('\n').length + (line ? 1 : 0);
      const out: number[] = [];
      let a = start;
      for (const c of text.split('\n')[line]!.split('\t')) {
        out.push(a, a + c.length);
        a += c.length + 1;
      }
      return out;
    };
    const rows = [cells(0), cells(1), cells(2)];
    rows[2]!.splice(4, 2, lead[0]!, lead[1]!); // row 2's 牵头单位 position is covered by row 1's cell
    const m = analyze({ text, tables: [{ rows }], force: true, today: '2024-03-01' });
    expect(m.assignments.filter((a) => a.lead.includes('区数据局')).map((a) => a.measureId)).toEqual(['1', '2']);
  });
});

describe('a. a table continued in a second <table> without a header (a page break in a Word export)', () => {
  it('joins the continuation to the table before it', () => {
    const lines = ['序号\t重点任务\t牵头单位\t完成时限', '1\t建设平台\t市数据局\t6月底前', '', '2\t开放目录\t市政务办\t9月底前'];
    const text = lines.join('\n');
    const grid = (from: number, to: number) => {
      const rows: number[][] = [];
      let at = lines.slice(0, from).join('\n').length + (from ? 1 : 0);
      for (let i = from; i < to; i++) {
        const row: number[] = [];
        for (const c of lines[i]!.split('\t')) {
          row.push(at, at + c.length);
          at += c.length + 1;
        }
        rows.push(row);
      }
      return { rows };
    };
    const m = analyze({ text, tables: [grid(0, 2), grid(3, 4)], force: true, today: '2024-01-01' });
    expect(m.measures.map((x) => x.id)).toEqual(['1', '2']);
    expect(m.assignments.map((a) => a.lead)).toEqual([['市数据局'], ['市政务办']]);
  });
});

describe('c. inline provincial clauses: the field family, role phrases, shared brackets', () => {
  const m = run([
    '一、重点任务',
    '1.培育龙头企业。（牵头单位：市工信局；协办单位：市财政局，各区人民政府）',
    '2.建设产业园区。（市发展改革委牵头，市自然资源局、市住建局配合）',
    '3.引进高端人才。（市人社局牵头，市科技局参与）',
    '4.优化营商环境。（责任单位：市政务服务中心、市市场监管局）',
    '5.强化金融支持。〔主责单位：市金融局　配合单位：人行市中心支行〕',
    '6.推进数字乡村。（适用范围：全市涉农乡镇；牵头部门：市农业农村局；完成时限：2025年底前）',
    '7.完善物流网络。（市商务局负责，市交通运输局配合）',
    '8.保障要素供给。（市财政局会同市税务局负责）',
  ]);
  it.each([
    ['1.1', ['市工信局*/牵头', '市财政局/协办', '各区人民政府/协办']],
    ['1.2', ['市发展改革委*/牵头', '市自然资源局/配合', '市住建局/配合']],
    ['1.3', ['市人社局*/牵头', '市科技局/参与']],
    ['1.4', ['市政务服务中心/责任', '市市场监管局/责任']],
    ['1.5', ['市金融局*/牵头', '人行市中心支行/配合']],
    ['1.6', ['市农业农村局*/牵头']],
    ['1.7', ['市商务局*/负责', '市交通运输局/配合']],
    ['1.8', ['市财政局*/负责', '市税务局/配合']],
  ])('%s', (id, want) => expect(roles(m, id)).toEqual(want));
  it('other fields in the brackets are not units, and their deadline is read', () => {
    expect(m.deadlines.map((d) => [d.measureId, d.text])).toEqual([['1.6', '2025年底前']]);
  });
  it('牵头单位/责任单位 lines after an item; a collective of bare levels stays one unit', () => {
    const t = run([
      '一、主要目标',
      '1.粮食产量稳定在50万吨。',
      '牵头单位：县农业农村局',
      '责任单位：各乡、镇，县粮食局',
      '2.新增就业2000人。',
      '责任单位：县人社局',
    ]);
    expect(roles(t, '1.1')).toEqual(['县农业农村局*/牵头', '各乡、镇/责任', '县粮食局/责任']);
    expect(roles(t, '1.2')).toEqual(['县人社局*/责任']);
  });
  it('a duty stated in prose is not an annotation; a sentence that only names units and 负责 is', () => {
    const t = run([
      '一、组织保障',
      '（一）加强领导。市政府办公室负责统筹协调全市工作，由市财政局会同有关部门制定办法。',
      '（二）压实责任。市应急局、市消防救援支队按职责分工负责。',
    ]);
    expect(own(t, '1.1')).toEqual([]);
    expect(roles(t, '1.2')).toEqual(['市应急局/负责', '市消防救援支队/负责']);
  });
});

describe('d. standing implementer rules', () => {
  it('adds the implementers to every later clause of the section and to its measures without one', () => {
    const m = run([
      '二、重点任务',
      '（一）完善规划。编制专项规划。（省发展改革委牵头，省自然资源厅参与。以下各项均由各市州人民政府负责落实，不再一一列出）',
      '（二）建设设施。建设一批冷链设施。（省商务厅指导）',
      '（三）培育主体。培育一批龙头企业。',
      '三、保障措施',
      '（一）加强组织领导。',
    ]);
    expect(roles(m, '2.1')).toEqual(['省发展改革委*/牵头', '省自然资源厅/参与']);
    const a2 = m.assignments.find((a) => a.measureId === '2.2')!;
    expect(a2.units).toEqual(['省商务厅', '各市州人民政府']);
    expect(a2).toMatchObject({ inherited: false, inheritedUnits: ['各市州人民政府'], roles: ['指导', '落实'], lead: [] });
    expect(a2.mentions.map((x) => x.text)).toEqual(['省商务厅']); // the implementer is printed in the rule, not here
    const a3 = m.assignments.find((a) => a.measureId === '2.3')!;
    expect(a3).toMatchObject({ units: ['各市州人民政府'], lead: [], rule: 'standing', inherited: true });
    expect(a3.sourceText).toBe('以下各项均由各市州人民政府负责落实，不再一一列出');
    expect(m.assignments.filter((a) => a.measureId === '3.1')).toEqual([]);
  });
});

describe('e. numbering straight through at mixed depths', () => {
  it('nests items by the heading that is open, not by the marker kind', () => {
    const m = run([
      '一、总体目标',
      '1.目标。到2025年建成。',
      '二、重点工程',
      '（一）基础设施工程',
      '2.建设道路。',
      '3.建设桥梁。',
      '（二）公共服务工程',
      '4.建设学校。',
      '三、保障措施',
      '5.加强领导。',
      '6.7个重点项目按期完工。',
    ]);
    expect(m.measures.map((x) => `${x.parentId ?? '-'}>${x.marker}`)).toEqual([
      '->一、',
      '1>1.',
      '->二、',
      '2>（一）',
      '2.1>2.',
      '2.1>3.',
      '2>（二）',
      '2.2>4.',
      '->三、',
      '3>5.',
      '3>6.',
    ]);
  });
});

describe('f. relative and year-less dates resolve against an anchor and say which', () => {
  const body = ['一、目标', '年内完成试点，三年内全面推开，9月底前出台细则，本方案印发之日起3个月内报送方案，自省政府批复之日起实施。'];
  it('the 成文日期 first', () => {
    const m = run([...body, '某市人民政府', '2022年5月10日']);
    expect(m.deadlines.map((d) => [d.text, d.date, d.anchor?.basis ?? null])).toEqual([
      ['年内', '2022-12-31', 'docDate'],
      ['三年内', '2025-05-10', 'docDate'],
      ['9月底前', '2022-09-30', 'docDate'],
      ['本方案印发之日起3个月内', '2022-08-10', 'docDate'],
      ['自省政府批复之日起', null, null],
    ]);
  });
  it('else the plan year in the title, else a programme period the text states, else the 发布日期', () => {
    const planned = run(['某区2026年优化营商环境工作要点', ...body]);
    expect(planned.deadlines.slice(0, 3).map((d) => [d.date, d.anchor?.basis])).toEqual([
      ['2026-12-31', 'planYear'],
      ['2028-12-31', 'planYear'],
      ['2026-09-30', 'planYear'],
    ]);
    const programme = run(['一、目标', '2021年起5年内培养500名工匠。', '二、任务', '5年内建成10个实训基地。']);
    expect(programme.deadlines.map((d) => [d.text, d.kind, d.date])).toEqual([
      ['2021年起5年内', 'period', '2025-12-31'],
      ['5年内', 'relative', '2025-12-31'],
    ]);
    const published = run(body, { metaFields: { 发布日期: '2019-03-04' } });
    expect(published.deadlines[0]).toMatchObject({ date: '2019-12-31', anchor: { basis: 'published', value: '2019-03-04' } });
  });
  it('benefit durations and per-person frequencies are not deadlines', () => {
    const m = run(['一、政策', '（一）引进人才。5年内享受住房补贴，每人每年最多领取一次，每月给予交通补助。每年引进100名博士。'], { today: '2024-01-01' });
    expect(m.deadlines.map((d) => d.text)).toEqual(['每年']);
  });
});

describe('g. detection: reprints, table-only pages, interpretations', () => {
  it('a task table with no notice around it is a policy document', () => {
    const m = analyze({
      text: [
        '某区2024年民生实事项目责任分解表',
        '序号\t项目名称\t牵头单位\t责任单位\t完成时限',
        '1\t新建学校\t区教育局\t区财政局\t2024年8月底前',
        '2\t改造小区\t区住建局\t各街道办事处\t2024年12月底前',
      ].join('\n'),
    });
    expect(m.isPolicy).toBe(true);
    expect(m.measures).toHaveLength(2);
  });
  it('a 政策解读 yields nothing, however document-like', () => {
    const m = analyze({
      text: [
        '《某市养老服务实施方案》政策解读',
        '一、起草背景',
        '（一）主要内容。方案明确了牵头单位、配合单位和完成时限。',
        '1.由市民政局牵头，市卫健委配合推进。',
        '2.到2025年建成50个站点。',
      ].join('\n'),
    });
    expect(m.isPolicy).toBe(false);
    expect([m.measures, m.assignments, m.deadlines]).toEqual([[], [], []]);
    // unless the user asks for it
    expect(analyze({ text: '《某市养老服务实施方案》政策解读\n一、起草背景\n二、主要内容', force: true }).measures).toHaveLength(2);
  });
});

describe('h. metadata: the document itself, not the site or the documents it cites', () => {
  it('a reprint title in book brackets with a site suffix', () => {
    const m = analyze({ text: '《关于支持民营经济发展的若干措施》\n各县区人民政府：\n一、总则', pageTitle: '《关于支持民营经济发展的若干措施》-资讯-某某网' });
    expect(m.meta.title).toBe('关于支持民营经济发展的若干措施');
    expect(analyze({ text: '一、总则', pageTitle: '某市推进规划（2021-2025年）-要闻-某某网' }).meta.title).toBe('某市推进规划（2021-2025年）');
  });
  it('the own 发文字号 on its line, with or without 号, not the ones cited before it', () => {
    const m = analyze({ text: '某厅关于开展评选的通知\n某厅函[2020]12\n各市：\n根据《通知》（国办发〔2019〕5号）以及某办函〔2020〕3号要求，现通知如下。' });
    expect(m.meta.docNumber).toBe('某厅函[2020]12');
  });
});
