/** lib/text/search.ts: the persisted token key and the comparison key. */
import { describe, it, expect } from 'vitest';
import { searchKey, searchToken } from '../../../lib/text/search';

describe('search normalisation', () => {
  it.each([
    // [input, searchToken, searchKey]
    ['工业和信 息化部', '工业和信息化部', '工业和信息化部'],
    ['ＡＢＣ　１２３', 'abc123', 'abc123'],
    ['Web Annotation', 'webannotation', 'webannotation'],
    ['互联网＋', '互联网+', '互联网+'],
    ['互联网十', '互联网十', '互联网+'],
    ['互联网 十行动', '互联网十行动', '互联网+行动'],
    ['十三五', '十三五', '十三五'],
    ['“互联网+”', '“互联网+”', '"互联网+"'],
    ['「数据」『共享』', '「数据」『共享』', '"数据""共享"'],
    ['＂引号＂', '"引号"', '"引号"'],
    ['', '', ''],
  ])('%j → token %j, key %j', (input, token, key) => {
    expect(searchToken(input)).toBe(token);
    expect(searchKey(input)).toBe(key);
  });

  it('searchKey folds everything searchToken folds', () => {
    for (const s of ['Ａ Ｂ', '  x\ty\n', 'ǅ', 'ﬁ', '①']) expect(searchKey(s)).toBe(searchToken(s));
  });
});
