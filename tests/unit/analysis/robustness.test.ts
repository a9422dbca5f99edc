/**
 * Formats real documents use that the first corpus lacked (issue 3, round two): clauses at the
 * end of items with 会同 or 〔〕, fields sharing a line with 完成时限, recurring dates with a
 * month, plan periods in title lines, headings merged into a paragraph or followed by a
 * full-width gap, 令 numbers, and talk pages that quote a policy.
 */
import { describe, expect, it } from 'vitest';
import { own, run } from './helpers';

const units = (m: ReturnType<typeof run>, id: string) => own(m, id).flatMap((a) => a.units.map((u) => `${u}${a.lead.includes(u) ? '*' : ''}`));

describe('responsibility clauses at the end of items', () => {
  const doc = [
    '山东省人民政府办公厅关于印发山东省推动大规模设备更新实施方案的通知',
    '鲁政办字〔2024〕33号',
    '各市人民政府，省政府各部门、各直属机构：',
    '一、重点任务',
    '（一）推进工业设备更新',
    '1.实施技术改造工程。支持企业更新高耗能设备，2025年6月底前完成首批项目。（省工业和信息化厅会同省财政厅、省发展改革委负责）',
    '2.推动农机装备更新。加大报废更新补贴力度。〔责任单位：省农业农村厅、省财政厅按职责分工负责〕',
    '3.加快建筑设备更新。',
    '责任单位：省住房城乡建设厅；配合单位：省市场监管局，省应急厅；完成时限：2024年12月底前',
  ];
  const m = run(doc);

  it('"X会同Y、Z负责": X leads, the units after 会同 co-operate', () => {
    expect(units(m, '1.1.1')).toEqual(['省工业和信息化厅*', '省财政厅', '省发展改革委']);
  });

  it('reads a clause in 〔〕 brackets and drops the 按职责分工负责 tail from the last unit', () => {
    expect(units(m, '1.1.2')).toEqual(['省农业农村厅', '省财政厅']);
  });

  it('stops a field at 完成时限 on the same line and splits a "，" list', () => {
    expect(units(m, '1.1.3')).toEqual(['省住房城乡建设厅*', '省市场监管局', '省应急厅']);
    const d = m.deadlines.find((x) => x.measureId === '1.1.3');
    expect(d?.date).toBe('2024-12-31');
  });

  it('keeps a collective unit with a bracketed alternative whole', () => {
    const t = run(['一、工作任务', '（一）加强基层治理。（各镇人民政府（街道办事处）负责）']);
    expect(t.assignments[0]?.units).toEqual(['各镇人民政府（街道办事处）']);
    expect(t.assignments[0]?.lead).toEqual(['各镇人民政府（街道办事处）']);
  });
});

describe('deadlines', () => {
  it('reads 每年N月N日前 / 每年N月底前 as one recurring deadline', () => {
    const m = run(['第七条 经营者应当于每年3月31日前报送年度报告，并于每年12月底前完成自查。'], { today: '2024-05-01' });
    expect(m.deadlines.map((d) => [d.text, d.kind])).toEqual([
      ['每年3月31日前', 'recurring'],
      ['每年12月底前', 'recurring'],
    ]);
  });

  it('does not take the plan period in a title line for a deadline, but does in the text', () => {
    const m = run([
      '河南省人民政府关于印发河南省制造业绿色低碳高质量发展三年行动计划的通知',
      '各省辖市人民政府，省人民政府各部门：',
      '现将《河南省制造业绿色低碳高质量发展三年行动计划（2023—2025年）》印发给你们，请认真贯彻执行。',
      '河南省人民政府',
      '2023年5月10日',
      '河南省制造业绿色低碳高质量发展三年行动计划（2023—2025年）',
      '一、主要目标',
      '2023—2025年，全省规模以上工业单位增加值能耗累计下降10%。',
    ]);
    expect(m.deadlines.map((d) => [d.text, d.measureId])).toEqual([['2023—2025年', '1']]);
  });

  it('treats "已于…" and 于-dates before the document date as history', () => {
    const m = run(['《办法》已于2024年6月28日经局务会议通过，自2024年10月1日起施行。', '局长　王　明', '2024年7月25日']);
    expect(m.deadlines.map((d) => d.text)).toEqual(['自2024年10月1日起']);
  });
});

describe('outline', () => {
  it('cuts a heading title at a full-width gap before the paragraph text', () => {
    const m = run(['一、总体目标　到2026年，全市数字经济核心产业增加值占比达到12%。', '二、重点任务']);
    expect(m.measures.map((x) => x.title)).toEqual(['总体目标', '重点任务']);
  });

  it('finds a heading merged into the previous paragraph after 。 only when it continues the list', () => {
    const m = run([
      '一、总体要求',
      '（一）指导思想。坚持稳中求进工作总基调。（二）工作原则。坚持问题导向，坚持系统观念。',
      '二、保障措施',
      '（一）加强组织领导。主要包括：（一）建立机制。（三）压实责任。',
    ]);
    expect(m.measures.map((x) => `${x.id} ${x.title}`)).toEqual(['1 总体要求', '1.1 指导思想', '1.2 工作原则', '2 保障措施', '2.1 加强组织领导']);
  });
});

describe('metadata of a 令', () => {
  it('joins "X令" and "第N号" lines into the 发文字号, takes the issuer from it and the date under the signing officer', () => {
    const m = run([
      '交通运输部令',
      '第12号',
      '《道路运输服务质量投诉管理规定》已于2024年8月1日经第18次部务会议通过，现予公布，自2024年11月1日起施行。',
      '部长　李　华',
      '2024年8月15日',
      '道路运输服务质量投诉管理规定',
      '第一章　总　　则',
      '第一条　为了规范道路运输服务质量投诉管理，制定本规定。',
    ]);
    expect(m.meta.docNumber).toBe('交通运输部令第12号');
    expect(m.meta.issuer).toBe('交通运输部');
    expect(m.meta.date).toBe('2024-08-15');
  });
});

describe('pages about a policy are not the policy', () => {
  const body = [
    '近日，省政府办公厅印发《关于加快发展银发经济的实施意见》（苏政办发〔2024〕20号）。',
    '一、问：《实施意见》出台的背景是什么？',
    '答：我省老年人口规模大，发展银发经济意义重大。到2027年，全省银发经济规模显著扩大。',
    '二、问：有哪些重点任务？',
    '答：一是扩大老年助餐服务，2024年底前实现城市社区全覆盖；二是发展智慧健康养老。省民政厅牵头，省卫生健康委、省商务厅按职责分工负责。',
    '三、问：如何抓好落实？',
    '答：省民政厅将每季度调度工作进展，持续推进各项任务落实。',
  ];

  it('a Q&A interpretation on a government site', () => {
    const m = run(body, {
      url: 'https://www.jiangsu.gov.cn/art/2024/7/2/art_46143_11280000.html',
      pageTitle: '省民政厅负责人就《关于加快发展银发经济的实施意见》答记者问_政策解读_江苏省人民政府',
    });
    expect(m.isPolicy).toBe(false);
    expect(m.detection.reasons.join(' ')).toMatch(/解读|问答/);
  });

  it('while a notice ABOUT interpretation work is still a policy', () => {
    const m = run(
      [
        '江苏省人民政府办公厅关于进一步做好政策解读工作的通知',
        '苏政办发〔2024〕31号',
        '各设区市人民政府，省各委办厅局，省各直属单位：',
        '一、明确解读责任',
        '（一）落实主体责任。起草部门负责政策解读，2024年底前建立解读清单制度。（省政府办公厅牵头，省各部门按职责分工负责）',
        '二、规范解读方式',
        '（一）丰富解读形式。每季度开展一次政策解读评估。',
        '江苏省人民政府办公厅',
        '2024年9月3日',
      ],
      {
        url: 'https://www.jiangsu.gov.cn/art/2024/9/5/art_46144_11390000.html',
        pageTitle: '江苏省人民政府办公厅关于进一步做好政策解读工作的通知_省政府办公厅文件',
      },
    );
    expect(m.isPolicy).toBe(true);
  });
});

describe('line breaks inside a clause (a <br> in the page)', () => {
  it('keeps every unit of a clause split over two lines', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text =
      '一、重点任务\n（一）推进智能制造。加快推动工业互联网建设（工业和信息化部、\n财政部等负责，列第一位者为牵头部门）。\n（二）发展数字经济。（国家发展改革委牵头）\n';
    const m = analyze({ text, force: true });
    expect(m.measures.map((x) => x.id)).toEqual(['1', '1.1', '1.2']);
    const a = m.assignments.find((x) => x.measureId === '1.1')!;
    expect(a.units).toEqual(['工业和信息化部', '财政部']);
    expect(a.lead).toEqual(['工业和信息化部']);
    // the mention of the first unit maps back to the original text, before the line break
    expect(text.slice(a.mentions[0]!.start, a.mentions[0]!.end)).toBe('工业和信息化部');
    expect(text.slice(a.mentions[1]!.start, a.mentions[1]!.end)).toBe('财政部');
  });
});

describe('lists closed by a collective ("等国务院相关部门", "等省直有关单位")', () => {
  it('keeps the named units and drops the collective tail', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text =
      '一、重点任务\n（一）加强质量监管。完善产品质量追溯体系。（市场监管总局等国务院相关部门负责）\n（二）优化营商环境。（省发展改革委、省市场监管局等省直有关单位按职责分工负责）\n';
    const m = analyze({ text, force: true });
    expect(m.assignments.find((a) => a.measureId === '1.1')!.units).toEqual(['市场监管总局']);
    expect(m.assignments.find((a) => a.measureId === '1.2')!.units).toEqual(['省发展改革委', '省市场监管局']);
  });
});

describe('collective local governments with a bracketed level', () => {
  it('"各市、县（市、区）政府" stays one unit', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text =
      '二、重点举措\n（一）提升政务服务效能。\n1.深化“最多跑一次”改革。2023年底前实现企业开办全程网办。\n牵头单位：省大数据局\n责任单位：省市场监管局、省公安厅，各市、县（市、区）政府\n';
    const m = analyze({ text, force: true });
    const a = m.assignments.find((x) => x.measureId === '2.1.1')!; // an excerpt starting at 二、 keeps its numbering
    expect(a.units).toEqual(['省大数据局', '省市场监管局', '省公安厅', '各市、县（市、区）政府']);
    expect(a.lead).toEqual(['省大数据局']);
  });
});

describe('second level numbered through the whole document', () => {
  it('（四） under 二、 continues （三） of 一、 instead of being dropped', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text =
      '一、深化放管服改革\n（一）建立综合监管制度。\n（二）减轻税费负担。\n（三）提升服务能力。\n二、拓宽投融资渠道\n（四）解决融资问题。（人民银行牵头）\n1.拓宽融资渠道。\n（五）扩大债券发行。\n三、扩大就业创业\n（六）完善培训制度。\n';
    const m = analyze({ text, force: true });
    expect(m.measures.map((x) => x.id)).toEqual(['1', '1.1', '1.2', '1.3', '2', '2.4', '2.4.1', '2.5', '3', '3.6']);
    // a nested list that merely starts late is still refused when nothing precedes it
    const bad = analyze({ text: '一、总体要求\n（三）不是标题的编号。\n二、主要任务\n', force: true });
    expect(bad.measures.map((x) => x.id)).toEqual(['1', '2']);
  });
});

describe('relative deadlines with a month', () => {
  it('今年6月底前 / 明年3月31日前 resolve against the document date', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text =
      '江苏省人民政府关于加快发展先进制造业的实施意见\n一、主要目标\n今年6月底前出台配套政策，明年3月31日前完成试点评估，明年底前全面推开。\n江苏省人民政府\n2022年2月14日\n';
    const m = analyze({ text, force: true });
    expect(m.meta.date).toBe('2022-02-14');
    expect(m.deadlines.map((d) => [d.text, d.date, d.kind])).toEqual([
      ['今年6月底前', '2022-06-30', 'relative'],
      ['明年3月31日前', '2023-03-31', 'relative'],
      ['明年底前', '2023-12-31', 'relative'],
    ]);
  });
});

describe('labelled 完成时限 in the text', () => {
  it('a bare month after 完成时限： is a deadline (end of that month)', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text =
      '一、提振大宗消费\n（一）促进汽车消费。开展汽车促销活动。（责任单位：市商务局、市发展改革委；完成时限：2023年12月）\n（二）支持住房消费。【时间节点】2024年6月\n（三）稳定就业。2019年12月，全市新增就业10万人。\n';
    const m = analyze({ text, force: true });
    expect(m.deadlines.map((d) => [d.measureId, d.text, d.date, d.kind])).toEqual([
      ['1.1', '2023年12月', '2023-12-31', 'by'],
      ['1.2', '2024年6月', '2024-06-30', 'by'],
    ]);
  });
});

describe('a lead marked inside the list', () => {
  it('"省发展改革委（牵头）、省财政厅" leads with the marked unit, in text and in a table', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const text = '一、重点任务\n（一）推进园区建设。\n责任单位：省发展改革委（牵头）、省财政厅、省自然资源厅\n';
    const a = analyze({ text, force: true }).assignments[0]!;
    expect(a.units).toEqual(['省发展改革委', '省财政厅', '省自然资源厅']);
    expect(a.lead).toEqual(['省发展改革委']);
    const table = '重点任务分工\n序号\t重点任务\t责任单位\t完成时限\n1\t建设产业园区\t省财政厅、省发展改革委（牵头）\t2024年底前\n';
    const b = analyze({ text: table, force: true }).assignments[0]!;
    expect(b.units).toEqual(['省财政厅', '省发展改革委']);
    expect(b.lead).toEqual(['省发展改革委']);
  });
});

describe('a central document released in full, dated under its title', () => {
  it('reads the bracketed date line as the 成文日期 and counts it for detection', async () => {
    const { analyze } = await import('../../../lib/analysis');
    const body = '扎实推进新一轮千亿斤粮食产能提升行动，健全耕地数量、质量、生态“三位一体”保护制度体系，确保粮食播种面积稳定、产量保持在1.3万亿斤以上。'.repeat(
      4,
    );
    const text = `中共中央 国务院关于学习运用“千村示范、万村整治”工程经验的意见\n（2024年1月1日）\n　　推进中国式现代化，必须坚持不懈夯实农业基础。现就做好2024年工作提出如下意见。\n　　一、确保国家粮食安全\n　　（一）抓好粮食和重要农产品生产。${body}\n　　（二）严格落实耕地保护制度。${body}\n　　二、确保不发生规模性返贫\n　　（三）落实防止返贫监测帮扶机制。${body}\n`;
    const m = analyze({ text, url: 'https://www.gov.cn/zhengce/2024-02/03/content_6929934.htm' });
    expect(m.meta.date).toBe('2024-01-01');
    expect(m.detection.reasons.some((r) => r.startsWith('题注日期'))).toBe(true);
    expect(m.isPolicy).toBe(true);
    expect(m.deadlines.some((d) => d.date === '2024-01-01')).toBe(false);
  });
});
