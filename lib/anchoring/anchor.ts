/**
 * Re-attaching annotations to a (possibly changed) text.
 *
 * Order, per annotation (modelled on Hypothesis' text-position → text-quote → match-quote chain,
 * but stricter for Chinese and driven by an index instead of whole-text scans):
 *  (a) position: the stripped text at the stored start equals the stripped quote → 'position'
 *      (quotes of ≤ 8 characters also need their prefix or suffix, so a coincidence is not taken);
 *  (b) exact occurrences of the stripped quote (bigram-index seeded), scored nearest first;
 *  (c) fuzzy: candidates seeded by pigeonhole (split the quote into k+1 pieces, one must occur
 *      exactly), verified with bit-parallel Myers on small windows around the expected position
 *      first, error bound by length (maxErrorsFor) → 'fuzzy';
 *  (d) orphan with a reason "code: 中文说明" (see ORPHAN_REASONS).
 * Candidates of (b) and (c) compete on one score (higher is better):
 *   50·(1 − errors/len) + 20·prefix similarity + 20·suffix similarity + position term,
 * where the position term is a heavy-tailed prior, w·(1 − log2(1 + d/64) / log2(1 + n/64)),
 * with w = 30 when the caller supplies a corrected expected position (anchorAll does) and 10
 * when only the stored position is known. Ties go to the nearer candidate. Search is branch and
 * bound: exact candidates are scored nearest first and fuzzy windows best bound first, stopping
 * as soon as nothing left could beat the best so far.
 * Quotes of ≤ 8 characters (and fuzzy matches of ≤ 16) must have prefix or suffix at least half
 * intact, and, with a corrected hint, lie within 2,048 characters of it; otherwise orphan.
 * All matching happens on the stripped view (whitespace removed, full-width ASCII and curly
 * quotes folded), so whitespace changes never count as errors. Traditional vs simplified
 * characters are NOT folded: a traditional-script reprint is a different text and only matches
 * within the error bound.
 */
import type { AnchorResult, TextPositionSelector, TextQuoteSelector } from '../annotations/types';
import { alignPrefix, lcsLength, makePattern, searchEnds, type Pattern } from './myers';
import { orphanReason, type OrphanCode } from './reasons';

export { orphanReasonKey, parseOrphanReason } from './reasons';
import { codePointLength, exactOccurrences, prepare, snapToCodePoints, strippedCodes, strippedIndex, type PreparedText } from './normalize';

export interface AnchorTargetInput {
  quote: TextQuoteSelector;
  position?: TextPositionSelector | null;
}

export interface AnchorOptions {
  /**
   * Corrected expected start of the passage in the new text (UTF-16 offset), e.g. the stored
   * start plus the shift observed at neighbouring annotations. Only used to score candidates,
   * and trusted more than the stored position (which is used when this is absent).
   */
  hint?: number;
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
// distance to the expected position, on a log scale (see posScore).
const W_QUOTE = 50;
const W_CONTEXT = 20;
const W_POS = 30;
/** Position weight when the only hint is the stored position (text may have shifted a lot). */
const W_POS_STORED = 10;
const POS_SCALE = 64;
/** Quotes this short (code points) need prefix or suffix support to anchor anywhere but (a). */
const SHORT_QUOTE = 8;
/** Fuzzy matches of quotes this short need context support too. */
const SHORT_FUZZY_QUOTE = 16;
const MIN_SUPPORT = 0.5;
/** ... and must be found within this distance (stripped code units) of the expected position. */
const SHORT_REACH = 2048;
/** Context longer than this (stripped code units) is cut to it for scoring. */
const MAX_CONTEXT = 64;
/** The fuzzy step first searches this far (stripped code units) around the expected position. */
const LOCAL_REACH = 4096;
/** At most this many candidate windows are verified per fuzzy search stage. */
const MAX_WINDOWS = 400;

interface Candidate {
  s: number;
  e: number;
  errors: number;
  pre: number | null;
  suf: number | null;
  dist: number;
  score: number;
}

function orphan(code: OrphanCode): AnchorResult {
  return { status: 'orphan', reason: orphanReason(code) };
}

function isValidPosition(p: unknown, textLength: number): p is TextPositionSelector {
  if (p === null || typeof p !== 'object') return false;
  const { start, end } = p as { start?: unknown; end?: unknown };
  return (
    typeof start === 'number' && typeof end === 'number' && Number.isInteger(start) && Number.isInteger(end) && start >= 0 && start < end && end <= textLength
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

/**
 * A stored context (prefix reversed, suffix as is) with its Myers pattern built on demand.
 * Similarity = the better of (1) 1 − edit distance to the text right next to the candidate, and
 * (2) the share of its first 32 code units found in order within twice that much text, minus
 * 0.1 — so a sentence inserted inside the context (a common edit) does not make the true place
 * look worse than an untouched copy of the paragraph elsewhere.
 */
class Context {
  private pattern: Pattern | null = null;
  /** The edit-distance part of the last sim() (stricter; used for short-quote support). */
  lastEdit = 1;
  constructor(readonly codes: Uint16Array) {}

  /** Similarity (0..1) to the text read from `from` in direction `dir`; null = no context. */
  sim(text: Uint16Array, from: number, dir: 1 | -1): number | null {
    const ctx = this.codes;
    const len = ctx.length;
    if (len === 0) return null;
    let j = 0; // fast path: the context is there verbatim
    for (let i = from; j < len && i >= 0 && i < text.length && text[i] === ctx[j]; i += dir) j++;
    if (j === len) return (this.lastEdit = 1);
    this.pattern ??= makePattern(ctx);
    const edit = 1 - alignPrefix(this.pattern, text, from, dir, len + 8 + (len >> 2)).errors / len;
    this.lastEdit = edit;
    const head = Math.min(32, len);
    const gapped = lcsLength(this.pattern, text, from, dir, 2 * head + 8) / head - 0.1;
    return Math.max(edit, gapped);
  }
}

interface ParsedTarget {
  exact: string;
  /** Stripped quote. */
  q: Uint16Array;
  /** Quote length in code points. */
  points: number;
  pre: Context;
  suf: Context;
  position: TextPositionSelector | null;
  /** Exact occurrences of q in the prepared text, once computed. */
  exactStarts?: number[];
}

function parseTarget(prep: PreparedText, target: AnchorTargetInput): ParsedTarget | null {
  const quote = (target as { quote?: unknown } | null)?.quote as Partial<TextQuoteSelector> | undefined;
  if (!quote || typeof quote !== 'object' || typeof quote.exact !== 'string') return null;
  const pre = strippedCodes(typeof quote.prefix === 'string' ? quote.prefix : '');
  const suf = strippedCodes(typeof quote.suffix === 'string' ? quote.suffix : '');
  const q = strippedCodes(quote.exact);
  return {
    exact: quote.exact,
    q,
    points: codePointLength(q),
    pre: new Context(reversed(pre.length > MAX_CONTEXT ? pre.subarray(pre.length - MAX_CONTEXT) : pre)),
    suf: new Context(suf.length > MAX_CONTEXT ? suf.subarray(0, MAX_CONTEXT) : suf),
    position: isValidPosition(target.position, prep.text.length) ? target.position : null,
  };
}

/** Prefix or suffix (where stored) at least MIN_SUPPORT there by edit distance. */
function supported(t: ParsedTarget, codes: Uint16Array, s: number, e: number): boolean {
  const pre = t.pre.sim(codes, s - 1, -1);
  const preEdit = t.pre.lastEdit;
  const suf = t.suf.sim(codes, e, 1);
  const sufEdit = t.suf.lastEdit;
  if (pre === null && suf === null) return true;
  return Math.max(pre === null ? 0 : preEdit, suf === null ? 0 : sufEdit) >= MIN_SUPPORT;
}

/** (a): the stripped text at the stored start equals the stripped quote. */
function positionCheck(prep: PreparedText, t: ParsedTarget): AnchorResult | null {
  const { q, position } = t;
  const m = q.length;
  if (!position) return null;
  if (m === 0) {
    // A whitespace-only selection can only be re-found where it was.
    return t.exact.length > 0 && prep.text.slice(position.start, position.end) === t.exact
      ? { status: 'anchored', start: position.start, end: position.end, method: 'position' }
      : null;
  }
  if (prep.text.slice(position.start, position.end) === t.exact && t.points > SHORT_QUOTE) {
    return { status: 'anchored', start: position.start, end: position.end, method: 'position' };
  }
  const ss = strippedIndex(prep, position.start);
  if (ss + m > prep.codes.length || prep.toOrig[ss]! >= position.end) return null;
  const codes = prep.codes;
  for (let j = 0; j < m; j++) if (codes[ss + j] !== q[j]) return null;
  if (t.points <= SHORT_QUOTE && !supported(t, codes, ss, ss + m)) return null; // a coincidence
  const [start, end] = rangeOf(prep, ss, ss + m);
  return { status: 'anchored', start, end, method: 'position' };
}

/** Re-attach one target on a prepared text (see anchor()). */
function anchorPrepared(prep: PreparedText, target: AnchorTargetInput, opts: AnchorOptions = {}): AnchorResult {
  const t = parseTarget(prep, target);
  return t === null ? orphan('invalid-target') : anchorParsed(prep, t, opts.hint);
}

/** Position term: W_POS at the expected place, falling with log2(1 + d / POS_SCALE) to 0 at a
 * distance of the whole text — a heavy-tailed prior on how far a passage moves. */
function posScore(d: number, posLog: number, w: number): number {
  return w * Math.max(0, 1 - Math.log2(1 + d / POS_SCALE) / posLog);
}

/** Largest distance whose position term is still >= `points`. */
function posReach(points: number, posLog: number, w: number): number {
  if (w === 0) return 0;
  return Math.ceil(POS_SCALE * (2 ** ((1 - Math.min(w, Math.max(0, points)) / w) * posLog) - 1));
}

function better(a: Candidate, b: Candidate): boolean {
  return a.score !== b.score ? a.score > b.score : a.dist !== b.dist ? a.dist < b.dist : a.s < b.s;
}

interface FuzzyWindow {
  from: number;
  to: number;
  /** Lower bound on the errors of any match in the window: pieces not seen here hold ≥ 1 each. */
  minErrors: number;
  bound: number;
}

/** The state of re-attaching one target: candidates are scored and the best accepted one kept. */
class Search {
  readonly codes: Uint16Array;
  readonly m: number;
  readonly k: number;
  readonly hintS: number | null;
  readonly posLog: number;
  /** Weight of the position term: strong for a corrected hint, weak for the stored position. */
  readonly wPos: number;
  /** The hint is a corrected expected position (not just the stored one). */
  readonly strongHint: boolean;
  readonly farMax: number;
  best: Candidate | null = null;
  /** Candidates that failed the context requirement. */
  rejected = 0;
  private qPat: Pattern | null = null;
  private qRev: Pattern | null = null;
  private seen: Set<number> | null = null;

  constructor(
    readonly prep: PreparedText,
    readonly t: ParsedTarget,
    hint: number | undefined,
  ) {
    this.codes = prep.codes;
    this.m = t.q.length;
    this.k = maxErrorsFor(t.points);
    const n = prep.codes.length;
    this.posLog = Math.log2(1 + Math.max(n, POS_SCALE) / POS_SCALE);
    this.strongHint = hint !== undefined && Number.isFinite(hint);
    this.wPos = this.strongHint ? W_POS : W_POS_STORED;
    const hintRaw = this.strongHint ? hint! : (t.position?.start ?? null);
    this.hintS = hintRaw === null || !Number.isFinite(hintRaw) ? null : strippedIndex(prep, Math.max(0, Math.min(prep.text.length, Math.round(hintRaw))));
    this.farMax = W_QUOTE * (1 - 1 / this.m) + 2 * W_CONTEXT;
  }

  dist(s: number): number {
    return this.hintS === null ? 0 : Math.abs(s - this.hintS);
  }

  pos(d: number): number {
    return this.hintS === null ? 0 : posScore(d, this.posLog, this.wPos);
  }

  consider(s: number, e: number, errors: number): void {
    const t = this.t;
    const pre = t.pre.sim(this.codes, s - 1, -1);
    const preEdit = t.pre.lastEdit;
    const suf = t.suf.sim(this.codes, e, 1);
    const sufEdit = t.suf.lastEdit;
    const dist = this.dist(s);
    const score = W_QUOTE * (1 - errors / this.m) + W_CONTEXT * (pre ?? 1) + W_CONTEXT * (suf ?? 1) + this.pos(dist);
    const c: Candidate = { s, e, errors, pre, suf, dist, score };
    // Short quotes (and short fuzzy matches) must stay near the expected position and have
    // their prefix or suffix (by edit distance) at least half there.
    const short = t.points <= SHORT_QUOTE || (errors > 0 && t.points <= SHORT_FUZZY_QUOTE);
    const unsupported = (pre !== null || suf !== null) && Math.max(pre === null ? 0 : preEdit, suf === null ? 0 : sufEdit) < MIN_SUPPORT;
    if (short && (unsupported || (this.strongHint && dist > SHORT_REACH))) this.rejected++;
    else if (this.best === null || better(c, this.best)) this.best = c;
  }

  /** (b) exact occurrences, nearest first; stop once even a perfect context could not win. */
  exact(starts: readonly number[]): void {
    const byDistance = this.hintS === null ? starts : [...starts].sort((x, y) => this.dist(x) - this.dist(y) || x - y);
    const top = W_QUOTE + 2 * W_CONTEXT;
    for (const s of byDistance) {
      if (this.best !== null && top + this.pos(this.dist(s)) <= this.best.score) break;
      this.consider(s, s + this.m, 0);
    }
  }

  /** Candidates starting farther than this from the hint cannot beat the best so far. */
  reach(): number {
    if (this.best === null || this.hintS === null || this.best.score < this.farMax) return Infinity;
    return posReach(this.best.score - this.farMax, this.posLog, this.wPos);
  }

  /** (c) fuzzy: around the expected position first, then wider only if something there could win. */
  fuzzy(exactStarts: readonly number[]): void {
    const { m, k, hintS } = this;
    if (k === 0) return;
    if (this.best !== null && this.best.score >= this.farMax + (hintS === null ? 0 : this.wPos)) return;
    let done: [number, number] | null = null;
    if (hintS !== null) {
      const r = Math.min(LOCAL_REACH, this.reach());
      done = [hintS - r - m - k, hintS + r + k];
      this.searchRange(done[0], done[1], null, exactStarts);
    }
    const r = this.reach();
    if (done === null || r > LOCAL_REACH) {
      const wide = hintS === null || r === Infinity;
      this.searchRange(wide ? 0 : hintS - r - m - k, wide ? this.codes.length : hintS + r + k, done, exactStarts);
    }
  }

  /** Verify the windows of matches starting in [lo, hi] (except those inside `skip`), best bound first. */
  private searchRange(lo: number, hi: number, skip: [number, number] | null, exactStarts: readonly number[]): void {
    const { m, k, hintS, codes } = this;
    const windows = fuzzyWindows(this.prep, this.t.q, k, lo, hi, exactStarts);
    for (const w of windows) {
      const d = hintS === null ? 0 : hintS < w.from ? w.from - hintS : hintS > w.to ? hintS - w.to : 0;
      w.bound = W_QUOTE * (1 - w.minErrors / m) + 2 * W_CONTEXT + this.pos(d);
    }
    windows.sort((x, y) => y.bound - x.bound);
    for (let wi = 0; wi < windows.length && wi < MAX_WINDOWS; wi++) {
      const w = windows[wi]!;
      if (this.best !== null && w.bound < this.best.score) break;
      if (skip && w.from >= skip[0] && w.to <= skip[1]) continue;
      this.qPat ??= makePattern(this.t.q);
      for (const em of searchEnds(this.qPat, codes, w.from, w.to, k)) {
        this.qRev ??= makePattern(reversed(this.t.q));
        const a = alignPrefix(this.qRev, codes, em.end - 1, -1, m + k, m);
        const s = em.end - a.length;
        if (a.length === 0) continue;
        const key = s * 2097152 + (em.end - s);
        this.seen ??= new Set<number>();
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        this.consider(s, em.end, Math.max(a.errors, em.errors));
      }
    }
  }
}

function anchorParsed(prep: PreparedText, t: ParsedTarget, hint: number | undefined): AnchorResult {
  const byPosition = positionCheck(prep, t);
  if (byPosition) return byPosition;
  if (t.q.length === 0) return orphan('empty-quote');
  if (t.q.length > prep.codes.length) return orphan('not-found');
  const search = new Search(prep, t, hint);
  const exactStarts = (t.exactStarts ??= exactOccurrences(prep, t.q));
  search.exact(exactStarts);
  search.fuzzy(exactStarts);
  const chosen = search.best;
  if (chosen === null) return orphan(search.rejected > 0 ? 'context-mismatch' : 'not-found');
  const [start, end] = rangeOf(prep, chosen.s, chosen.e);
  return chosen.errors > 0
    ? { status: 'anchored', start, end, method: 'fuzzy', errors: chosen.errors }
    : { status: 'anchored', start, end, method: 'quote', errors: 0 };
}

/**
 * A placement that does not depend on the position hint, for anchorAll's shift estimate:
 * the position check, or the only exact occurrence of a quote of 9+ characters with its
 * prefix and suffix (where stored) at least 75% intact. Returns the new start or null.
 */
function reliableStart(prep: PreparedText, t: ParsedTarget): number | null {
  const byPosition = positionCheck(prep, t);
  if (byPosition) return byPosition.status === 'anchored' ? byPosition.start : null;
  if (t.points <= SHORT_QUOTE) return null;
  const occ = (t.exactStarts ??= exactOccurrences(prep, t.q));
  if (occ.length !== 1) return null;
  const s = occ[0]!;
  if ((t.pre.sim(prep.codes, s - 1, -1) ?? 1) < 0.75 || (t.suf.sim(prep.codes, s + t.q.length, 1) ?? 1) < 0.75) return null;
  return rangeOf(prep, s, s + t.q.length)[0];
}

/**
 * Candidate windows [from, to) of the stripped view for a fuzzy search with at most k errors
 * whose match would start in [lo, hi]: split the quote into k+1 pieces (one of them must occur
 * exactly), collect the diagonals of the pieces' exact occurrences and merge them into windows.
 * Windows holding a known exact occurrence are dropped (that candidate is scored already).
 */
function fuzzyWindows(prep: PreparedText, q: Uint16Array, k: number, lo: number, hi: number, exactStarts: readonly number[]): FuzzyWindow[] {
  const m = q.length;
  const n = prep.codes.length;
  const pieces = k + 1;
  const keys: number[] = [];
  for (let i = 0; i < pieces; i++) {
    const a = Math.round((i * m) / pieces);
    const b = Math.round(((i + 1) * m) / pieces);
    if (b <= a) continue;
    for (const st of exactOccurrences(prep, q, a, b, lo + a, hi + a)) keys.push((st - a) * 64 + i);
  }
  if (keys.length === 0) return [];
  const sorted = Float64Array.from(keys).sort();
  const windows: FuzzyWindow[] = [];
  const lastWin = new Int32Array(pieces).fill(-1);
  let distinct = 0;
  const close = (): void => {
    const w = windows[windows.length - 1];
    if (w) w.minErrors = Math.max(1, pieces - distinct);
  };
  for (let i = 0; i < sorted.length; i++) {
    const diag = Math.floor(sorted[i]! / 64);
    const piece = sorted[i]! - diag * 64;
    const from = Math.max(0, diag - k);
    const to = Math.min(n, diag + m + k);
    const last = windows[windows.length - 1];
    if (last && from <= last.to) {
      last.to = Math.max(last.to, to);
    } else {
      close();
      windows.push({ from, to, minErrors: 1, bound: 0 });
      distinct = 0;
    }
    if (lastWin[piece] !== windows.length - 1) {
      lastWin[piece] = windows.length - 1;
      distinct++;
    }
  }
  close();
  // Drop windows that contain a known exact occurrence (both lists are ascending).
  if (exactStarts.length === 0) return windows;
  const out: FuzzyWindow[] = [];
  let e = 0;
  for (const w of windows) {
    while (e < exactStarts.length && exactStarts[e]! < w.from) e++;
    if (e < exactStarts.length && exactStarts[e]! < w.to) continue;
    out.push(w);
  }
  return out;
}

/**
 * Re-attach one annotation target to `text` (the text model's text; UTF-16 offsets).
 * Never throws on a malformed target: it becomes an orphan with reason 'invalid-target'.
 */
export function anchor(text: string, target: AnchorTargetInput, opts: AnchorOptions = {}): AnchorResult {
  return anchorPrepared(prepare(text), target, opts);
}

export interface AnchorAllOptions {
  /**
   * Correct each annotation's expected position by the shift (new start − old start) observed
   * at reliably placed annotations near it (median of the 5 nearest, see reliableStart; needs at
   * least 3 such annotations): text inserted or removed earlier in the page moves everything
   * after it. Default true; with false every result equals anchor(text, target).
   */
  neighbourHints?: boolean;
}

/**
 * anchor() for many targets on one text: the stripped view and index are built once, then each
 * target costs roughly its candidates, not the text length. Results are in target order.
 */
export function anchorAll(text: string, targets: readonly AnchorTargetInput[], opts: AnchorAllOptions = {}): AnchorResult[] {
  const prep = prepare(text);
  const parsed = targets.map((t) => parseTarget(prep, t));
  if (opts.neighbourHints === false) {
    return parsed.map((t) => (t === null ? orphan('invalid-target') : anchorParsed(prep, t, undefined)));
  }

  // Shift samples (old start, shift) from placements that do not depend on position.
  const samples: Array<[number, number]> = [];
  targets.forEach((target, i) => {
    const t = parsed[i];
    if (!t || !isValidOldPosition(target?.position)) return;
    const s = reliableStart(prep, t);
    if (s !== null) samples.push([target.position.start, s - target.position.start]);
  });
  samples.sort((a, b) => a[0] - b[0]);

  return targets.map((target, i) => {
    const t = parsed[i];
    if (!t) return orphan('invalid-target');
    if (samples.length < MIN_SHIFT_SAMPLES || !isValidOldPosition(target.position)) {
      return anchorParsed(prep, t, undefined);
    }
    const old = target.position.start;
    return anchorParsed(prep, t, old + localShift(samples, old));
  });
}

/** Samples used per shift estimate; their median resists a few wrong placements. */
const SHIFT_SAMPLES = 5;
/** Fewer reliable placements than this on the page: no neighbour hints at all. */
const MIN_SHIFT_SAMPLES = 3;

/** Median shift of the SHIFT_SAMPLES samples nearest to `old` (samples sorted by old start). */
function localShift(samples: ReadonlyArray<[number, number]>, old: number): number {
  let lo = 0;
  let hi = samples.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (samples[mid]![0] < old) lo = mid + 1;
    else hi = mid;
  }
  // samples[lo - 1] < old <= samples[lo]: widen outwards, nearest first.
  let left = lo - 1;
  let right = lo;
  const shifts: number[] = [];
  while (shifts.length < SHIFT_SAMPLES && (left >= 0 || right < samples.length)) {
    const dl = left >= 0 ? old - samples[left]![0] : Infinity;
    const dr = right < samples.length ? samples[right]![0] - old : Infinity;
    if (dl <= dr) shifts.push(samples[left--]![1]);
    else shifts.push(samples[right++]![1]);
  }
  shifts.sort((x, y) => x - y);
  return shifts[shifts.length >> 1]!;
}

function isValidOldPosition(p: unknown): p is TextPositionSelector {
  if (p === null || typeof p !== 'object') return false;
  const { start, end } = p as { start?: unknown; end?: unknown };
  return typeof start === 'number' && typeof end === 'number' && Number.isInteger(start) && start >= 0 && end > start;
}
