/**
 * Myers' bit-parallel edit distance (G. Myers 1999, "A fast bit-vector algorithm for approximate
 * string matching based on dynamic programming"), block-based so patterns of any length work:
 * one 32-bit word per 32 pattern code units. Only ever run on small windows of the stripped view
 * (candidate regions found through the bigram index), never on the whole text per annotation.
 *
 * Two modes:
 * - search: the pattern may start anywhere in the window (top DP row all 0) — finds match ends;
 * - prefix: the pattern must start at the first window position (top row 0,1,2,...) — the
 *   distance of the pattern to the best-matching prefix of the window. Used for match starts
 *   (run backwards from a match end) and for prefix/suffix context similarity.
 */

export interface Pattern {
  /** Pattern length in code units. */
  m: number;
  blocks: number;
  /** Open-addressing table: code unit → slot (keys, slot+1 in vals, 0 = empty). */
  keys: Uint16Array;
  vals: Int32Array;
  mask: number;
  /** Equality bit vectors: eq[slot * blocks + b]. */
  eq: Int32Array;
  /** Bit of the last pattern row in the last block. */
  lastBit: number;
}

export function makePattern(codes: ArrayLike<number>): Pattern {
  const m = codes.length;
  const blocks = Math.max(1, Math.ceil(m / 32));
  let size = 8;
  while (size < m * 2) size <<= 1;
  const keys = new Uint16Array(size);
  const vals = new Int32Array(size);
  const mask = size - 1;
  const slots: number[] = [];
  const slotOf = (c: number): number => {
    let h = (Math.imul(c, 0x9e3779b1) >>> 16) & mask;
    for (;;) {
      const v = vals[h]!;
      if (v === 0) {
        keys[h] = c;
        vals[h] = slots.length + 1;
        slots.push(c);
        return slots.length - 1;
      }
      if (keys[h] === c) return v - 1;
      h = (h + 1) & mask;
    }
  };
  const slotIdx: number[] = [];
  for (let i = 0; i < m; i++) slotIdx.push(slotOf(codes[i]!));
  const eq = new Int32Array(Math.max(1, slots.length) * blocks);
  for (let i = 0; i < m; i++) eq[slotIdx[i]! * blocks + (i >> 5)]! |= 1 << (i & 31);
  return { m, blocks, keys, vals, mask, eq, lastBit: 1 << ((m - 1) & 31) };
}

function lookup(p: Pattern, c: number): number {
  let h = (Math.imul(c, 0x9e3779b1) >>> 16) & p.mask;
  for (;;) {
    const v = p.vals[h]!;
    if (v === 0) return -1;
    if (p.keys[h] === c) return v - 1;
    h = (h + 1) & p.mask;
  }
}

// Scratch vectors, grown on demand (JS is single-threaded; every function below finishes
// before returning, so sharing them is safe).
let PV = new Int32Array(64);
let MV = new Int32Array(64);
function scratch(blocks: number): void {
  if (PV.length < blocks) {
    PV = new Int32Array(blocks * 2);
    MV = new Int32Array(blocks * 2);
  }
  for (let b = 0; b < blocks; b++) {
    PV[b] = -1;
    MV[b] = 0;
  }
}

/** Advance all blocks by one text column; returns the change of the last-row score. */
function column(p: Pattern, c: number, topDelta: number): number {
  const blocks = p.blocks;
  const slot = lookup(p, c);
  const base = slot * blocks;
  let hin = topDelta;
  const last = blocks - 1;
  for (let b = 0; b < blocks; b++) {
    let eq = slot < 0 ? 0 : p.eq[base + b]!;
    const pv = PV[b]!;
    const mv = MV[b]!;
    const xv = eq | mv;
    if (hin < 0) eq |= 1;
    const xh = ((((eq & pv) + pv) | 0) ^ pv) | eq;
    let ph = mv | ~(xh | pv);
    let mh = pv & xh;
    const hibit = b === last ? p.lastBit : -0x80000000;
    const hout = (ph & hibit) !== 0 ? 1 : (mh & hibit) !== 0 ? -1 : 0;
    ph <<= 1;
    mh <<= 1;
    if (hin < 0) mh |= 1;
    else if (hin > 0) ph |= 1;
    PV[b] = mh | ~(xv | ph);
    MV[b] = ph & xv;
    hin = hout;
  }
  return hin;
}

export interface EndMatch {
  /** Exclusive end in the text. */
  end: number;
  errors: number;
}

/**
 * Semi-global search of `p` in text[from, to): every end position whose best alignment has at
 * most `maxErrors` errors, as local minima (runs of qualifying ends collapse to their best one).
 */
export function searchEnds(p: Pattern, text: Uint16Array, from: number, to: number, maxErrors: number): EndMatch[] {
  const out: EndMatch[] = [];
  if (p.m === 0) return out;
  scratch(p.blocks);
  let score = p.m;
  let runBest: EndMatch | null = null;
  for (let j = from; j < to; j++) {
    score += column(p, text[j]!, 0);
    if (score <= maxErrors) {
      if (runBest === null || score < runBest.errors) runBest = { end: j + 1, errors: score };
    } else if (runBest !== null) {
      out.push(runBest);
      runBest = null;
    }
  }
  if (runBest !== null) out.push(runBest);
  return out;
}

export interface PrefixAlign {
  /** Number of text code units consumed by the best alignment. */
  length: number;
  errors: number;
}

/**
 * Edit distance between the whole pattern and the best prefix of the text read from `from`
 * in direction `dir` (+1 forwards, -1 backwards), reading at most `maxLen` code units and
 * stopping at the text bounds. Ties prefer the consumed length closest to `preferLen`.
 */
export function alignPrefix(p: Pattern, text: Uint16Array, from: number, dir: 1 | -1, maxLen: number, preferLen = p.m): PrefixAlign {
  if (p.m === 0) return { length: 0, errors: 0 };
  scratch(p.blocks);
  let score = p.m;
  let best: PrefixAlign = { length: 0, errors: p.m };
  let j = from;
  for (let len = 1; len <= maxLen; len++, j += dir) {
    if (j < 0 || j >= text.length) break;
    score += column(p, text[j]!, 1);
    if (score < best.errors || (score === best.errors && Math.abs(len - preferLen) < Math.abs(best.length - preferLen))) {
      best = { length: len, errors: score };
    }
  }
  return best;
}

/**
 * Length of the longest common subsequence of the first ≤32 code units of `p`'s pattern and
 * the text read from `from` in direction `dir` for at most `maxLen` code units (bit-parallel,
 * Allison–Dix / Hyyrö). Unlike edit distance it does not charge for text inserted in between,
 * so context broken by an inserted sentence still counts as present.
 */
export function lcsLength(p: Pattern, text: Uint16Array, from: number, dir: 1 | -1, maxLen: number): number {
  const m = Math.min(32, p.m);
  if (m === 0) return 0;
  const mask = m === 32 ? -1 : (1 << m) - 1;
  const blocks = p.blocks;
  let v = -1;
  let j = from;
  for (let len = 0; len < maxLen; len++, j += dir) {
    if (j < 0 || j >= text.length) break;
    const slot = lookup(p, text[j]!);
    if (slot < 0) continue;
    const u = v & p.eq[slot * blocks]!;
    v = (v + u) | 0 | ((v - u) | 0);
  }
  let zeros = ~v & mask;
  let count = 0;
  while (zeros) {
    zeros &= zeros - 1;
    count++;
  }
  return count;
}
