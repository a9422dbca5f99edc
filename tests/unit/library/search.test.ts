/** Full-text search of the kept texts: the phrase as typed, else all its words; a line of context. */
import { describe, expect, it } from 'vitest';
import { queryWords, searchTexts } from '../../../lib/library/search';

const TEXTS = [
  { docId: 'a', text: '一、总体要求\n加快数字经济发展，推进数字产业化和产业数字化。' },
  { docId: 'b', text: '（三）发展智慧农业。推动农业经济与数字技术融合。' },
  { docId: 'c', text: '加强安全生产监管。' },
];
/** A stand-in for jieba's cut: the dictionary words of these texts, longest first. */
const cut = (s: string) => s.match(/数字经济|数字|经济|发展|智慧|农业|安全|生产|[^\s]/g) ?? [];

describe('queryWords', () => {
  it.each([
    ['数字经济发展', ['数字经济', '发展']],
    ['数字 经济', ['数字', '经济']],
    ['  数字，经济！ ', ['数字', '经济']], // punctuation is no word
    ['发展 发展', ['发展']],
  ])('%s → %j', (q, words) => expect(queryWords(q, cut)).toEqual(words));

  it('without jieba, the parts the analyst separated', () => expect(queryWords('数字经济 发展')).toEqual(['数字经济', '发展']));
});

describe('searchTexts', () => {
  it.each([
    // query, words, expected hits (docId: phrase?)
    ['数字经济', ['数字经济'], { a: true }],
    ['数字 经济', ['数字', '经济'], { a: false, b: false }], // not as typed: every word, anywhere
    ['经济发展', ['经济', '发展'], { a: true, b: false }],
    ['安全', ['安全'], { c: true }],
    ['乡村振兴', ['乡村', '振兴'], {}],
    ['', [], {}],
  ])('%s', (q, words, expected) => {
    const hits = searchTexts(TEXTS, q, words);
    expect(Object.fromEntries([...hits].map(([id, h]) => [id, h.phrase]))).toEqual(expected);
  });

  it('gives the first match in its context, one line', () => {
    const [hit] = searchTexts(TEXTS, '数字产业化', ['数字', '产业化']).values();
    expect(hit!.snippet).toEqual(['一、总体要求 加快数字经济发展，推进', '数字产业化', '和产业数字化。']);
    const long = { docId: 'l', text: `${'前'.repeat(40)}目标${'后'.repeat(60)}` };
    expect(searchTexts([long], '目标', ['目标']).get('l')!.snippet).toEqual([`…${'前'.repeat(18)}`, '目标', `${'后'.repeat(36)}…`]);
  });
});
