import { describe, expect, it } from 'vitest';
import { alignPrefix, lcsLength, makePattern, searchEnds } from '../../../lib/anchoring/myers';
import { mulberry32 as rng } from '../../bench/random';

/** Last DP row: semi-global (free start) or anchored (pattern starts at text[0]). */
function lastRow(p: number[], t: number[], anchored: boolean): number[] {
  let prev = t.map((_, j) => (anchored ? j + 1 : 0));
  prev.unshift(0);
  for (let i = 1; i <= p.length; i++) {
    const cur = [i];
    for (let j = 1; j <= t.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (p[i - 1] === t[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev;
}

function lcs(a: number[], b: number[]): number {
  const d = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) d[i]![j] = a[i - 1] === b[j - 1] ? d[i - 1]![j - 1]! + 1 : Math.max(d[i - 1]![j]!, d[i]![j - 1]!);
  return d[a.length]![b.length]!;
}

describe('bit-parallel Myers (multi-block) agrees with the textbook DP', () => {
  const r = rng(7);
  // Small alphabets of CJK code units make many near-matches; lengths cross the 32-bit blocks.
  const cases = Array.from({ length: 400 }, () => {
    const alpha = 2 + Math.floor(r() * 4);
    const m = 1 + Math.floor(r() * 80);
    const n = Math.floor(r() * 120);
    const p = Array.from({ length: m }, () => 0x4e00 + Math.floor(r() * alpha));
    const t = Array.from({ length: n }, () => 0x4e00 + Math.floor(r() * alpha));
    return { p, t, k: Math.floor(r() * m) };
  });

  it('searchEnds reports true scores and always includes the best end', () => {
    for (const { p, t, k } of cases) {
      const row = lastRow(p, t, false);
      const ends = searchEnds(makePattern(p), Uint16Array.from(t), 0, t.length, k);
      for (const e of ends) {
        expect(e.errors).toBe(row[e.end]);
        expect(e.errors).toBeLessThanOrEqual(k);
      }
      const best = t.length ? Math.min(...row.slice(1)) : Infinity;
      if (best <= k) expect(ends.some((e) => e.errors === best)).toBe(true);
      else expect(ends).toEqual([]);
    }
  });

  it('alignPrefix gives the distance to the best-matching text prefix, both directions', () => {
    for (const { p, t } of cases) {
      const row = lastRow(p, t, true);
      const fwd = alignPrefix(makePattern(p), Uint16Array.from(t), 0, 1, t.length);
      expect(fwd.errors).toBe(Math.min(...row));
      expect(row[fwd.length]).toBe(fwd.errors);
      const rt = [...t].reverse();
      const bwd = alignPrefix(makePattern([...p].reverse()), Uint16Array.from(t), t.length - 1, -1, t.length);
      expect(bwd.errors).toBe(Math.min(...lastRow([...p].reverse(), rt, true)));
    }
  });

  it('lcsLength equals the DP LCS of the first 32 pattern units', () => {
    for (const { p, t } of cases) {
      const got = lcsLength(makePattern(p), Uint16Array.from(t), 0, 1, t.length);
      expect(got).toBe(lcs(p.slice(0, 32), t));
    }
  });
});
