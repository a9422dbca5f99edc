import { describe, expect, it } from 'vitest';
import { analyze } from '../../../lib/analysis';
import type { Citation } from '../../../lib/analysis/types';
import { analysisSpans, visibleNames } from '../../../lib/page/spans';
import { paintSpans, toPaintPayload } from '../../../lib/page/remote-engine';
import { DEFAULT_SETTINGS } from '../../../lib/settings';

const cites = (text: string) =>
  (analyze({ text, force: true }).citations ?? []).map((c: Citation) => ({ title: c.title, docNumber: c.docNumber, relation: c.relation, verb: c.verb }));

const DOC = (body: string) =>
  `某某省人民政府关于推进工作的实施意见\n某政发〔2025〕3号\n${body}\n一、重点任务\n（一）推进改革。（省发展改革委牵头）\n某某省人民政府\n2025年1月2日`;

describe('citations: what a policy cites, and how', () => {
  const cases: [string, string, Partial<Citation>[]][] = [
    [
      '《标题》（文号） with the verb before it',
      '为深入贯彻落实《国务院关于激发重点群体活力带动城乡居民增收的实施意见》（国发〔2016〕56号）精神，提出如下意见。',
      [{ title: '国务院关于激发重点群体活力带动城乡居民增收的实施意见', docNumber: '国发〔2016〕56号', relation: 'implements', verb: '深入贯彻落实' }],
    ],
    [
      'a list under one verb, the issuer outside the title, half-width brackets',
      '根据新修订的《中华人民共和国预算法》、国务院《关于深化预算管理制度改革的决定》(国发〔2014〕45号)和《中共山东省委山东省人民政府关于深化财税体制改革的意见》(鲁发〔2014〕18号)有关要求，现提出如下意见。',
      [
        { title: '中华人民共和国预算法', docNumber: null, relation: 'basis' },
        { title: '关于深化预算管理制度改革的决定', docNumber: '国发〔2014〕45号', relation: 'basis' },
        { title: '中共山东省委山东省人民政府关于深化财税体制改革的意见', docNumber: '鲁发〔2014〕18号', relation: 'basis' },
      ],
    ],
    [
      'a 文号 alone, the verb carried over ，以及',
      '根据《国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知》(国办发〔2016〕82号)第十四条激励措施,以及国办督函〔2018〕12号文件要求，开展评选。',
      [
        { title: '国务院办公厅关于对真抓实干成效明显地方加大激励支持力度的通知', docNumber: '国办发〔2016〕82号', relation: 'basis' },
        { title: null, docNumber: '国办督函〔2018〕12号', relation: 'basis' },
      ],
    ],
    [
      '按照 / 参照 / 转发',
      '按照国办发〔2019〕57号文件要求，参照《政务服务事项目录编制规范》，转发省财政厅《关于加强预算管理的通知》（某财预〔2024〕6号）。',
      [
        { docNumber: '国办发〔2019〕57号', relation: 'follows' },
        { title: '政务服务事项目录编制规范', relation: 'refers' },
        { title: '关于加强预算管理的通知', docNumber: '某财预〔2024〕6号', relation: 'transmits' },
      ],
    ],
    [
      'a regulation by its 令 number',
      '依据《优化营商环境条例》（国务院令第722号），制定本意见。',
      [{ title: '优化营商环境条例', docNumber: '国务院令第722号', relation: 'basis' }],
    ],
    [
      'traditional characters',
      '為全面貫徹落實《國務院關於促進綜合保稅區高水平開放高質量發展的若干意見》（國發〔2019〕3號），提出以下意見。',
      [{ title: '國務院關於促進綜合保稅區高水平開放高質量發展的若干意見', docNumber: '國發〔2019〕3號', relation: 'implements', verb: '全面贯彻落实' }],
    ],
    [
      'no verb: a mention',
      '出台《某某市制造业数字化转型三年行动计划(2022-2024)》。',
      [{ title: '某某市制造业数字化转型三年行动计划(2022-2024)', relation: 'mentions', verb: null }],
    ],
  ];
  it.each(cases)('%s', (_name, body, expected) => {
    expect(cites(DOC(body))).toEqual(expected.map((e) => expect.objectContaining(e)));
  });

  const negatives: [string, string][] = [
    ['its own 文号', '某政发〔2025〕3号文件印发后，各地认真落实。'],
    [
      'what the notice transmits as its own text',
      '《某某省数字经济行动方案》已经省政府同意，现印发给你们，请认真贯彻执行。现将《某某省数字经济行动方案》印发给你们。',
    ],
    ['its short names', '制定本方案（以下简称《方案》）。各地要落实《方案》和《意见》要求。'],
    ['forms', '申请单位填写《项目申报表》和《信用承诺书》，附《登记单》。'],
  ];
  it.each(negatives)('not a citation: %s', (_name, body) => {
    expect(cites(DOC(body))).toEqual([]);
  });

  it('a notice titled 关于印发《X》的通知 does not cite X; a title 关于贯彻落实《X》的实施意见 implements X', () => {
    expect(cites('某某市人民政府关于印发《某某市营商环境行动方案》的通知\n某政发〔2024〕1号\n一、主要任务\n（一）优化服务。（市政务服务局负责）')).toEqual([]);
    expect(cites('某某市人民政府关于贯彻落实《某某省营商环境条例》的实施意见\n某政发〔2024〕2号\n一、主要任务\n（一）优化服务。（市政务服务局负责）')).toEqual([
      expect.objectContaining({ title: '某某省营商环境条例', relation: 'implements' }),
    ]);
  });

  it('offsets cover the citation in the original text, and the measure it is in', () => {
    const text = DOC('为贯彻落实《某某条例》，制定本意见。').replace('（一）推进改革。', '（一）推进改革。按照《某某规划》（某政发〔2020〕9号）要求推进。');
    const m = analyze({ text, force: true });
    const [a, b] = m.citations!;
    expect(text.slice(a!.start, a!.end)).toBe('《某某条例》');
    expect(a!.measureId).toBeNull();
    expect(text.slice(b!.start, b!.end)).toBe('《某某规划》（某政发〔2020〕9号）');
    expect(b!.measureId).toBe(m.measures.find((x) => x.title.startsWith('推进改革'))!.id);
  });

  it('painted as pl-cite with a card key, packed for the page and shown under the cite setting', () => {
    const text = DOC('为贯彻落实《某某条例》，根据国办发〔2019〕57号文件，制定本意见。');
    const m = analyze({ text, today: '2026-12-02' });
    const spans = analysisSpans(m, '2026-12-02', text);
    expect(spans['pl-cite'].map((x) => [text.slice(x.start, x.end), x.key])).toEqual([
      ['《某某条例》', 'cite:0'],
      ['国办发〔2019〕57号', 'cite:1'],
    ]);
    expect(paintSpans(toPaintPayload(m, '2026-12-02', text))['pl-cite']).toEqual(spans['pl-cite']);
    expect(visibleNames({ ...DEFAULT_SETTINGS, categories: { ...DEFAULT_SETTINGS.categories, cite: false } })['pl-cite']).toBe(false);
    expect(visibleNames(DEFAULT_SETTINGS)['pl-cite']).toBe(true);
  });

  it('a page that is not a policy keeps none (unless forced)', () => {
    const news = '新华社北京3月5日电 会议听取了《政府工作报告》。';
    expect(analyze({ text: news }).citations).toEqual([]);
  });
});
