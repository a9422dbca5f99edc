import { describe, it, expect } from 'vitest';
import { buildView, origAt, origEnd, curlyQuotes, normalizeString } from '../../../lib/analysis/normalize';
import { run } from './helpers';

describe('normalize: compact view keeps original offsets', () => {
  it('drops spaces inside CJK runs and maps back to the original text', () => {
    const text = '(发展改革委、工业和信 息化部等负责)';
    const v = buildView(text);
    expect(v.s).toBe('(发展改革委、工业和信息化部等负责)');
    const i = v.s.indexOf('工业和信息化部');
    const a = origAt(v, i);
    const b = origEnd(v, i + '工业和信息化部'.length);
    expect(text.slice(a, b)).toBe('工业和信 息化部');
  });

  it('keeps a space between ASCII words and drops \\r and U+3000 indentation', () => {
    const v = buildView('\u3000\u3000Web Annotation 标准\r\n到 2025 年');
    expect(v.s).toBe('Web Annotation标准\n到2025年');
  });

  it('maps traditional characters, full-width digits/letters and OCR 互联网十 1:1', () => {
    expect(normalizeString('國發〔２０１８〕19號')).toBe('国发〔2018〕19号');
    expect(normalizeString('（一）牽頭單位：交通運輸部；責任單位：商務部')).toBe('(一)牵头单位:交通运输部;责任单位:商务部');
    expect(normalizeString('"互联网 十"智慧能源')).toBe('"互联网+"智慧能源');
    // 十 elsewhere is untouched
    expect(normalizeString('第十一条')).toBe('第十一条');
  });

  it('honours an analysis range: offsets stay absolute', () => {
    const text = '导航 首页\n一、总体要求\n（一）指导思想。坚持稳中求进。\n页脚';
    const start = text.indexOf('一、');
    const end = text.indexOf('\n页脚');
    const m = run(text, { range: [start, end] });
    expect(m.range).toEqual([start, end]);
    const first = m.measures[0]!;
    expect(text.slice(first.headStart, first.headEnd)).toBe('一、总体要求');
    const child = m.measures[1]!;
    expect(text.slice(child.headStart, child.headEnd)).toBe('（一）指导思想');
  });

  it('a text longer than the kept scratch buffers, before and after short ones, reads the same', () => {
    const para = '（工业和信 息化部、发展改革委负责）到 2025 年\n';
    const short = buildView(para);
    const long = buildView(para.repeat(Math.ceil(1_100_000 / para.length)));
    expect(long.s.length).toBe(short.s.length * Math.ceil(1_100_000 / para.length));
    expect(long.s.slice(-short.s.length)).toBe(short.s);
    expect(long.map[long.s.length]).toBe(long.text.length);
    // the short view after the long one: not affected by the buffers in between
    expect(buildView(para).s).toBe(short.s);
    expect(short.s).toBe('(工业和信息化部、发展改革委负责)到2025年\n');
  });

  it('curly quotes pair straight quotes', () => {
    expect(curlyQuotes('"互联网+"创业"双创"')).toBe('“互联网+”创业“双创”');
  });

  it('rejects bad input with a clear error', () => {
    expect(() => run('x', { range: [5, 2] })).toThrow(/range/);
    // @ts-expect-error: wrong type on purpose
    expect(() => run(42)).toThrow(/must be a string/);
    expect(() => run('x', { today: '2020/1/1' })).toThrow(/YYYY-MM-DD/);
  });
});
