/**
 * Offset-keeping normalization.
 *
 * The engine never analyses the original string directly. It builds a *view*:
 *  - `s`: a compact, normalized string (traditional → simplified, full-width → ASCII,
 *    OCR "互联网十" → "互联网+", whitespace inside CJK runs removed);
 *  - `rawSlice(v, a, b)`: the same compact text with the original characters (for text "as
 *    written"), read from the original text through the map (no second string is built);
 *  - `map`: for each code unit of `s`, its offset in the original text.
 * Every offset the engine outputs is mapped back through `map`, so it refers to the ORIGINAL text.
 */
import { TRAD_TO_SIMP } from './tradsimp';

export interface TextView {
  /** Compact normalized text. */
  s: string;
  /** map[i] = original offset of s[i]; map[s.length] = original end of the viewed range. */
  map: Uint32Array;
  /** Original text. */
  text: string;
  /** Original range viewed. */
  range: [number, number];
}

/** Code unit → normalized code unit (1:1: full-width → ASCII, traditional → simplified, dashes, quotes), built once. */
let NORM_TABLE: Uint16Array | null = null;
function normTable(): Uint16Array {
  if (NORM_TABLE) return NORM_TABLE;
  const t = new Uint16Array(65536);
  for (let c = 0; c < 65536; c++) t[c] = c;
  for (let c = 0xff01; c <= 0xff5e; c++) t[c] = c - 0xfee0;
  for (const [k, v] of TRAD_TO_SIMP) t[k.charCodeAt(0)] = v.charCodeAt(0);
  for (const c of [0x2013, 0x2012, 0x2015, 0x2212, 0xff0d]) t[c] = 0x2d;
  t[0x2018] = t[0x2019] = 0x27;
  t[0x30fb] = 0xb7;
  NORM_TABLE = t;
  return t;
}

function isSpaceCode(c: number): boolean {
  return c === 0x20 || c === 0xa0 || c === 0x3000 || c === 0x0d || (c >= 0x2000 && c <= 0x200b) || c === 0x202f || c === 0x205f || c === 0xfeff;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

const UTF16 = typeof TextDecoder !== 'undefined' ? new TextDecoder('utf-16le') : null;
/** Longest text whose code buffers are kept between calls (UTF-16 units; 2 × 2 MB). */
const SCRATCH_MAX = 1 << 20;
let SCRATCH_S = new Uint16Array(0);

function codesToString(codes: Uint16Array, n: number, surrogates: boolean): string {
  // Lone surrogates would be replaced by U+FFFD: only use the decoder when there are none.
  if (UTF16 && !surrogates) return UTF16.decode(new Uint8Array(codes.buffer, codes.byteOffset, n * 2));
  let out = '';
  const CHUNK = 8192;
  for (let i = 0; i < n; i += CHUNK) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + CHUNK)) as unknown as number[]);
  return out;
}

/** A closing bracket within 120 characters after `from`, before any line break or new opening bracket. */
function closesSoon(text: string, from: number, end: number): boolean {
  const limit = Math.min(end, from + 120);
  for (let k = from; k < limit; k++) {
    const c = text.charCodeAt(k);
    if (c === 0x29 || c === 0xff09 || c === 0x3015) return true; // ) ） 〕
    if (c === 0x0a || c === 0x28 || c === 0xff08 || c === 0x3014) return false;
  }
  return false;
}

/**
 * Build a compact normalized view of text[range]. Whitespace runs (not \n or \t) are dropped
 * unless they separate two ASCII letters/digits (as in "Web Annotation").
 */
export function buildView(text: string, range?: [number, number]): TextView {
  const start = Math.max(0, Math.min(range?.[0] ?? 0, text.length));
  const end = Math.max(start, Math.min(range?.[1] ?? text.length, text.length));
  const table = normTable();
  const len = end - start;
  // The code buffer only feeds the string decoder: reuse module scratch space (no re-entrancy),
  // up to SCRATCH_MAX: the background lives long, and one huge page must not keep its 2-byte
  // code buffer allocated for good.
  let sCodes: Uint16Array;
  if (len > SCRATCH_MAX) sCodes = new Uint16Array(len);
  else {
    if (SCRATCH_S.length < len) SCRATCH_S = new Uint16Array(Math.min(SCRATCH_MAX, len + (len >> 2)));
    sCodes = SCRATCH_S;
  }
  const map = new Uint32Array(len + 1);
  let surrogates = false;
  let n = 0;
  let parenDepth = 0;
  // The last three codes written, kept in locals: reading them back from the buffer on rare
  // paths leaves the optimizer without type feedback, which deoptimizes the whole loop.
  let p1 = -1;
  let p2 = -1;
  let p3 = -1;
  for (let i = start; i < end; i++) {
    const c = text.charCodeAt(i);
    if (isSpaceCode(c)) {
      let j = i;
      while (j < end && isSpaceCode(text.charCodeAt(j))) j++;
      const next = j < end ? table[text.charCodeAt(j)]! : -1;
      if (c !== 0x0d && p1 >= 0 && next >= 0 && isAsciiAlnum(p1) && isAsciiAlnum(next)) {
        sCodes[n] = 0x20;
        map[n++] = i;
        p3 = p2;
        p2 = p1;
        p1 = 0x20;
      }
      i = j - 1;
      continue;
    }
    if (c >= 0xd800 && c <= 0xdfff) surrogates = true;
    if (c === 0x0a) {
      // A line break inside a parenthetical that closes a little later on the next line is a
      // <br> in the middle of a clause ("（工业和信息化部、<br>财政部等负责）"): drop it.
      if (parenDepth > 0 && closesSoon(text, i + 1, end)) continue;
      parenDepth = 0;
    }
    let nc = table[c]!;
    if (nc === 0x28 || nc === 0x3014) parenDepth++;
    else if ((nc === 0x29 || nc === 0x3015) && parenDepth > 0) parenDepth--;
    // OCR slip: "互联网十" → "互联网+" (十 right after 互联网, spaces in between already dropped).
    if (nc === 0x5341 && p1 === 0x7f51 && p2 === 0x8054 && p3 === 0x4e92) nc = 0x2b;
    sCodes[n] = nc;
    map[n++] = i;
    p3 = p2;
    p2 = p1;
    p1 = nc;
  }
  map[n] = end;
  return {
    s: codesToString(sCodes, n, surrogates),
    map: n + 1 === map.length ? map : map.subarray(0, n + 1),
    text,
    range: [start, end],
  };
}

/** Whitespace the compact view keeps (between ASCII letters and digits) reads as one ' '. */
const KEPT_SPACE = /[\u00a0\u3000\u2000-\u200b\u202f\u205f\ufeff\r]/g;

/**
 * The compact text of [a, b) with the original characters: the text as written, without the
 * whitespace the view drops (and a dropped line break inside a parenthetical).
 */
export function rawSlice(v: TextView, a: number, b: number): string {
  if (b <= a) return '';
  const map = v.map;
  const t = v.text;
  // Usually one stretch of the original: no whitespace was dropped inside.
  if (map[b - 1]! - map[a]! === b - 1 - a) {
    const out = t.slice(map[a]!, map[b - 1]! + 1);
    return out.replace(KEPT_SPACE, ' ');
  }
  let out = '';
  let run = a;
  for (let i = a + 1; i <= b; i++) {
    if (i === b || map[i]! !== map[i - 1]! + 1) {
      out += t.slice(map[run]!, map[i - 1]! + 1);
      run = i;
    }
  }
  return out.replace(KEPT_SPACE, ' ');
}

/** Original offset of compact position i (a start or a boundary). */
export function origAt(v: TextView, i: number): number {
  return v.map[Math.max(0, Math.min(i, v.map.length - 1))]!;
}

/** Original exclusive end for a compact exclusive end e (does not swallow dropped spaces). */
export function origEnd(v: TextView, e: number): number {
  if (e <= 0) return v.map[0]!;
  const k = Math.min(e, v.map.length - 1);
  return v.map[k - 1]! + 1;
}

/** True when the original text had dropped whitespace between compact positions i-1 and i. */
export function hadSpaceBefore(v: TextView, i: number): boolean {
  if (i <= 0 || i >= v.map.length - 1) return false;
  return v.map[i]! - v.map[i - 1]! > 1;
}

/** Normalize a short string (metadata values, table cells) the same way, without a map. */
export function normalizeString(str: string): string {
  return buildView(str).s;
}

/** Curly quotes for display: pairs of ASCII " / ' become “” ‘’, existing curly quotes kept. */
export function curlyQuotes(str: string): string {
  let open = true;
  let out = '';
  for (const c of str) {
    if (c === '"' || c === '\uff02') {
      out += open ? '\u201c' : '\u201d';
      open = !open;
    } else if (c === '\u201c') {
      out += c;
      open = false;
    } else if (c === '\u201d') {
      out += c;
      open = true;
    } else out += c;
  }
  return out;
}
