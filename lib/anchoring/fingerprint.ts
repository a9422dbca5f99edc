/**
 * Document fingerprints, so the same document is recognised at another URL or in a reprint.
 *
 * fingerprint(text) is a 64-bit SimHash (16 lowercase hex digits) over the character 4-grams
 * (code points) of the normalized text: NFKC (full-width → half-width, compatibility forms),
 * lowercase, and every whitespace, punctuation, symbol and format character removed — so
 * re-wrapping, stray spaces, “” vs "" quotes, full-width vs half-width punctuation and page
 * furniture made of punctuation do not change it. Each 4-gram occurrence votes on all 64 bits
 * with a MurmurHash3-style hash.
 *
 * Identical normalized text gives an identical fingerprint (usable as a key); a lightly edited
 * reprint (OCR slips, a changed sentence) gives a fingerprint a few bits away. similarity() is
 * 1 − Hamming distance / 64; unrelated Chinese texts land near 0.5.
 */

const DROP = /[\s\p{P}\p{S}\p{Cc}\p{Cf}\p{Z}]/gu;

/** The normalized content text the fingerprint is computed on. */
export function normalizeForFingerprint(text: string): string {
  if (typeof text !== 'string') throw new TypeError('normalizeForFingerprint: text must be a string');
  return text.normalize('NFKC').toLowerCase().replace(DROP, '');
}

function mix(h: number, k: number): number {
  k = Math.imul(k, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, 0x1b873593);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

const GRAM = 4;

/** Similarity at or above which two fingerprints are treated as the same document. */
export const SAME_DOCUMENT_SIMILARITY = 56 / 64;

export function fingerprint(text: string): string {
  const norm = normalizeForFingerprint(text);
  const cps = Array.from(norm, (ch) => ch.codePointAt(0)!);
  const votes = new Int32Array(64);
  const grams = Math.max(cps.length > 0 ? 1 : 0, cps.length - GRAM + 1);
  for (let i = 0; i < grams; i++) {
    let h1 = 0x9747b28c;
    let h2 = 0x5bd1e995;
    for (let j = i; j < Math.min(cps.length, i + GRAM); j++) {
      h1 = mix(h1, cps[j]!);
      h2 = mix(h2, cps[j]! ^ 0x2545f491);
    }
    h1 = fmix(h1 ^ GRAM);
    h2 = fmix(h2 ^ (GRAM * 31));
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

const HEX64 = /^[0-9a-f]{16}$/;

/** Number of differing bits between two fingerprints. Throws on malformed input. */
export function hammingDistance(a: string, b: string): number {
  if (!HEX64.test(a) || !HEX64.test(b)) {
    throw new TypeError(`hammingDistance: expected two 16-digit lowercase hex fingerprints, got "${a}" and "${b}"`);
  }
  let d = 0;
  for (let i = 0; i < 16; i += 8) {
    let x = (parseInt(a.slice(i, i + 8), 16) ^ parseInt(b.slice(i, i + 8), 16)) >>> 0;
    while (x) {
      x &= x - 1;
      d++;
    }
  }
  return d;
}

/** 1 − Hamming distance / 64: 1 for the same normalized text, about 0.5 for unrelated texts. */
export function similarity(a: string, b: string): number {
  return 1 - hammingDistance(a, b) / 64;
}
