import { describe, it, expect } from 'vitest';
import { run } from './helpers';

const dl = (m: ReturnType<typeof run>) => m.deadlines.map((d) => [d.kind, d.text, d.date, d.startDate ?? undefined]);

describe('deadlines', () => {
  it('by: 到2018年, 2017年底前, 2020年6月底前, 上半年, 第三季度, 年中, full-width and 〇 digits', () => {
    const m = run(
      [
        '一、目标',
        '到2018年，基本形成发展格局。2017年底前出台实施细则。2020年6月底前完成试点。',
        '2019年上半年启动评估，2019年第三季度形成报告，2020年年中全面推开。',
        '到２０２０年，冷链流通率达到30%。二〇一九年六月底前确定名单。力争到2025年全面建成。',
      ],
      { today: '2017-01-01' },
    );
    expect(dl(m)).toEqual([
      ['by', '到2018年', '2018-12-31', undefined],
      ['by', '2017年底前', '2017-12-31', undefined],
      ['by', '2020年6月底前', '2020-06-30', undefined],
      ['by', '2019年上半年', '2019-06-30', undefined],
      ['by', '2019年第三季度', '2019-09-30', undefined],
      ['by', '2020年年中', '2020-06-30', undefined],
      ['by', '到２０２０年', '2020-12-31', undefined],
      ['by', '二〇一九年六月底前', '2019-06-30', undefined],
      ['by', '力争到2025年', '2025-12-31', undefined],
    ]);
    expect(m.deadlines.every((d) => d.measureId === '1')).toBe(true);
  });

  it('from, period, recurring, ongoing', () => {
    // 定期 ("regularly") names no period: not a time requirement. 长期坚持 / 持续推进 standing
    // alone are; as verbs of a phrase ("持续推进固体废物源头减量") they are not.
    const m = run(
      '一、要求\n从2018年开始试行，自2020年8月1日起施行，2019年起每年开展评估。“十三五”期间新增库容，2018—2020年集中攻坚，每季度调度，每月5日前报送，定期通报，长期坚持，持续推进。持续推进固体废物源头减量。',
    );
    expect(dl(m)).toEqual([
      ['from', '从2018年开始', '2018-01-01', '2018-01-01'],
      ['from', '自2020年8月1日起', '2020-08-01', '2020-08-01'],
      ['from', '2019年起', '2019-01-01', '2019-01-01'],
      ['recurring', '每年', null, undefined],
      ['period', '“十三五”期间', '2020-12-31', '2016-01-01'],
      ['period', '2018—2020年', '2020-12-31', '2018-01-01'],
      ['recurring', '每季度', null, undefined],
      ['recurring', '每月5日前', null, undefined],
      ['ongoing', '长期坚持', null, undefined],
      ['ongoing', '持续推进', null, undefined],
    ]);
  });

  it('relative deadlines resolve against the signature date, else stay null', () => {
    const body = ['一、任务', '年内完成首批改造，两年内实现全覆盖，三年内全面完成。'];
    const signed = run([...body, '杭州市西湖区人民政府办公室', '2021年4月8日']);
    expect(signed.meta.date).toBe('2021-04-08');
    expect(dl(signed)).toEqual([
      ['relative', '年内', '2021-12-31', undefined],
      ['relative', '两年内', '2023-04-08', undefined],
      ['relative', '三年内', '2024-04-08', undefined],
    ]);
    expect(run(body).deadlines.map((d) => d.date)).toEqual([null, null, null]);
  });

  it('historical dates are not deadlines', () => {
    const m = run([
      '国务院关于加快推进物流发展的意见',
      '近年来，物流业快速发展。2014年，全国社会物流总额达到213.5万亿元。截至2014年底，已建成物流园区1000个。',
      '根据《国务院关于印发物流业发展中长期规划（2014—2020年）的通知》（国发〔2014〕42号），国务院于2015年7月1日印发本意见。“十二五”以来成效明显，2000年底前建成的设施需要改造。',
      '一、目标',
      '到2020年，物流成本显著下降。',
      '国务院',
      '2016年5月3日',
    ]);
    expect(dl(m)).toEqual([['by', '到2020年', '2020-12-31', undefined]]);
    expect(m.deadlines[0]!.measureId).toBe('1');
  });
});
