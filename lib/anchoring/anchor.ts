/**
 * Re-attaching annotations to a (possibly changed) text.
 *
 * Order, per annotation (modelled on Hypothesis' text-position → text-quote → match-quote chain,
 * but stricter for Chinese and driven by an index instead of whole-text scans):
 *  (a) position: the stripped text at the stored start equals the stripped quote → 'position';
 *  (b) exact occurrences of the stripped quote (bigram-index seeded) scored by prefix/suffix
 *      similarity and distance to the expected position → 'quote' when no fuzzy candidate could
 *      score higher;
 *  (c) fuzzy: candidates seeded by pigeonhole (split the quote into k+1 pieces, one must occur
 *      exactly), verified with bit-parallel Myers on small windows, error bound by length
 *      (maxErrorsFor), scored like (b) → 'fuzzy';
 *  (d) orphan with a reason "code: 中文说明" (see ORPHAN_REASONS).
 * All matching happens on the stripped view (whitespace removed, full-width ASCII folded), so
 * whitespace changes never count as errors. Traditional vs simplified characters are NOT folded:
 * a traditional-script reprint is a different text and only matches within the error bound.
 */
import type { AnchorResult, TextPositionSelector, TextQuoteSelector } from '../annotations/types';
import { alignPrefix, makePattern, searchEnds, type Pattern } from './myers';
import {
  codePointLength,
  exactOccurrences,
  prepare,
  snapToCodePoints,
  strippedCodes,
  type PreparedText,
} from './normalize';

export interface AnchorTargetInput {
  quote: TextQuoteSelector;
  position?: TextPositionSelector | null;
}

export interface AnchorOptions {
  /**
   * Expected start of the passage in the new text (UTF-16 offset), used only to score
   * candidates. Defaults to target.position.start.
   */
  hint?: number;
}

export const ORPHAN_REASONS = {
  'invalid-target': '批注的定位信息无效',
  'empty-quote': '引文为空',
  'not-found': '引文在页面中找不到',
  'context-mismatch': '页面中有相同或相近的文字，但上下文不符，未自动定位',
} as const;
export type OrphanCode = keyof typeof ORPHAN_REASONS;

export function orphanReason(code: OrphanCode): string {
  return `${code}: ${ORPHAN_REASONS[code]}`;
}

/** Split an orphan reason back into its machine code and Chinese message. */
export function parseOrphanReason(reason: string): { code: OrphanCode | 'unknown'; message: string } {
  const i = reason.indexOf(': ');
  const code = i > 0 ? reason.slice(0, i) : '';
  if (code in ORPHAN_REASONS) return { code: code as OrphanCode, message: reason.slice(i + 2) };
  return { code: 'unknown', message: reason };
}

/**
 * Largest number of errors (edits in UTF-16 code units, on the stripped view) a fuzzy match may
 * have, from the quote length in code points: ≤4 → 0, 5–8 → 1, then ⌊len/8⌋ (at least 1),
 * capped at 32.
 */
export function maxErrorsFor(lengthInCodePoints: number): number {
  if (lengthInCodePoints <= 4) return 0;
  if (lengthInCodePoints <= 8) return 1;
  return Math.min(32, Math.max(1, Math.floor(lengthInCodePoints / 8)));
}

// Score weights (higher is better). Quote similarity dominates, then the two contexts, then
// distance to the expected position (linear up to POS_RADIUS stripped code units).
const W_QUOTE = 50;
const W_CONTEXT = 20;
const W_POS = 10;
const POS_RADIUS = 2000;
/** Quotes this short (code points) need prefix or suffix support to anchor anywhere but (a). */
const SHORT_QUOTE = 8;
/** Fuzzy matches of quotes this short need context support too. */
const SHORT_FUZZY_QUOTE = 16;
const MIN_SUPPORT = 0.5;
/** Context longer than this (stripped code units) is cut to it for scoring. */
const MAX_CONTEXT = 64;
/** At most this many candidate windows are verified in the fuzzy step. */
const MAX_WINDOWS = 400;
/** A choice is "confident" when it wins by this much without the position term. */
const CONFIDENT_MARGIN = 1;

interface Candidate {
  s: number;
  e: number;
  errors: number;
  pre: number | null;
  suf: number | null;
  dist: number;
  base: number; // score without the position term
  score: number;
}

export interface DetailedAnchor {
  result: AnchorResult;
  /** The choice did not depend on the position hint (or came from the position check). */
  confident: boolean;
}

function orphan(code: OrphanCode): DetailedAnchor {
  return { result: { status: 'orphan', reason: orphanReason(code) }, confident: true };
}

function isValidPosition(p: unknown, textLength: number): p is TextPositionSelector {
  if (p === null || typeof p !== 'object') return false;
  const { start, end } = p as { start?: unknown; end?: unknown };
  return (
    typeof start === 'number' &&
    typeof end === 'number' &&
    Number.isInteger(start) &&
    Number.isInteger(end) &&
    start >= 0 &&
    start < end &&
    end <= textLength
  );
}

function reversed(a: Uint16Array): Uint16Array {
  const out = new Uint16Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = a[a.length - 1 - i]!;
  return out;
}

function rangeOf(prep: PreparedText, s: number, e: number): [number, number] {
  return snapToCodePoints(prep.text, prep.toOrig[s]!, prep.toOrig[e - 1]! + 1);
}

/** Like anchor(), on a prepared text, also saying whether the choice depended on position. */
export function anchorPrepared(prep: PreparedText, target: AnchorTargetInput, opts: AnchorOptions = {}): DetailedAnchor {
  const quote = (target as { quote?: unknown } | null)?.quote as Partial<TextQuoteSelector> | undefined;
  if (!quote || typeof quote !== 'object' || typeof quote.exact !== 'string') return orphan('invalid-target');
  const prefix = typeof quote.prefix === 'string' ? quote.prefix : '';
  const suffix = typeof quote.suffix === 'string' ? quote.suffix : '';
  const textLen = prep.text.length;
  const position = isValidPosition(target.position, textLen) ? target.position : null;
  const q = strippedCodes(quote.exact);
  const m = q.length;
  const codes = prep.codes;
  const n = codes.length;

  if (m === 0) {
    // A whitespace-only selection can only be re-found where it was.
    if (quote.exact.length > 0 && position && prep.text.slice(position.start, position.end) === quote.exact) {
      return { result: { status: 'anchored', start: position.start, end: position.end, method: 'position' }, confident: true };
    }
    return orphan('empty-quote');
  }

  // (a) position, with a whitespace-tolerant quote check.
  if (position) {
    const ss = prep.toStripped[position.start]!;
    if (ss + m <= n && prep.toOrig[ss]! < position.end) {
      let j = 0;
      while (j < m && codes[ss + j] === q[j]) j++;
      if (j === m) {
        const [start, end] = rangeOf(prep, ss, ss + m);
        return { result: { status: 'anchored', start, end, method: 'position' }, confident: true };
      }
    }
  }
  if (m > n) return orphan('not-found');

  const hintRaw = opts.hint ?? position?.start ?? null;
  const hintS =
    hintRaw === null || !Number.isFinite(hintRaw)
      ? null
      : prep.toStripped[Math.max(0, Math.min(textLen, Math.round(hintRaw)))]!;

  const pre = strippedCodes(prefix);
  const suf = strippedCodes(suffix);
  const preCodes = pre.length > MAX_CONTEXT ? pre.subarray(pre.length - MAX_CONTEXT) : pre;
  const sufCodes = suf.length > MAX_CONTEXT ? suf.subarray(0, MAX_CONTEXT) : suf;
  const prePat = preCodes.length ? makePattern(reversed(preCodes)) : null;
  const sufPat = sufCodes.length ? makePattern(sufCodes) : null;
  const mPoints = codePointLength(q);
  const k = maxErrorsFor(mPoints);

  const score = (s: number, e: number, errors: number): Candidate => {
    let preSim: number | null = null;
    let sufSim: number | null = null;
    if (prePat) {
      const a = alignPrefix(prePat, codes, s - 1, -1, prePat.m + 8 + (prePat.m >> 2));
      preSim = 1 - a.errors / prePat.m;
    }
    if (sufPat) {
      const a = alignPrefix(sufPat, codes, e, 1, sufPat.m + 8 + (sufPat.m >> 2));
      sufSim = 1 - a.errors / sufPat.m;
    }
    const base = W_QUOTE * (1 - errors / m) + W_CONTEXT * (preSim ?? 1) + W_CONTEXT * (sufSim ?? 1);
    const dist = hintS === null ? 0 : Math.abs(s - hintS);
    const pos = hintS === null ? 0 : W_POS * (1 - Math.min(1, dist / POS_RADIUS));
    return { s, e, errors, pre: preSim, suf: sufSim, dist, base, score: base + pos };
  };

  const accepts = (c: Candidate): boolean => {
    const short = mPoints <= SHORT_QUOTE || (c.errors > 0 && mPoints <= SHORT_FUZZY_QUOTE);
    if (!short) return true;
    if (c.pre === null && c.suf === null) return true;
    return Math.max(c.pre ?? 0, c.suf ?? 0) >= MIN_SUPPORT;
  };

  const better = (a: Candidate, b: Candidate): boolean =>
    a.score !== b.score ? a.score > b.score : a.dist !== b.dist ? a.dist < b.dist : a.s < b.s;

  // (b) exact occurrences.
  const candidates: Candidate[] = [];
  const seen = new Set<number>();
  for (const s of exactOccurrences(prep, q)) {
    candidates.push(score(s, s + m, 0));
    seen.add(s * 2097152 + m);
  }
  let best: Candidate | null = null;
  for (const c of candidates) if (accepts(c) && (best === null || better(c, best))) best = c;
  const bestPossibleFuzzy = W_QUOTE * (1 - 1 / m) + 2 * W_CONTEXT + (hintS === null ? 0 : W_POS);
  let method: 'quote' | 'fuzzy' = 'quote';

  // (c) fuzzy, unless an exact candidate already beats anything a fuzzy one could score.
  if (k > 0 && (best === null || best.score < bestPossibleFuzzy)) {
    const qPat = makePattern(q);
    const qRev = makePattern(reversed(q));
    for (const w of fuzzyWindows(prep, q, k, hintS)) {
      for (const em of searchEnds(qPat, codes, w[0], w[1], k)) {
        const a = alignPrefix(qRev, codes, em.end - 1, -1, m + k, m);
        const s = em.end - a.length;
        const key = s * 2097152 + (em.end - s);
        if (a.length === 0 || seen.has(key)) continue;
        seen.add(key);
        const c = score(s, em.end, Math.max(a.errors, em.errors));
        candidates.push(c);
        if (accepts(c) && (best === null || better(c, best))) best = c;
      }
    }
    if (best !== null && best.errors > 0) method = 'fuzzy';
  }

  if (best === null) return orphan(candidates.length > 0 ? 'context-mismatch' : 'not-found');

  let confident = true;
  for (const c of candidates) {
    if (c !== best && accepts(c) && c.base > best.base - CONFIDENT_MARGIN) {
      confident = false;
      break;
    }
  }
  const [start, end] = rangeOf(prep, best.s, best.e);
  const result: AnchorResult =
    method === 'fuzzy'
      ? { status: 'anchored', start, end, method, errors: best.errors }
      : { status: 'anchored', start, end, method, errors: 0 };
  return { result, confident };
}

/**
 * Candidate windows [from, to) of the stripped view for a fuzzy search with at most k errors:
 * split the quote into k+1 pieces (one must occur exactly), collect the diagonals of the pieces'
 * exact occurrences, merge them into windows, best supported (then nearest to the hint) first.
 */
function fuzzyWindows(prep: PreparedText, q: Uint16Array, k: number, hintS: number | null): Array<[number, number]> {
  const m = q.length;
  const n = prep.codes.length;
  const pieces = k + 1;
  const diags: number[] = [];
  for (let i = 0; i < pieces; i++) {
    const a = Math.round((i * m) / pieces);
    const b = Math.round(((i + 1) * m) / pieces);
    if (b <= a) continue;
    for (const st of exactOccurrences(prep, q, a, b)) diags.push(st - a);
  }
  if (diags.length === 0) return [];
  const sorted = Int32Array.from(diags).sort();
  const windows: Array<[number, number, number]> = []; // from, to, support
  for (let i = 0; i < sorted.length; i++) {
    const from = Math.max(0, sorted[i]! - k);
    const to = Math.min(n, sorted[i]! + m + k);
    const last = windows[windows.length - 1];
    if (last && from <= last[1]) {
      last[1] = Math.max(last[1], to);
      last[2]++;
    } else windows.push([from, to, 1]);
  }
  if (windows.length > MAX_WINDOWS) {
    const near = (w: [number, number, number]): number => (hintS === null ? 0 : Math.abs(w[0] - hintS));
    windows.sort((x, y) => y[2] - x[2] || near(x) - near(y));
    windows.length = MAX_WINDOWS;
  }
  return windows.map((w) => [w[0], w[1]]);
}

/**
 * Re-attach one annotation target to `text` (the text model's text; UTF-16 offsets).
 * Never throws on a malformed target: it becomes an orphan with reason 'invalid-target'.
 */
export function anchor(text: string, target: AnchorTargetInput, opts: AnchorOptions = {}): AnchorResult {
  return anchorPrepared(prepare(text), target, opts).result;
}

export interface AnchorAllOptions {
  /**
   * Correct the expected position of annotations whose placement depended on it by the shift
   * observed at the nearest confidently anchored annotation before them (text inserted or
   * removed earlier in the page moves everything after it). Default true; with false every
   * result equals anchor(text, target).
   */
  neighbourHints?: boolean;
}

/**
 * anchor() for many targets on one text: the stripped view and index are built once. Results
 * are in target order.
 */
export function anchorAll(
  text: string,
  targets: readonly AnchorTargetInput[],
  opts: AnchorAllOptions = {},
): AnchorResult[] {
  const prep = prepare(text);
  const runs = targets.map((t) => anchorPrepared(prep, t));
  if (opts.neighbourHints === false) return runs.map((r) => r.result);

  // Shift samples (old start → new start) from confident placements, ordered by old start.
  const samples: Array<[number, number]> = [];
  targets.forEach((t, i) => {
    const r = runs[i]!;
    if (r.confident && r.result.status === 'anchored' && isValidOldPosition(t.position)) {
      samples.push([t.position.start, r.result.start - t.position.start]);
    }
  });
  samples.sort((a, b) => a[0] - b[0]);
  if (samples.length === 0) return runs.map((r) => r.result);

  return targets.map((t, i) => {
    const r = runs[i]!;
    if (r.confident || r.result.status !== 'anchored' || !isValidOldPosition(t.position)) return r.result;
    const old = t.position.start;
    // Last sample at or before `old`, else the first one.
    let lo = 0;
    let hi = samples.length - 1;
    let idx = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (samples[mid]![0] <= old) {
        idx = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    const shift = samples[Math.max(0, idx)]![1];
    if (shift === 0) return r.result;
    return anchorPrepared(prep, t, { hint: old + shift }).result;
  });
}

function isValidOldPosition(p: unknown): p is TextPositionSelector {
  if (p === null || typeof p !== 'object') return false;
  const { start, end } = p as { start?: unknown; end?: unknown };
  return typeof start === 'number' && typeof end === 'number' && Number.isInteger(start) && start >= 0 && end > start;
}
