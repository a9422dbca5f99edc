import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint, hammingDistance, normalizeForFingerprint, SAME_DOCUMENT_SIMILARITY, similarity } from '../../../lib/anchoring';
import { makePolicyText } from '../../bench/anchoring';

const SEED = readFileSync(join(__dirname, '../../../seeds/000_a8d5c490817db3bf.txt'), 'utf8');

describe('fingerprint (64-bit SimHash over character 4-grams)', () => {
  it('is 16 hex digits and deterministic', () => {
    expect(fingerprint(SEED)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(SEED)).toBe(fingerprint(SEED));
  });

  it('ignores whitespace, line wrapping and full-/half-width or curly/straight punctuation', () => {
    // The same document as the gov.cn page would have it: “” quotes, full-width commas, no stray spaces.
    const govcn = SEED.replace(/"([^"]*)"/g, '“$1”')
      .replace(/,/g, '，')
      .replace(/ +/g, '')
      .replace(/\n\n/g, '\n');
    expect(govcn).not.toBe(SEED);
    expect(normalizeForFingerprint(govcn)).toBe(normalizeForFingerprint(SEED));
    expect(fingerprint(govcn)).toBe(fingerprint(SEED));
  });

  it('a reprint with OCR slips and an edited sentence is near; a different document is far', () => {
    const reprint = SEED.replace(/互联网\+/g, (m, at: number) => (at % 3 === 0 ? '互联网十' : m)).replace('形成经济发展新动能', '培育经济发展新动能');
    const near = similarity(fingerprint(SEED), fingerprint(reprint));
    expect(near).toBeGreaterThanOrEqual(SAME_DOCUMENT_SIMILARITY);
    let s = 1;
    const rnd = () => (s = (s * 48271) % 2147483647) / 2147483647;
    const other = makePolicyText(rnd, 9000);
    const far = similarity(fingerprint(SEED), fingerprint(other));
    expect(far).toBeLessThan(SAME_DOCUMENT_SIMILARITY);
    // Half of the document: clearly related, clearly not the same.
    const half = similarity(fingerprint(SEED), fingerprint(SEED.slice(0, SEED.length / 2)));
    expect(half).toBeLessThan(SAME_DOCUMENT_SIMILARITY);
    expect(half).toBeGreaterThan(far);
  });

  it('traditional-script reprints are a different text', () => {
    const trad = SEED.replace(/国/g, '國').replace(/发/g, '發').replace(/业/g, '業').replace(/务/g, '務');
    expect(fingerprint(trad)).not.toBe(fingerprint(SEED));
  });

  it('rejects malformed fingerprints with a clear error', () => {
    expect(() => hammingDistance('xyz', fingerprint(SEED))).toThrow(/16-digit/);
    expect(hammingDistance('0000000000000000', 'ffffffffffffffff')).toBe(64);
    expect(hammingDistance('0000000000000001', '0000000000000000')).toBe(1);
    expect(fingerprint('')).toBe('0000000000000000');
  });
});

describe('fingerprint: the bit-sliced counting gives the plain voting SimHash exactly', () => {
  // The straightforward algorithm (one vote per bit per 4-gram), kept here as the reference:
  // fingerprints stored in users' databases must not change with the faster counting.
  const mix = (h: number, k: number) => {
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    return (Math.imul(h, 5) + 0xe6546b64) | 0;
  };
  const fmix = (h: number) => {
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    return h ^ (h >>> 16);
  };
  function reference(text: string): string {
    const cps = Array.from(normalizeForFingerprint(text), (ch) => ch.codePointAt(0)!);
    const votes = new Int32Array(64);
    const grams = Math.max(cps.length > 0 ? 1 : 0, cps.length - 4 + 1);
    for (let i = 0; i < grams; i++) {
      let h1 = 0x9747b28c;
      let h2 = 0x5bd1e995;
      for (let j = i; j < Math.min(cps.length, i + 4); j++) {
        h1 = mix(h1, cps[j]!);
        h2 = mix(h2, cps[j]! ^ 0x2545f491);
      }
      h1 = fmix(h1 ^ 4);
      h2 = fmix(h2 ^ 124);
      for (let b = 0; b < 32; b++) {
        votes[b]! += (h1 >>> b) & 1 ? 1 : -1;
        votes[32 + b]! += (h2 >>> b) & 1 ? 1 : -1;
      }
    }
    let hi = 0;
    let lo = 0;
    for (let b = 0; b < 32; b++) {
      if (votes[b]! > 0) lo |= 1 << b;
      if (votes[32 + b]! > 0) hi |= 1 << b;
    }
    return (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
  }

  it('on short, long, astral and random texts', () => {
    let seed = 7;
    const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
    const alphabet = '互联网十+工业和信息化部牵头负责到年底前（一）、。，AbC 1２３𠀀😀\u3000';
    const chars = Array.from(alphabet);
    const samples = ['', 'a', 'ab', 'abc', 'abcd', '互联网+协同制造', '𠀀𠀁x😀y'];
    for (let i = 0; i < 40; i++) samples.push(Array.from({ length: Math.floor(rnd() * 3000) }, () => chars[Math.floor(rnd() * chars.length)]).join(''));
    for (const s of samples) expect(fingerprint(s), s.slice(0, 20)).toBe(reference(s));
  });
});
