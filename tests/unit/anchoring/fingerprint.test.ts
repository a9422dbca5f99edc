import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  fingerprint,
  hammingDistance,
  normalizeForFingerprint,
  SAME_DOCUMENT_SIMILARITY,
  similarity,
} from '../../../lib/anchoring';
import { makePolicyText } from '../../bench/anchoring';

const SEED = readFileSync(join(__dirname, '../../../seeds/000_a8d5c490817db3bf.txt'), 'utf8');

describe('fingerprint (64-bit SimHash over character 4-grams)', () => {
  it('is 16 hex digits and deterministic', () => {
    expect(fingerprint(SEED)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(SEED)).toBe(fingerprint(SEED));
  });

  it('ignores whitespace, line wrapping and full-/half-width or curly/straight punctuation', () => {
    // The same document as the gov.cn page would have it: “” quotes, full-width commas, no stray spaces.
    const govcn = SEED.replace(/"([^"]*)"/g, '“$1”').replace(/,/g, '，').replace(/ +/g, '').replace(/\n\n/g, '\n');
    expect(govcn).not.toBe(SEED);
    expect(normalizeForFingerprint(govcn)).toBe(normalizeForFingerprint(SEED));
    expect(fingerprint(govcn)).toBe(fingerprint(SEED));
  });

  it('a reprint with OCR slips and an edited sentence is near; a different document is far', () => {
    const reprint = SEED.replace(/互联网\+/g, (m, at: number) => (at % 3 === 0 ? '互联网十' : m)).replace(
      '形成经济发展新动能',
      '培育经济发展新动能',
    );
    const near = similarity(fingerprint(SEED), fingerprint(reprint));
    expect(near).toBeGreaterThanOrEqual(SAME_DOCUMENT_SIMILARITY);
    let s = 1;
    const rnd = () => ((s = (s * 48271) % 2147483647) / 2147483647);
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
