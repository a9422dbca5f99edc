import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { getNodeSegmenter } from '../../../lib/segment';
import type { PolicyModel, Measure } from '../../../lib/analysis/types';

const seed = readFileSync(new URL('../../../seeds/000_a8d5c490817db3bf.txt', import.meta.url), 'utf8');

function measure(id: string, start: number, end: number): Measure {
  return {
    id,
    parentId: null,
    level: 1,
    marker: '',
    markerKind: 'cn',
    ordinal: 1,
    title: '',
    start,
    end,
    headStart: start,
    headEnd: start,
    path: id,
    keyTerms: [],
  };
}

describe('segment', () => {
  const seg = getNodeSegmenter();

  it('keeps policy vocabulary as one word', () => {
    expect(seg.cut('大力发展众创空间，推进智能制造')).toEqual(expect.arrayContaining(['众创空间', '智能制造']));
  });

  it('ranks domain nouns above generic policy verbs', () => {
    const text =
      '大力发展智能制造。以智能工厂为发展方向，开展智能制造试点示范，加快推动云计算、物联网、智能工业机器人、增材制造等技术在生产过程中的应用，推进生产装备智能化升级、工艺流程改造和基础数据共享。加强工业大数据的开发与利用，构建开放、共享、协作的智能制造产业生态。';
    const terms = seg.keyTerms(text, 5);
    expect(terms[0]).toBe('智能制造');
    for (const t of terms) expect(['推进', '加强', '加快', '发展', '推动']).not.toContain(t);
  });

  it('fills key terms per measure from one tagging pass, each from its own span', () => {
    const a = seed.indexOf('1.大力发展智能制造');
    const b = seed.indexOf('2.发展大规模个性化定制');
    const c = seed.indexOf('3.提升网络化协同制造水平');
    const model = { measures: [measure('1', a, b), measure('2', b, c)], range: [0, seed.length] } as unknown as PolicyModel;
    seg.addKeyTerms(model, seed, 4);
    expect(model.measures[0]!.keyTerms).toContain('智能制造');
    expect(model.measures[1]!.keyTerms.join()).toMatch(/个性化|定制/);
    expect(model.measures[1]!.keyTerms).not.toContain('智能工厂');
  });

  it('search tokens are lower-cased words without punctuation', () => {
    const t = seg.searchTokens('推广在线医疗卫生新模式，APP、“互联网+”');
    expect(t).toContain('医疗');
    expect(t).toContain('app');
    expect(t.some((x) => /^[，、“”]+$/.test(x))).toBe(false);
  });
});

describe('segment with the gazetteer dictionary', () => {
  it('keeps unit names whole and out of key terms', () => {
    const seg = getNodeSegmenter();
    expect(seg.cut('工业和信息化部、发展改革委、科技部共同牵头')).toEqual(expect.arrayContaining(['工业和信息化部', '发展改革委']));
    const terms = seg.keyTerms('工业和信息化部牵头推进智能制造，工业和信息化部会同发展改革委建设工业互联网平台，推广智能制造。', 5);
    expect(terms).not.toContain('工业和信息化部');
    expect(terms).toContain('智能制造');
  });
});
