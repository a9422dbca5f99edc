/**
 * Document fingerprints: what identifies a document's text, and what finds its near copies.
 *
 * documentFingerprints(text) is the one entry point for a page's content text. It normalises
 * once and gives
 *  - contentHash: SHA-256 (64 lowercase hex digits) of the normalised text — the strong identity
 *    a document record is matched by (together with the site, see lib/store);
 *  - simhash: the 64-bit SimHash below — only ever a suggestion ("looks like …"), never an identity.
 * Both are null for empty or short content (under MIN_FINGERPRINT_CHARS normalised characters):
 * a short text says too little to be recognised by, and every empty page would look the same.
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

/** Similarity at or above which two SimHashes are likely the same text with light edits (a measure for tests; identity never uses it). */
export const SAME_DOCUMENT_SIMILARITY = 56 / 64;

/**
 * The SimHash of any text, short or empty included (the empty text gives 0000000000000000):
 * the algorithm itself. Identity and near matches use documentFingerprints, which refuses
 * short content.
 */
export function fingerprint(text: string): string {
  const norm = normalizeForFingerprint(text);
  // Code points in a typed array (no per-character closure).
  const cps = new Int32Array(norm.length);
  let n = 0;
  for (let i = 0; i < norm.length; i++) {
    const c = norm.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < norm.length) {
      const d = norm.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) {
        cps[n++] = ((c - 0xd800) << 10) + (d - 0xdc00) + 0x10000;
        i++;
        continue;
      }
    }
    cps[n++] = c;
  }
  const grams = Math.max(n > 0 ? 1 : 0, n - GRAM + 1);
  // Bit-sliced counters: lo[k] / hi[k] hold bit k of the per-position count of 1 bits, for all
  // 32 positions at once, so a gram costs a few word operations instead of 64 votes.
  const lo = new Int32Array(32);
  const hi = new Int32Array(32);
  for (let i = 0; i < grams; i++) {
    let h1 = 0x9747b28c;
    let h2 = 0x5bd1e995;
    const end = Math.min(n, i + GRAM);
    for (let j = i; j < end; j++) {
      h1 = mix(h1, cps[j]!);
      h2 = mix(h2, cps[j]! ^ 0x2545f491);
    }
    let carry = fmix(h1 ^ GRAM);
    for (let k = 0; carry !== 0; k++) {
      const t = lo[k]! & carry;
      lo[k]! ^= carry;
      carry = t;
    }
    carry = fmix(h2 ^ (GRAM * 31));
    for (let k = 0; carry !== 0; k++) {
      const t = hi[k]! & carry;
      hi[k]! ^= carry;
      carry = t;
    }
  }
  // A position votes 1 when its 1 bits outnumber its 0 bits: ones > grams - ones.
  const ones = (counters: Int32Array, b: number): number => {
    let v = 0;
    for (let k = 0; k < 32; k++) if ((counters[k]! >>> b) & 1) v += 2 ** k;
    return v;
  };
  let hiWord = 0;
  let loWord = 0;
  for (let b = 0; b < 32; b++) {
    if (2 * ones(lo, b) > grams) loWord |= 1 << b;
    if (2 * ones(hi, b) > grams) hiWord |= 1 << b;
  }
  return (hiWord >>> 0).toString(16).padStart(8, '0') + (loWord >>> 0).toString(16).padStart(8, '0');
}

/** Normalised characters (code points) below which a text is not fingerprinted at all. */
export const MIN_FINGERPRINT_CHARS = 200;

export interface DocumentFingerprints {
  contentHash: string | null;
  simhash: string | null;
}

function codePointCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) i++;
    n++;
  }
  return n;
}

async function sha256Hex(s: string): Promise<string> {
  const digest = await globalThis.crypto.subtle.digest('SHA-256', new TextEncoder().encode(s));
  let hex = '';
  for (const b of new Uint8Array(digest)) hex += b.toString(16).padStart(2, '0');
  return hex;
}

/** SHA-256 of the normalised content text; null for empty or short content. */
export async function contentHash(text: string): Promise<string | null> {
  const norm = normalizeForFingerprint(text);
  return codePointCount(norm) < MIN_FINGERPRINT_CHARS ? null : sha256Hex(norm);
}

/** contentHash and SimHash of a page's content text; both null for empty or short content. */
export async function documentFingerprints(text: string): Promise<DocumentFingerprints> {
  const norm = normalizeForFingerprint(text);
  if (codePointCount(norm) < MIN_FINGERPRINT_CHARS) return { contentHash: null, simhash: null };
  return { contentHash: await sha256Hex(norm), simhash: fingerprint(text) };
}

/** Hamming distance at or below which another document is offered as a near match. */
export const NEAR_MATCH_DISTANCE = 3;

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
