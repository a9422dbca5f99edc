import { describe, it, expect } from 'vitest';
import { parseCnNumber } from '../../../lib/analysis/numerals';
import { run } from './helpers';

const ids = (m: ReturnType<typeof run>) => m.measures.map((x) => x.id);

describe('outline', () => {
  it('parses Chinese numerals to at least 99', () => {
    expect(parseCnNumber('十一')).toBe(11);
    expect(parseCnNumber('二十三')).toBe(23);
    expect(parseCnNumber('九十九')).toBe(99);
    expect(parseCnNumber('一百零五')).toBe(105);
    expect(parseCnNumber('二〇一八')).toBe(2018);
  });

  it('nests 一、 / （一） / 1. / （1） / ① with ids, paths, titles and spans', () => {
    const text = [
      '一、总体要求',
      '（一）指导思想。以习近平新时代中国特色社会主义思想为指导。',
      '（ 二 ）基本原则：坚持统筹兼顾。',
      '二、重点任务',
      '（一）推进数字政府建设。加快政务服务一网通办。',
      '1.完善平台。整合分散的办事系统。',
      '（1）统一身份认证。',
      '①建设省级认证中心。',
      '②推动互认。',
      '（2）统一电子证照。',
      '2．强化数据共享。推动数据开放。',
      '三、保障措施',
    ].join('\n');
    const m = run(text);
    expect(ids(m)).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.1.1', '2.1.1.1', '2.1.1.1.1', '2.1.1.1.2', '2.1.1.2', '2.1.2', '3']);
    const byId = Object.fromEntries(m.measures.map((x) => [x.id, x]));
    expect(byId['1.1']!.title).toBe('指导思想');
    expect(byId['1.2']!.title).toBe('基本原则');
    expect(byId['1.2']!.markerKind).toBe('paren-cn');
    expect(byId['2.1.2']!.marker).toBe('2．');
    expect(byId['2.1.1.1']!.path).toBe('二、 (一) 1. (1)');
    expect(byId['2.1.1.1.2']!.markerKind).toBe('circled');
    expect(byId['2.1.1']!.parentId).toBe('2.1');
    // spans: 二、 runs to the start of 三、
    expect(text.slice(byId['2']!.start, byId['2']!.end)).toMatch(/^二、重点任务[\s\S]*推动数据开放。$/);
    expect(byId['3']!.start).toBe(text.indexOf('三、'));
    expect(text.slice(byId['2.1.1']!.headStart, byId['2.1.1']!.headEnd)).toBe('1.完善平台');
  });

  it('counts 十一、 … 二十三、 in sequence', () => {
    const lines: string[] = [];
    const cn = (n: number) =>
      n < 10
        ? '一二三四五六七八九'[n - 1]!
        : (n >= 20 ? '一二三四五六七八九'[Math.floor(n / 10) - 1] : '') + '十' + (n % 10 ? '一二三四五六七八九'[(n % 10) - 1] : '');
    for (let i = 1; i <= 23; i++) lines.push(`${cn(i)}、第${i}项措施`);
    const m = run(lines);
    expect(m.measures).toHaveLength(23);
    expect(m.measures[22]!.ordinal).toBe(23);
    expect(m.measures[22]!.marker).toBe('二十三、');
  });

  it('is not fooled by numbers that break the sequence or sit inside sentences', () => {
    const m = run([
      '一、发展目标',
      '1.5倍于2015年水平的投资规模。',
      '2018年，全国网络零售额达到9万亿元。',
      '1.扩大有效投资。各地要加快项目建设，1.完善机制这类写法不算。',
      '3.这是跳号后的条目。',
      '2.优化投资结构。',
      '二、保障措施',
    ]);
    expect(ids(m)).toEqual(['1', '1.1', '1.2', '2']);
    expect(m.measures[2]!.title).toBe('优化投资结构');
  });

  it('starts at （一） when the document has no 一、 and skips a level without adding a segment', () => {
    const m = run(['（一）压减企业开办时间。', '（二）降低用电成本。', '（1）推行转供电改革。', '（2）降低接入费用。', '（三）提升便利化水平。']);
    expect(ids(m)).toEqual(['1', '2', '2.1', '2.2', '3']);
    expect(m.measures[0]!.level).toBe(1);
    expect(m.measures[2]!.level).toBe(2);
  });

  it('reads regulations: 第X章 / 第X条 with articles numbered through chapters', () => {
    const m = run([
      '浙江省政务数据共享管理办法',
      '第一章　总　　则',
      '第一条　为了规范政务数据共享，制定本办法。',
      '第二条　本办法适用于本省。',
      '第二章　数据目录',
      '第三条　政务数据实行目录管理。政务数据目录包括下列内容：',
      '（一）数据名称；',
      '（二）提供单位；',
      '第四条　公共管理机构应当每年更新目录。',
      '第十一条　本办法自2020年8月1日起施行。',
    ]);
    expect(ids(m)).toEqual(['1', '1.1', '1.2', '2', '2.3', '2.3.1', '2.3.2', '2.4']);
    expect(m.measures[0]!.title).toBe('总则');
    expect(m.measures[4]!.title).toBe('政务数据实行目录管理');
    expect(m.measures[4]!.markerKind).toBe('article');
  });

  it('treats 第一部分 as a chapter-like division', () => {
    const m = run(['第一部分　总体要求', '一、指导思想', '二、基本原则', '第二部分　重点任务', '一、推进数字政府建设']);
    expect(m.measures.map((x) => [x.id, x.markerKind, x.title])).toEqual([
      ['1', 'chapter', '总体要求'],
      ['1.1', 'cn', '指导思想'],
      ['1.2', 'cn', '基本原则'],
      ['2', 'chapter', '重点任务'],
      ['2.1', 'cn', '推进数字政府建设'],
    ]);
  });
});
