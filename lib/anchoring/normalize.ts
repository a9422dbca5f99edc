/**
 * The "stripped view" of a text used for anchoring: whitespace removed, a few 1:1 character
 * folds applied, with index maps back to the original UTF-16 offsets; plus a hashed bigram
 * index of the stripped view so exact and fuzzy candidates can be found without scanning the
 * whole text for every annotation.
 *
 * Why strip: the text model collapses whitespace, pages re-wrap, newspaper reprints insert
 * stray spaces inside words ("工业和信 息化部") and full-width spaces (U+3000) are indentation.
 * None of that is a difference in the quoted words, so none of it may count as an error.
 */

/** True for code units that never count as content when anchoring. */
export function isSpaceCode(c: number): boolean {
  if (c <= 0x20) return true; // ASCII controls, \t, \n, \r, space
  if (c < 0x7f) return false;
  return (
    c === 0x7f ||
    c === 0x85 ||
    c === 0xa0 ||
    c === 0xad || // soft hyphen
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200d) || // en/em spaces, thin space, zero-width space/joiners
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x2060 ||
    c === 0x3000 || // ideographic (full-width) space
    c === 0xfeff
  );
}

/**
 * 1:1 code-unit fold applied to the stripped view (so lengths stay aligned with the index map):
 * full-width ASCII forms (！ to ～) become ASCII, curly quotes become straight quotes.
 * Everything else, including traditional vs simplified characters, is left alone — unlike the
 * analysis view (lib/analysis/normalize.ts), which folds traditional characters to find structure
 * in traditional-script reprints. A stored quote must go on matching where it matched when it
 * was made: folding here would let it match new places and change which occurrence wins.
 */
function foldCode(c: number): number {
  if (c >= 0xff01 && c <= 0xff5e) return c - 0xfee0;
  if (c === 0x201c || c === 0x201d || c === 0x201e || c === 0x301d || c === 0x301e) return 0x22; // “ ” „ 〝 〞
  if (c === 0x2018 || c === 0x2019) return 0x27; // ‘ ’
  return c;
}

let FOLD: Uint16Array | null = null;
/** Code unit → folded code unit, 0 for whitespace (built once, 128 KB). */
function foldTable(): Uint16Array {
  if (FOLD === null) {
    FOLD = new Uint16Array(65536);
    for (let c = 1; c < 65536; c++) FOLD[c] = isSpaceCode(c) ? 0 : foldCode(c);
  }
  return FOLD;
}

/** Stripped + folded code units of a short string (a quote, prefix or suffix). */
export function strippedCodes(s: string): Uint16Array {
  const fold = foldTable();
  const tmp = new Uint16Array(s.length);
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const f = fold[s.charCodeAt(i)]!;
    if (f !== 0) tmp[n++] = f;
  }
  return n === s.length ? tmp : tmp.slice(0, n);
}

/** Number of index buckets for the hashed bigram index (power of two). */
const BUCKET_BITS = 16;
const BUCKETS = 1 << BUCKET_BITS;

function bigramBucket(a: number, b: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> (32 - BUCKET_BITS);
}

export interface PreparedText {
  /** The original text (UTF-16). */
  text: string;
  /** Stripped + folded code units. */
  codes: Uint16Array;
  /** Stripped index → original offset; length codes.length + 1 (last entry = text.length). */
  toOrig: Uint32Array;
  /** Bigram index: positions p (bigram codes[p], codes[p+1]) grouped by bucket, ascending. */
  bucketStart: Int32Array;
  bucketPos: Int32Array;
}

/** Build the stripped view, index map and bigram index once per text: O(n). */
export function prepare(text: string): PreparedText {
  if (typeof text !== 'string') throw new TypeError('prepare: text must be a string');
  const n = text.length;
  const fold = foldTable();
  const codesFull = new Uint16Array(n);
  const toOrigFull = new Uint32Array(n + 1);
  const counts = new Int32Array(BUCKETS + 1);
  let k = 0;
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const c = fold[text.charCodeAt(i)]!;
    if (c === 0) continue;
    codesFull[k] = c;
    toOrigFull[k] = i;
    if (prev >= 0) counts[(Math.imul(prev ^ Math.imul(c, 0x85ebca6b), 0x9e3779b1) >>> (32 - BUCKET_BITS)) + 1]!++;
    prev = c;
    k++;
  }
  toOrigFull[k] = n;
  const codes = codesFull.subarray(0, k);
  const toOrig = toOrigFull.subarray(0, k + 1);

  // Counting sort of bigram positions by bucket: bucketStart[b]..bucketStart[b+1].
  for (let b = 0; b < BUCKETS; b++) counts[b + 1]! += counts[b]!;
  const bucketStart = counts;
  const fill = bucketStart.slice(0, BUCKETS);
  const bucketPos = new Int32Array(Math.max(0, k - 1));
  for (let p = 0; p + 1 < k; p++) {
    const h = Math.imul(codes[p]! ^ Math.imul(codes[p + 1]!, 0x85ebca6b), 0x9e3779b1) >>> (32 - BUCKET_BITS); // = bigramBucket
    bucketPos[fill[h]!++] = p;
  }

  return { text, codes, toOrig, bucketStart, bucketPos };
}

/** Stripped index of an original offset: the number of kept code units before it. */
export function strippedIndex(prep: PreparedText, offset: number): number {
  const t = prep.toOrig;
  let lo = 0;
  let hi = t.length - 1; // t[hi] = text.length >= offset
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (t[mid]! < offset) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Number of indexed positions whose bigram falls in the same bucket as (a, b). */
function bucketSize(prep: PreparedText, a: number, b: number): number {
  const h = bigramBucket(a, b);
  return prep.bucketStart[h + 1]! - prep.bucketStart[h]!;
}

/**
 * All start positions (stripped coordinates, ascending) where `pat[from..to)` occurs exactly in
 * the stripped view, optionally only those in [lo, hi]. Uses the rarest bigram of the piece as
 * the seed (bucket positions are sorted, so a range is a binary search away); one code unit
 * pieces fall back to a linear scan.
 */
export function exactOccurrences(prep: PreparedText, pat: Uint16Array, from = 0, to = pat.length, lo = 0, hi = Number.MAX_SAFE_INTEGER): number[] {
  const m = to - from;
  const codes = prep.codes;
  const n = codes.length;
  const out: number[] = [];
  const first = Math.max(0, lo);
  const last = Math.min(n - m, hi);
  if (m <= 0 || last < first) return out;
  if (m === 1) {
    const c = pat[from]!;
    for (let i = first; i <= last; i++) if (codes[i] === c) out.push(i);
    return out;
  }
  let best = from;
  let bestSize = Infinity;
  for (let i = from; i + 1 < to; i++) {
    const size = bucketSize(prep, pat[i]!, pat[i + 1]!);
    if (size < bestSize) {
      bestSize = size;
      best = i;
      if (size === 0) return out;
    }
  }
  const h = bigramBucket(pat[best]!, pat[best + 1]!);
  const off = best - from;
  const pos = prep.bucketPos;
  let q = prep.bucketStart[h]!;
  const end = prep.bucketStart[h + 1]!;
  if (first > 0) {
    // First bucket entry >= first + off.
    let a = q;
    let b = end;
    const want = first + off;
    while (a < b) {
      const mid = (a + b) >> 1;
      if (pos[mid]! < want) a = mid + 1;
      else b = mid;
    }
    q = a;
  }
  for (; q < end; q++) {
    const st = pos[q]! - off;
    if (st < first) continue;
    if (st > last) break;
    let j = 0;
    while (j < m && codes[st + j] === pat[from + j]) j++;
    if (j === m) out.push(st);
  }
  return out;
}

/** Move an original-text range outward so it never splits a surrogate pair. */
export function snapToCodePoints(text: string, start: number, end: number): [number, number] {
  let s = start;
  let e = end;
  if (s > 0 && s < text.length && isLowSurrogate(text.charCodeAt(s)) && isHighSurrogate(text.charCodeAt(s - 1))) s--;
  if (e > 0 && e < text.length && isHighSurrogate(text.charCodeAt(e - 1)) && isLowSurrogate(text.charCodeAt(e))) e++;
  return [s, e];
}

export function isHighSurrogate(c: number): boolean {
  return c >= 0xd800 && c <= 0xdbff;
}
export function isLowSurrogate(c: number): boolean {
  return c >= 0xdc00 && c <= 0xdfff;
}

/** Length in code points of a code-unit array. */
export function codePointLength(codes: Uint16Array): number {
  let n = 0;
  for (let i = 0; i < codes.length; i++) if (!isLowSurrogate(codes[i]!) || i === 0 || !isHighSurrogate(codes[i - 1]!)) n++;
  return n;
}
