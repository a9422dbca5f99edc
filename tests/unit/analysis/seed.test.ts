import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { analyze } from '../../../lib/analysis/index';

const text = readFileSync(resolve(__dirname, '../../../seeds/000_a8d5c490817db3bf.txt'), 'utf8');
const m = analyze({ text });

describe('seed: 国发〔2015〕40号 "互联网+" guidance (newspaper reprint)', () => {
  it('is policy with the title from the text', () => {
    expect(m.isPolicy).toBe(true);
    expect(m.meta.title).toBe('国务院关于积极推进"互联网+"行动的指导意见');
  });

  it('outline: 一、二、 with (一)…(八) and numbered items', () => {
    const top = m.measures.filter((x) => x.level === 1);
    expect(top.map((x) => [x.id, x.title])).toEqual([
      ['1', '行动要求'],
      ['2', '重点行动'],
    ]);
    expect(m.measures.filter((x) => x.parentId === '1').map((x) => x.title)).toEqual(['总体思路', '基本原则', '发展目标']);
    const areas = m.measures.filter((x) => x.parentId === '2');
    expect(areas.map((x) => x.id)).toEqual(['2.1', '2.2', '2.3', '2.4', '2.5', '2.6', '2.7', '2.8']);
    expect(m.measures.filter((x) => x.parentId === '2.6')).toHaveLength(5);
    const m241 = m.measures.find((x) => x.id === '2.4.1')!;
    expect(m241.path).toBe('二、 (四) 1.');
    expect(text.slice(m241.headStart, m241.headEnd)).toBe('1.推进能源生产智能化');
    // "(六) "互联网十" 益民服务" has spaces inside: the head span covers the original text
    const m26 = m.measures.find((x) => x.id === '2.6')!;
    expect(text.slice(m26.headStart, m26.headEnd)).toBe('(六) "互联网十" 益民服务');
  });

  it('8 action areas with normalized names', () => {
    expect(m.actionAreas.map((a) => a.name)).toEqual([
      '“互联网+”创业创新',
      '“互联网+”协同制造',
      '“互联网+”现代农业',
      '“互联网+”智慧能源',
      '“互联网+”普惠金融',
      '“互联网+”益民服务',
      '“互联网+”高效物流',
      '“互联网+”电子商务',
    ]);
  });

  it('first assignment: 发展改革委 leads (国家发展和改革委员会), inherited by 1./2./3.', () => {
    const first = m.assignments[0]!;
    expect(first).toMatchObject({ measureId: '2.1', inherited: false, rule: 'first-listed', lead: ['发展改革委'] });
    expect(first.canonical[0]).toBe('国家发展和改革委员会');
    expect(text.slice(first.start, first.end)).toBe('(发展改革委、科技部、工业和信息化部、人力资源社会保障部、商务部等负责,列第一位者为牵头部门,下同)');
    const inh = m.assignments.filter((a) => a.inherited && a.sourceText === first.sourceText);
    expect(inh.map((a) => a.measureId)).toEqual(['2.1.1', '2.1.2', '2.1.3']);
    expect(inh.every((a) => a.lead[0] === '发展改革委' && a.mentions.length === 0)).toBe(true);
  });

  it('(工业和信息化部、发展改革委、科技部共同牵头): three leads', () => {
    const a = m.assignments.find((x) => x.measureId === '2.2' && !x.inherited)!;
    expect(a.rule).toBe('joint-lead');
    expect(a.lead).toEqual(['工业和信息化部', '发展改革委', '科技部']);
  });

  it('clauses across OCR spaces and in a separate paragraph', () => {
    const a8 = m.assignments.find((x) => x.measureId === '2.8' && !x.inherited)!;
    expect(a8.units).toContain('工业和信息化部');
    const men = a8.mentions.find((x) => x.text === '工业和信息化部')!;
    expect(text.slice(men.start, men.end)).toBe('工业和信 息化部');
    expect(m.assignments.find((x) => x.measureId === '2.4' && !x.inherited)!.lead).toEqual(['能源局']);
    // the convention governs later clauses without 下同
    expect(m.assignments.find((x) => x.measureId === '2.3' && !x.inherited)!.rule).toBe('first-listed');
  });

  it('deadlines: 到2018年 and 到 2025 年 are "by"', () => {
    expect(m.deadlines.map((d) => [d.text, d.date, d.kind, d.measureId])).toEqual([
      ['到2018年', '2018-12-31', 'by', '1.3'],
      ['到2025年', '2025-12-31', 'by', '1.3'],
    ]);
    const d = m.deadlines[1]!;
    expect(text.slice(d.start, d.end)).toBe('到 2025 年');
  });
});
